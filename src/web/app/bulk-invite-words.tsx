import type {
  BatchPreviewOutcome,
  BatchRowResult,
  InviteBatchRowView,
  InviteBatchStatus,
} from '../../shared/api-types';
import { Badge, type Tone } from '../ui/badge';
import { formatWhen } from '../ui/format';

/** What bulk-invite outcomes, results and statuses are called on screen, and their colours. */

export const PREVIEW_OUTCOMES: BatchPreviewOutcome[] = [
  'will_invite',
  'in_portal',
  'too_soon',
  'no_email',
  'no_match',
  'ambiguous',
  'invalid_email',
  'duplicate',
];

export const OUTCOME: Record<BatchPreviewOutcome, { label: string; tone: Tone }> = {
  will_invite: { label: 'Will be invited', tone: 'success' },
  in_portal: { label: 'Already IN PORTAL', tone: 'info' },
  too_soon: { label: 'Invited less than 24 h ago', tone: 'warning' },
  no_email: { label: 'No email on file', tone: 'warning' },
  no_match: { label: 'No matching customer', tone: 'danger' },
  ambiguous: { label: 'Several customers match', tone: 'warning' },
  invalid_email: { label: 'Invalid email', tone: 'danger' },
  duplicate: { label: 'Duplicate row', tone: 'neutral' },
};

export const ROW_RESULTS: BatchRowResult[] = ['pending', 'queued', 'sent', 'skipped', 'failed'];

export const RESULT: Record<BatchRowResult, { label: string; tone: Tone }> = {
  pending: { label: 'Waiting', tone: 'neutral' },
  queued: { label: 'Sending', tone: 'info' },
  sent: { label: 'Sent', tone: 'success' },
  skipped: { label: 'Skipped', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
};

const STATUS: Record<InviteBatchStatus, { label: string; tone: Tone }> = {
  preview: { label: 'Preview', tone: 'info' },
  running: { label: 'Sending', tone: 'accent' },
  cancelling: { label: 'Stopping', tone: 'warning' },
  completed: { label: 'Completed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  discarded: { label: 'Discarded', tone: 'neutral' },
};

export function BatchStatusBadge({ status }: { status: InviteBatchStatus }) {
  const s = STATUS[status] ?? { label: status, tone: 'neutral' };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

/** The row's outcome in a few words ("Duplicate of row 3"), then why, in the viewer's time zone. */
export function outcomeWords(
  row: InviteBatchRowView,
  now?: number,
): { label: string; reason: string | null } {
  const label =
    row.preview === 'duplicate' && row.duplicateOf !== null
      ? `Duplicate of row ${row.duplicateOf}`
      : OUTCOME[row.preview].label;
  if (row.preview === 'too_soon' && row.eligibleAt) {
    return { label, reason: `Eligible again ${formatWhen(row.eligibleAt, now)}.` };
  }
  if (row.preview === 'duplicate') return { label, reason: 'The same customer as that row; invited once.' };
  let reason = row.previewReason.trim();
  if (row.preview === 'will_invite') {
    // The address is in its own column; only a file that names another address needs words.
    return { label, reason: /the file says/i.test(reason) ? reason : null };
  }
  // "No email on file. Add one …" under the badge "No email on file": keep what is new.
  if (reason.toLowerCase().startsWith(label.toLowerCase())) {
    reason = reason.slice(label.length).replace(/^[\s.:;,–—-]+/, '');
    reason = reason.charAt(0).toUpperCase() + reason.slice(1);
  }
  return { label, reason: reason || null };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export const isLive = (status: InviteBatchStatus) => status === 'running' || status === 'cancelling';
export const isFinished = (status: InviteBatchStatus) => status === 'completed' || status === 'cancelled';
