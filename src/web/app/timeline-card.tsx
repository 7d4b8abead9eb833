import type { ReactNode } from 'react';
import type { TimelineEvent } from '../../shared/api-types';
import { Card } from '../ui/card';
import { formatDateTime, formatRelative } from '../ui/format';
import { useNow } from '../ui/use-now';

const DOT: Record<TimelineEvent['kind'], string> = {
  invite_queued: 'neutral',
  invite_sent: 'info',
  invite_failed: 'danger',
  invite_retrying: 'warning',
  link_opened: 'info',
  invite_accepted: 'success',
  new_invite_requested: 'warning',
  email_changed: 'neutral',
  signed_in: 'success',
  contact_updated: 'neutral',
  customer_email_changed: 'neutral',
  password_reset: 'warning',
  password_changed: 'neutral',
  service_requested: 'info',
  estimate_accepted: 'success',
  estimate_declined: 'warning',
  payment_received: 'success',
  reminder_sent: 'info',
};

/** Portal events, newest first; an event about an order links to it when `orderLink` is given. */
export function TimelineCard({
  events,
  orderLink,
}: {
  events: TimelineEvent[];
  orderLink?: (orderNumber: number) => ReactNode;
}) {
  const now = useNow(30_000);
  const sorted = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <Card title="Portal activity">
      {sorted.length === 0 ? (
        <p className="muted">No portal activity yet.</p>
      ) : (
        <ol className="timeline">
          {sorted.map((e) => (
            <li key={e.id} className={`timeline-item dot-${DOT[e.kind] ?? 'neutral'}`}>
              <p className="timeline-summary">{e.summary}</p>
              {e.orderNumber !== null && orderLink?.(e.orderNumber)}
              <p className="timeline-meta">
                {e.actorName && <span>{e.actorName} · </span>}
                <time dateTime={e.at} title={formatDateTime(e.at)}>
                  {formatRelative(e.at, now)}
                </time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
