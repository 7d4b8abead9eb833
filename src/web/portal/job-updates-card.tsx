import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { errorMessage } from '../ui/api';
import { Card } from '../ui/card';
import { OrderUpdatesList } from '../ui/order-updates';
import { ordersApi } from './orders-api';
import { portalLinks } from './portal-links';

/** The order page's "Updates from the yard": every update on this order, newest first. */
export function OrderJobUpdatesCard({ yard, orderId }: { yard: string; orderId: string }) {
  const res = useQuery({
    queryKey: ['portal', yard, 'order', orderId, 'updates'],
    queryFn: ({ signal }) => ordersApi.updates(yard, orderId, signal),
  });
  const updates = res.data?.updates;
  // Nothing posted yet: the card stays away rather than saying so.
  if (updates && updates.length === 0) return null;
  return (
    <Card title="Updates from the yard" id="updates">
      {res.error ? (
        <p className="muted">The updates could not be loaded: {errorMessage(res.error)}</p>
      ) : updates ? (
        <OrderUpdatesList updates={updates} />
      ) : (
        <p className="muted">Loading updates…</p>
      )}
    </Card>
  );
}

/** The boat page's "Latest updates": the newest updates on any of this boat's orders. */
export function BoatJobUpdatesCard({ yard, boatId }: { yard: string; boatId: string }) {
  const res = useQuery({
    queryKey: ['portal', yard, 'boat', boatId, 'updates'],
    queryFn: ({ signal }) => ordersApi.boatUpdates(yard, boatId, signal),
  });
  const updates = res.data?.updates;
  if (!updates || updates.length === 0) return null;
  return (
    <Card title="Latest updates">
      <OrderUpdatesList
        updates={updates}
        orderOf={(u) => (
          <Link {...portalLinks.order(yard, u.orderId)}>
            Order #{u.orderNumber}: {u.orderTitle}
          </Link>
        )}
      />
    </Card>
  );
}
