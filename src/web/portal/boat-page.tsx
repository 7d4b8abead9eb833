import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { YARD_STATUS_LABELS } from '../../shared/api-schemas/values';
import type { PortalBoatResponse } from '../../shared/api-types';
import { OrdersCard } from '../ui/account-tables';
import { api } from '../ui/api';
import { YardStatusBadge } from '../ui/badge';
import { Card } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDate, formatDateTime } from '../ui/format';
import { BoatRemindersCard } from './boat-reminders-card';
import { BoatJobUpdatesCard } from './job-updates-card';
import { portalLinks, usePortalYard } from './portal-links';
import { QueryFallback } from './query-fallback';

const LOCATION_KINDS = { slip: 'Slip', rack: 'Rack', yard: 'Yard spot' } as const;

/** "Slip A-12", "Rack 214": the kind's word unless the name already starts with it. */
function locationText(location: { kind: keyof typeof LOCATION_KINDS; name: string }): string {
  const word = LOCATION_KINDS[location.kind];
  const first = word.split(' ')[0].toLowerCase();
  return location.name.toLowerCase().startsWith(first) ? location.name : `${word} ${location.name}`;
}

const boatApi = (yard: string, id: string, signal?: AbortSignal) =>
  api.get<PortalBoatResponse>(`/api/portal/${encodeURIComponent(yard)}/boats/${encodeURIComponent(id)}`, {
    signal,
  });

/**
 * /portal/:yard/boats/:id — one of the customer's boats (inside PortalShell): where it is in
 * the yard right now with every change, its record, and its orders (docs/boat-status.md).
 */
export function PortalBoatPage({ id }: { id: string }) {
  const yard = usePortalYard();
  const res = useQuery({
    queryKey: ['portal', yard, 'boat', id],
    queryFn: ({ signal }) => boatApi(yard, id, signal),
  });
  const data = res.data;
  useDocumentTitle(data ? data.boat.name : 'Boat');
  const back = (
    <p>
      <Link {...portalLinks.home(yard)} className="portal-back">
        ← Back to your account
      </Link>
    </p>
  );
  if (!data) return <QueryFallback res={res} back={back} />;

  return <BoatRecord yard={yard} data={data} back={back} />;
}

function BoatRecord({ yard, data, back }: { yard: string; data: PortalBoatResponse; back: React.ReactNode }) {
  const { boat, status, orders } = data;
  const unit = boat.lengthUnit;
  const dim = (v: number | null) => (v === null ? '—' : `${v} ${unit}`);
  const makeModel = [boat.year, boat.make, boat.model].filter(Boolean).join(' ');
  return (
    <>
      {back}
      <div className="page-header">
        <div>
          <h1>{boat.name}</h1>
          {makeModel && <p className="subtitle">{makeModel}</p>}
        </div>
      </div>
      <div className="stack">
        <div className="portal-grid">
          <Card title="Where it is now">
            {status.status ? (
              <p className="boat-status-now">
                <YardStatusBadge status={status.status} />
                {status.statusAt && <span className="muted small"> since {formatDate(status.statusAt)}</span>}
              </p>
            ) : (
              <p className="muted">The yard has not set a status for this boat yet.</p>
            )}
            {status.events.length > 0 && (
              <ol className="boat-timeline" aria-label="Status history">
                {status.events.map((e) => (
                  <li key={e.id}>
                    <strong>{YARD_STATUS_LABELS[e.status]}</strong>{' '}
                    <span className="muted small">{formatDateTime(e.at)}</span>
                  </li>
                ))}
              </ol>
            )}
          </Card>
          <Card title="Boat details">
            <dl className="details">
              <dt>Make</dt>
              <dd>{boat.make ?? '—'}</dd>
              <dt>Model</dt>
              <dd>{boat.model ?? '—'}</dd>
              <dt>Year</dt>
              <dd>{boat.year ?? '—'}</dd>
              <dt>Length</dt>
              <dd>{dim(boat.length)}</dd>
              <dt>Beam</dt>
              <dd>{dim(boat.beam)}</dd>
              <dt>Draft</dt>
              <dd>{dim(boat.draft)}</dd>
              <dt>Hull ID</dt>
              <dd className="mono">{boat.hullId ?? '—'}</dd>
              <dt>Registration</dt>
              <dd>{boat.registration ?? '—'}</dd>
              <dt>Location</dt>
              <dd>{boat.location ? locationText(boat.location) : '—'}</dd>
              <dt>Engines</dt>
              <dd>
                {boat.engines.length === 0
                  ? '—'
                  : boat.engines.map((e, i) => (
                      // Engines have no id of their own; their order is their identity.
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above
                      <div key={i}>
                        {[e.make, e.model].filter(Boolean).join(' ') || 'Engine'}
                        {e.hours !== null && <span className="muted"> · {e.hours} hours</span>}
                      </div>
                    ))}
              </dd>
            </dl>
          </Card>
        </div>
        <BoatJobUpdatesCard yard={yard} boatId={boat.id} />
        <BoatRemindersCard yard={yard} boatId={boat.id} />
        <OrdersCard
          orders={orders}
          title={`Orders for ${boat.name}`}
          empty="No orders for this boat yet."
          orderTitle={(o) => <Link {...portalLinks.order(yard, o.id)}>{o.title}</Link>}
        />
      </div>
    </>
  );
}
