import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { BoatRemindersResponse } from '../../shared/api-types';
import { api } from '../ui/api';
import { Card } from '../ui/card';
import { formatDate } from '../ui/format';
import { portalLinks } from './portal-links';
import './boat-reminders.css';

const remindersOf = (yard: string, boatId: string, signal?: AbortSignal) =>
  api.get<BoatRemindersResponse>(
    `/api/portal/${encodeURIComponent(yard)}/boats/${encodeURIComponent(boatId)}/reminders`,
    { signal },
  );

/** A 'YYYY-MM-DD' due date as the customer reads it, without a time zone shifting the day. */
const dueDay = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString('en-US', {
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The yard's service reminders for this boat: what is coming and when (docs/reminders.md). */
export function BoatRemindersCard({ yard, boatId }: { yard: string; boatId: string }) {
  const res = useQuery({
    queryKey: ['portal', yard, 'boat', boatId, 'reminders'],
    queryFn: ({ signal }) => remindersOf(yard, boatId, signal),
  });
  const reminders = res.data?.reminders;
  if (!reminders || reminders.length === 0) return null;
  return (
    <Card title="Upcoming service">
      <ul className="boat-reminders">
        {reminders.map((r) => (
          <li key={r.id}>
            <strong>{r.name}</strong>: {r.service},{' '}
            {r.dueOn
              ? `due ${dueDay(r.dueOn)}`
              : `due at ${r.dueAtHours} engine hours${r.currentHours !== null ? ` (now ${r.currentHours})` : ''}`}
            {r.message && <div className="muted small">{r.message}</div>}
            {r.lastSentAt && <div className="muted small">Last reminded {formatDate(r.lastSentAt)}</div>}
            <div>
              <Link
                {...portalLinks.requestService(yard)}
                search={{ boat: boatId, service: r.service }}
                className="portal-inline-link"
              >
                Request {r.service}
              </Link>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
