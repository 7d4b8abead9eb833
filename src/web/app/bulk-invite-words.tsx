import type {
  BatchPreviewOutcome,
  BatchRowResult,
  InviteBatchRowView,
  InviteBatchStatus,
} from '../../shared/api-types';
import { PREVIEW_LABELS, PREVIEW_OUTCOMES, RESULT_LABELS, ROW_RESULTS } from '../../shared/bulk-invite-words';
import { Badge, type Tone } from '../ui/badge';
import { formatWhen } from '../ui/format';

/** What bulk-invite outcomes, results and statuses are called on screen, and their colours. */

export { PREVIEW_OUTCOMES, ROW_RESULTS };

const OUTCOME_TONES: Record<BatchPreviewOutcome, Tone> = {
  will_invite: 'success',
  in_portal: 'info',
  too_soon: 'warning',
  no_email: 'warning',
  no_match: 'danger',
  ambiguous: 'warning',
  invalid_email: 'danger',
  duplicate: 'neutral',
  archived: 'neutral',
};
const RESULT_TONES: Record<BatchRowResult, Tone> = {
  pending: 'neutral',
  queued: 'info',
  sent: 'success',
  skipped: 'neutral',
  failed: 'danger',
};

export const OUTCOME = Object.fromEntries(
  PREVIEW_OUTCOMES.map((o) => [o, { label: PREVIEW_LABELS[o], tone: OUTCOME_TONES[o] }]),
) as Record<BatchPreviewOutcome, { label: string; tone: Tone }>;

export const RESULT = Object.fromEntries(
  ROW_RESULTS.map((r) => [r, { label: RESULT_LABELS[r], tone: RESULT_TONES[r] }]),
) as Record<BatchRowResult, { label: string; tone: Tone }>;

const STATUS: Record<InviteBatchStatus, { label: string; tone: Tone }> = {
  preparing: { label: 'Reading the file', tone: 'info' },
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
