import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { OrderStatus, StaffOrderRow, StaffOrdersResponse } from '../../shared/api-types';
import { api, errorMessage, query } from '../ui/api';
import { EstimateStatusBadge, ORDER_STATUS, OrderStatusBadge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDate, formatMoney } from '../ui/format';
import './orders.css';

const STATUSES = Object.keys(ORDER_STATUS) as OrderStatus[];
const route = getRouteApi('/app/staff/orders');

const staffOrdersApi = {
  list: (status: string | null, signal?: AbortSignal) =>
    api.get<StaffOrdersResponse>(`/api/staff/orders${query({ status })}`, { signal }),
  send: (id: string, what: 'estimate' | 'invoice') =>
    api.post<{ message: string }>(`/api/staff/orders/${encodeURIComponent(id)}/send-${what}`),
};

/** /app/orders — the yard's orders by status, with counts; service requests are "Requested". */
export function OrdersPage() {
  useDocumentTitle('Orders');
  const status = route.useSearch().status ?? null;
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const res = useQuery({
    queryKey: ['staff', 'orders', status],
    queryFn: ({ signal }) => staffOrdersApi.list(status, signal),
    placeholderData: keepPreviousData,
  });
  const setStatus = (next: string) =>
    void navigate({ search: { status: next || undefined }, replace: true, resetScroll: false });
  // A sent estimate or invoice changes the order's status, so every tab's counts change.
  const onSent = () => void queryClient.invalidateQueries({ queryKey: ['staff', 'orders'] });
  const total = res.data ? Object.values(res.data.counts).reduce((a, b) => a + b, 0) : 0;

  return (
    <div className="stack">
      <div className="page-header">
        <h1>Orders</h1>
      </div>
      <nav className="status-tabs" aria-label="Order status">
        <button type="button" aria-pressed={!status} onClick={() => setStatus('')}>
          All <span className="count">{total}</span>
        </button>
        {STATUSES.map((s) => (
          <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
            {ORDER_STATUS[s].label} <span className="count">{res.data?.counts[s] ?? 0}</span>
          </button>
        ))}
      </nav>
      {res.error ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(res.error)}
        </div>
      ) : !res.data ? (
        <Spinner />
      ) : (
        <Card className="card-flush">
          {res.data.orders.length === 0 ? (
            <p className="empty-compact">
              No orders{status ? ` with status ${ORDER_STATUS[status as OrderStatus]?.label}` : ''}.
            </p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Order #</th>
                    <th scope="col">Title</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Status</th>
                    <th scope="col">Estimate</th>
                    <th scope="col" className="num">
                      Balance
                    </th>
                    <th scope="col">Updated</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {res.data.orders.map((o) => (
                    <OrderRow key={o.id} order={o} onSent={onSent} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}

function OrderRow({ order: o, onSent }: { order: StaffOrderRow; onSent: () => void }) {
  const [busy, setBusy] = useState<'estimate' | 'invoice' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const send = async (what: 'estimate' | 'invoice') => {
    setBusy(what);
    try {
      setNote((await staffOrdersApi.send(o.id, what)).message);
      onSent();
    } catch (e) {
      setNote(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const canSendEstimate = o.estimateStatus === 'draft' || o.estimateStatus === 'sent';
  const canSendInvoice = ['in_progress', 'invoiced', 'deposit_requested', 'partial_payment'].includes(
    o.status,
  );
  return (
    <tr>
      <td className="tnum">{o.number}</td>
      <td>
        {o.title}
        {o.boatName && <div className="muted small">{o.boatName}</div>}
      </td>
      <td>
        <Link to="/app/customers/$id" params={{ id: o.customerId }}>
          {o.customerName}
        </Link>
      </td>
      <td>
        <OrderStatusBadge status={o.status} />
      </td>
      <td>
        {o.estimateStatus ? (
          <EstimateStatusBadge status={o.estimateStatus} />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num">{o.balanceCents ? formatMoney(o.balanceCents) : '—'}</td>
      <td className="nowrap">{formatDate(o.updatedAt)}</td>
      <td className="nowrap">
        {canSendEstimate && (
          <Button size="sm" onClick={() => send('estimate')} busy={busy === 'estimate'}>
            Send estimate
          </Button>
        )}
        {canSendInvoice && (
          <Button size="sm" onClick={() => send('invoice')} busy={busy === 'invoice'}>
            Send invoice
          </Button>
        )}
        {note && (
          <div className="small" role="status">
            {note}
          </div>
        )}
      </td>
    </tr>
  );
}
