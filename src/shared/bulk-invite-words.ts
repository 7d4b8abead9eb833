import type { BatchPreviewOutcome, BatchRowResult } from './api-types';

/**
 * What bulk-invite outcomes and results are called, in the order they are shown: the same
 * words on screen (src/web/app/bulk-invite-words.tsx) and in the downloadable report.
 */
export const PREVIEW_LABELS: Record<BatchPreviewOutcome, string> = {
  will_invite: 'Will be invited',
  in_portal: 'Already IN PORTAL',
  too_soon: 'Invited less than 24 h ago',
  no_email: 'No email on file',
  no_match: 'No matching customer',
  ambiguous: 'Several customers match',
  invalid_email: 'Invalid email',
  duplicate: 'Duplicate row',
  archived: 'Archived customer',
};

export const RESULT_LABELS: Record<BatchRowResult, string> = {
  pending: 'Waiting',
  queued: 'Sending',
  sent: 'Sent',
  skipped: 'Skipped',
  failed: 'Failed',
};

export const PREVIEW_OUTCOMES = Object.keys(PREVIEW_LABELS) as BatchPreviewOutcome[];
export const ROW_RESULTS = Object.keys(RESULT_LABELS) as BatchRowResult[];
