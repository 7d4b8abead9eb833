import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { OrderLineInput, StaffOrderResponse } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { ORDER_STATUS, OrderStatusBadge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, EmptyState, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDateTime, formatRelative } from '../ui/format';
import { useNow } from '../ui/use-now';
import { AuditHistoryCard } from './audit-history-card';
import { CatalogPicker } from './catalog-picker';
import { LineEditor } from './line-editor';
import { orderApi, orderQueries, useOrderMutation } from './order-api';
import { OrderDetailsCard } from './order-details-card';
import { OrderEstimatesCard } from './order-estimates-card';
import { OrderInvoicesCard } from './order-invoices-card';
import { OrderRequestCard } from './order-request-card';
import { OrderStatusActions } from './order-status-actions';
import { OrderUpdatesCard } from './order-updates-card';
import './order-page.css';

/** /app/orders/$id — one order: who and what, status and its history, the lines, the timeline. */
export function OrderPage({ id }: { id: string }) {
  const res = useQuery(orderQueries.order(id));
  const data = res.data;
  useDocumentTitle(data ? `Order #${data.order.number}` : 'Order');
  const back = (
    <Link to="/app/orders" className="back-link">
      ← Orders
    </Link>
  );
  if (!data) {
    if (res.error && !res.isFetching) {
      const missing = res.error instanceof ApiError && res.error.status === 404;
      return (
        <>
          {back}
          <div className="card">
            <EmptyState title={missing ? 'Order not found' : 'The order could not be loaded'}>
              <p>{errorMessage(res.error)}</p>
              {!missing && (
                <Button size="sm" onClick={() => void res.refetch()}>
                  Try again
                </Button>
              )}
            </EmptyState>
          </div>
        </>
      );
    }
    return (
      <>
        {back}
        <Spinner label="Loading order…" />
      </>
    );
  }

  const { order } = data;
  const closed = order.status === 'cancelled' || order.status === 'completed';
  return (
    <div className="order-page">
      {back}
      <div className="page-header order-header">
        <div>
          <h1>
            <span className="tnum">#{order.number}</span> {order.title}
          </h1>
          <p className="subtitle">
            <OrderStatusBadge status={order.status} /> Opened {formatDateTime(order.openedAt)} ·{' '}
            <Link to="/app/messages/orders/$id" params={{ id: order.id }}>
              Messages with the customer
            </Link>
          </p>
        </div>
        <OrderStatusActions orderId={order.id} status={order.status} allowed={data.allowedMoves} />
      </div>
      {data.awaitingReapproval && (
        <p className="alert alert-warning" role="status">
          <strong>Waiting for the customer's re-approval</strong> of estimate #
          {data.awaitingReapproval.number} version {data.awaitingReapproval.version}
          {data.awaitingReapproval.status === 'declined'
            ? ' — they declined it; revise and send it again'
            : data.awaitingReapproval.status === 'expired'
              ? ' — it expired; revise and send it again'
              : ''}
          . Payments, invoices, job updates and starting the work wait until they approve and sign it.
        </p>
      )}
      <div className="profile-grid">
        <div className="stack profile-main">
          <OrderUpdatesCard orderId={order.id} />
          <LinesCard data={data} />
          <OrderEstimatesCard orderId={order.id} />
          <OrderInvoicesCard orderId={order.id} />
        </div>
        <div className="stack profile-aside">
          <OrderDetailsCard data={data} closed={closed} />
          {data.serviceRequest && <OrderRequestCard request={data.serviceRequest} />}
          <HistoryCard history={data.statusHistory} />
          <OrderTimelineCard entries={data.timeline} />
          <AuditHistoryCard orderId={order.id} />
        </div>
      </div>
    </div>
  );
}

function LinesCard({ data }: { data: StaffOrderResponse }) {
  const { order } = data;
  const save = useOrderMutation(order.id, (lines: OrderLineInput[]) =>
    orderApi.replaceLines(order.id, lines),
  );
  const readOnly = order.status === 'cancelled';
  // A fresh editor whenever the saved lines change (a save, a catalog job, another person's edit).
  const version = data.lines.map((l) => `${l.id}:${l.quantity}:${l.unitPriceCents}`).join('|');
  return (
    <Card title="Lines" className="lines-card">
      {readOnly && <p className="muted">This order is cancelled; reopen it to change its lines.</p>}
      <LineEditor
        key={version}
        initial={data.lines}
        rates={data.totals.rates}
        boatLengthFt={data.boat?.lengthFt ?? null}
        saving={save.isPending}
        error={save.error ? errorMessage(save.error) : null}
        onSave={(lines) => save.mutate(lines)}
        readOnly={readOnly}
        catalog={(dirty) => <CatalogPicker orderId={order.id} disabled={dirty} />}
      />
    </Card>
  );
}

function HistoryCard({ history }: { history: StaffOrderResponse['statusHistory'] }) {
  return (
    <Card title="Status history">
      <ol className="timeline">
        {[...history].reverse().map((h) => (
          <li key={`${h.at}-${h.from}-${h.to}`} className="timeline-item">
            <p className="timeline-summary">
              {h.from ? `${ORDER_STATUS[h.from].label} → ` : ''}
              {ORDER_STATUS[h.to].label}
              {h.note ? ` · ${h.note}` : ''}
            </p>
            <p className="timeline-meta">
              {h.by} · <time dateTime={h.at}>{formatDateTime(h.at)}</time>
            </p>
          </li>
        ))}
      </ol>
    </Card>
  );
}

function OrderTimelineCard({ entries }: { entries: StaffOrderResponse['timeline'] }) {
  const now = useNow(30_000);
  const sorted = [...entries].reverse();
  return (
    <Card title="Timeline">
      {sorted.length === 0 ? (
        <p className="muted">Nothing has happened on this order yet.</p>
      ) : (
        <ol className="timeline">
          {sorted.map((e) => (
            <li key={e.id} className={`timeline-item dot-${e.kind === 'status' ? 'neutral' : 'info'}`}>
              <p className="timeline-summary">{e.summary}</p>
              <p className="timeline-meta">
                {e.by && <span>{e.by} · </span>}
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
