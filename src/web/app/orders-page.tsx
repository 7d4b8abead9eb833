import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { OrderStatus, StaffOrderRow } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { EstimateStatusBadge, ORDER_STATUS, OrderStatusBadge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDate, formatMoney } from '../ui/format';
import { useDebounced } from '../ui/use-debounced';
import { type OrdersFilter, useOrdersList } from './orders-api';
import './orders.css';

const STATUSES = Object.keys(ORDER_STATUS) as OrderStatus[];
const route = getRouteApi('/app/staff/orders');
const DEBOUNCE_MS = 250;

/**
 * /app/orders — the yard's orders, newest change first: search by number, customer, boat
 * or title; status chips with counts (several at once); opened dates; a boat or customer
 * when reached from one; "Load more" by cursor; totals of what is shown.
 */
export function OrdersPage() {
  useDocumentTitle('Orders');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const set = (patch: Partial<OrdersFilter>) =>
    void navigate({ search: (s: OrdersFilter) => ({ ...s, ...patch }), replace: true, resetScroll: false });

  // The box follows the address; the address follows the box once typing pauses.
  const [text, setText] = useState(search.q ?? '');
  const typed = useDebounced(text.trim(), DEBOUNCE_MS);
  const latest = useRef({ q: search.q, set });
  latest.current = { q: search.q, set };
  useEffect(() => {
    if ((latest.current.q ?? '') !== typed) latest.current.set({ q: typed || undefined });
  }, [typed]);

  const filter: OrdersFilter = {
    q: search.q,
    status: search.status,
    from: search.from,
    to: search.to,
    boatId: search.boatId,
    customerId: search.customerId,
  };
  const list = useOrdersList(filter);
  const chosen = new Set((search.status ?? '').split(',').filter(Boolean));
  const toggle = (s: OrderStatus) => {
    const next = new Set(chosen);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    set({ status: [...next].join(',') || undefined });
  };
  const counts = list.first?.counts;
  const totals = list.first?.totals;
  const capped = list.first?.capped ?? false;
  const plus = capped ? '+' : '';
  const boatName = list.orders.find((o) => o.boat?.id === search.boatId)?.boat?.name;
  const customerName = list.orders.find((o) => o.customer.id === search.customerId)?.customer.name;

  return (
    <div className="stack">
      <div className="page-header">
        <h1>Orders</h1>
      </div>
      <search className="orders-filters" aria-label="Find orders">
        <label className="orders-search">
          <span className="visually-hidden">Search orders</span>
          <input
            type="search"
            value={text}
            placeholder="Order #, customer, boat or title"
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label>
          Opened from{' '}
          <input
            type="date"
            value={search.from ?? ''}
            onChange={(e) => set({ from: e.target.value || undefined })}
          />
        </label>
        <label>
          to{' '}
          <input
            type="date"
            value={search.to ?? ''}
            onChange={(e) => set({ to: e.target.value || undefined })}
          />
        </label>
        {search.boatId && (
          <button type="button" className="filter-pill" onClick={() => set({ boatId: undefined })}>
            Boat: {boatName ?? 'this boat'} <span aria-hidden="true">×</span>
            <span className="visually-hidden">(remove)</span>
          </button>
        )}
        {search.customerId && (
          <button type="button" className="filter-pill" onClick={() => set({ customerId: undefined })}>
            Customer: {customerName ?? 'this customer'} <span aria-hidden="true">×</span>
            <span className="visually-hidden">(remove)</span>
          </button>
        )}
      </search>
      <nav className="status-tabs" aria-label="Order status">
        <button type="button" aria-pressed={chosen.size === 0} onClick={() => set({ status: undefined })}>
          All{' '}
          <span className="count">
            {counts ? Object.values(counts).reduce((a, b) => a + b, 0) : '…'}
            {plus}
          </span>
        </button>
        {STATUSES.map((s) => (
          <button key={s} type="button" aria-pressed={chosen.has(s)} onClick={() => toggle(s)}>
            {ORDER_STATUS[s].label}{' '}
            <span className="count">
              {counts ? counts[s] : '…'}
              {counts?.[s] ? plus : ''}
            </span>
          </button>
        ))}
      </nav>
      {totals && (
        <p className="orders-totals" role="status">
          {totals.count.toLocaleString('en-US')}
          {plus} {totals.count === 1 ? 'order' : 'orders'} · open balance {formatMoney(totals.balanceCents)} ·
          value {formatMoney(totals.valueCents)}
          {capped && <span className="muted"> — many matches; type more to narrow the search</span>}
        </p>
      )}
      {list.error ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(list.error)}
        </div>
      ) : !list.first ? (
        <Spinner />
      ) : (
        <Card className="card-flush">
          {list.orders.length === 0 ? (
            <p className="empty-compact">No orders match.</p>
          ) : (
            <ul
              className={`olist-rows${list.loading ? ' is-stale' : ''}`}
              aria-label="Orders"
              aria-busy={list.loading}
            >
              {list.orders.map((o) => (
                <OrderRow key={o.id} order={o} />
              ))}
            </ul>
          )}
          {list.hasMore && (
            <div className="orders-more">
              <Button onClick={list.loadMore} busy={list.loadingMore}>
                Load more
              </Button>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}

function OrderRow({ order: o }: { order: StaffOrderRow }) {
  return (
    <li>
      <Link to="/app/orders/$id" params={{ id: o.id }} className="olist-row">
        <span className="olist-number tnum">#{o.number}</span>
        <span className="olist-title">
          {o.title}
          <span className="muted small">
            {o.customer.name}
            {o.boat ? ` · ${o.boat.name}` : ''}
            {o.assignee ? ` · ${o.assignee.name}` : ''}
          </span>
        </span>
        <span className="olist-status">
          <OrderStatusBadge status={o.status} />
          {o.estimateStatus && <EstimateStatusBadge status={o.estimateStatus} />}
        </span>
        <span className="olist-money tnum">
          {o.balanceCents
            ? `${formatMoney(o.balanceCents)} due`
            : o.valueCents
              ? formatMoney(o.valueCents)
              : '—'}
        </span>
        <span className="olist-dates muted small">
          Opened {formatDate(o.openedAt)} · updated {formatDate(o.updatedAt)}
        </span>
      </Link>
    </li>
  );
}
