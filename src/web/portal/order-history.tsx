import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { BoatView, OrderStatus, OrderView } from '../../shared/api-types';
import { OrdersCard } from '../ui/account-tables';
import { errorMessage } from '../ui/api';
import { ORDER_STATUS } from '../ui/badge';
import './orders.css';
import { useUniqueId } from '../ui/unique-id';
import { ordersApi } from './orders-api';
import { portalLinks } from './portal-links';

/**
 * The portal's order history, newest first, filterable by boat and status. Unfiltered it
 * shows the orders the home page already loaded; a filter asks the server.
 */
export function OrderHistory({
  yard,
  boats,
  orders,
}: {
  yard: string;
  boats: BoatView[];
  orders: OrderView[];
}) {
  const [boatId, setBoatId] = useState('');
  const [status, setStatus] = useState('');
  const id = useUniqueId();
  const filter = { boatId: boatId || undefined, status: status || undefined };
  const filtering = Boolean(boatId || status);
  const filtered = useQuery({
    queryKey: ['portal', yard, 'orders', filter],
    queryFn: ({ signal }) => ordersApi.list(yard, filter, signal),
    enabled: filtering,
    placeholderData: keepPreviousData,
  });
  const statuses = [...new Set(orders.map((o) => o.status))] as OrderStatus[];
  return (
    <div className="stack">
      {orders.length > 0 && (boats.length > 1 || statuses.length > 1) && (
        <div className="history-filters">
          {boats.length > 1 && (
            <div className="field">
              <label htmlFor={`${id}-boat`}>Boat</label>
              <select id={`${id}-boat`} value={boatId} onChange={(e) => setBoatId(e.target.value)}>
                <option value="">All boats</option>
                {boats.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {statuses.length > 1 && (
            <div className="field">
              <label htmlFor={`${id}-status`}>Status</label>
              <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">All statuses</option>
                {statuses.map((s) => (
                  <option key={s} value={s}>
                    {ORDER_STATUS[s]?.label ?? s}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      )}
      {filtered.error ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(filtered.error)}
        </div>
      ) : null}
      <OrdersCard
        orders={(filtering ? filtered.data?.orders : null) ?? orders}
        title="Order history"
        layout="stack"
        empty={boatId || status ? 'No orders match these filters.' : 'No orders yet.'}
        orderTitle={(o) => <Link {...portalLinks.order(yard, o.id)}>{o.title}</Link>}
      />
    </div>
  );
}
