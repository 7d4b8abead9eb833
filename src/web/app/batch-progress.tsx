import type { InviteBatchSummary } from '../../shared/api-types';
import { formatDateTime, formatTimeSeconds, yardDay } from '../ui/format';

/** A retry a few seconds away: the time with seconds, or date and time when it is not today. */
function retryTime(value: string): string {
  return yardDay(value) === yardDay(Date.now()) ? formatTimeSeconds(value) : formatDateTime(value);
}

const pct = (n: number, total: number) => (total > 0 ? `${(n / total) * 100}%` : '0%');

/**
 * Sent, skipped and failed rows of the total, as one bar in three colours. The bar is a
 * progressbar whose value is the rows done, so a screen reader hears "12 of 40 rows done".
 */
export function BatchProgress({ batch }: { batch: InviteBatchSummary }) {
  const { sent, skipped, failed, queued, total } = batch.progress;
  const done = sent + skipped + failed;
  const text = `${done.toLocaleString()} of ${total.toLocaleString()} rows done: ${sent} sent, ${skipped} skipped, ${failed} failed`;
  return (
    <div className="batch-progress">
      <div className="progress-head">
        <span id={`progress-${batch.id}`} className="progress-label">
          Sending invites
        </span>
        <span className="muted small tnum">
          {done.toLocaleString()} / {total.toLocaleString()}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby={`progress-${batch.id}`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
      >
        <span className="progress-seg seg-sent" style={{ width: pct(sent, total) }} />
        <span className="progress-seg seg-skipped" style={{ width: pct(skipped, total) }} />
        <span className="progress-seg seg-failed" style={{ width: pct(failed, total) }} />
      </div>
      <ul className="progress-legend" aria-label="Progress">
        <li>
          <span className="legend-dot seg-sent" aria-hidden="true" />
          Sent <strong className="tnum">{sent.toLocaleString()}</strong>
        </li>
        <li>
          <span className="legend-dot seg-skipped" aria-hidden="true" />
          Skipped <strong className="tnum">{skipped.toLocaleString()}</strong>
        </li>
        <li>
          <span className="legend-dot seg-failed" aria-hidden="true" />
          Failed <strong className="tnum">{failed.toLocaleString()}</strong>
        </li>
        {queued > 0 && (
          <li className="muted">
            With the mail server <strong className="tnum">{queued.toLocaleString()}</strong>
          </li>
        )}
      </ul>
    </div>
  );
}

export function PausedBanner({ paused }: { paused: NonNullable<InviteBatchSummary['paused']> }) {
  const reason = paused.reason.replace(/[.\s]+$/, '');
  return (
    <div className="alert alert-warning batch-paused">
      Waiting for the mail server: {reason}. Trying again at {retryTime(paused.resumeAt)}.
    </div>
  );
}
