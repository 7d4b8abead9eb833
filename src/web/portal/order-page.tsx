import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import type { OrderDetailResponse } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { InvoiceStatusBadge, ORDER_STATUS, OrderStatusBadge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDate, formatDateTime, formatMoney } from '../ui/format';
import './orders.css';
import { EstimateCards } from './estimate-card';
import { LineItemsTable, Totals } from './line-items-table';
import { ordersApi } from './orders-api';
import { PayInvoiceForm } from './pay-invoice-form';
import { portalLinks } from './portal-links';

/** /portal/:yard/orders/:id — one order: boat, dates, status history, estimates, invoices, payments. */
export function PortalOrderPage({ yard, id }: { yard: string; id: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const queryKey = ['portal', yard, 'order', id];
  const res = useQuery({ queryKey, queryFn: ({ signal }) => ordersApi.detail(yard, id, signal) });
  const data = res.data;
  useDocumentTitle(data ? `Order #${data.order.number}` : 'Order');
  const status = res.error instanceof ApiError ? res.error.status : null;
  // The last payment's confirmation, per invoice: paying in full removes the form that showed it.
  const [paid, setPaid] = useState<{ invoiceId: string; message: string } | null>(null);

  useEffect(() => {
    if (status === 401) void navigate({ ...portalLinks.signIn(yard), replace: true });
  }, [status, yard, navigate]);

  /** The customer's answer changed this order and what the home page shows (open estimates, balance). */
  const changed = (next?: OrderDetailResponse) => {
    if (next) queryClient.setQueryData(queryKey, next);
    else void queryClient.invalidateQueries({ queryKey });
    void queryClient.invalidateQueries({ queryKey: ['portal', yard, 'me'] });
    void queryClient.invalidateQueries({ queryKey: ['portal', yard, 'orders'] });
  };

  if (!data) {
    return (
      <main className="page page-narrow" id="main">
        <p>
          <Link {...portalLinks.home(yard)}>← Back to your account</Link>
        </p>
        {res.error && !res.isFetching && status !== 401 ? (
          <div className="alert alert-error" role="alert">
            {errorMessage(res.error)}{' '}
            {status !== 404 && (
              <Button size="sm" onClick={() => res.refetch()}>
                Try again
              </Button>
            )}
          </div>
        ) : (
          <Spinner />
        )}
      </main>
    );
  }

  const { order } = data;
  return (
    <main className="page page-narrow" id="main">
      <p>
        <Link {...portalLinks.home(yard)}>← Back to your account</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>
            Order #{order.number}: {order.title}
          </h1>
          <p className="subtitle">
            {order.boat ? order.boat.name : 'No boat'} · opened {formatDate(order.openedAt)}
            {order.scheduledFor ? ` · scheduled ${formatDate(order.scheduledFor)}` : ''}
            {order.completedAt ? ` · completed ${formatDate(order.completedAt)}` : ''}
          </p>
        </div>
        <OrderStatusBadge status={order.status} />
      </div>
      <div className="stack">
        {order.description && (
          <Card title="Work requested">
            <p>{order.description}</p>
          </Card>
        )}
        <EstimateCards yard={yard} estimates={data.estimates} onAnswered={changed} />
        {data.invoices.map((inv) => (
          <Card
            key={inv.id}
            title={`${inv.kind === 'credit_note' ? 'Credit note' : 'Invoice'} #${inv.number}`}
            actions={
              <>
                <InvoiceStatusBadge status={inv.status} />
                <a
                  href={`/api/portal/${encodeURIComponent(yard)}/invoices/${inv.id}/pdf`}
                  target="_blank"
                  rel="noreferrer"
                >
                  PDF
                </a>
              </>
            }
          >
            <LineItemsTable items={inv.lineItems} />
            <Totals subtotal={inv.subtotalCents} tax={inv.taxCents} total={inv.totalCents} />
            <dl className="details">
              <dt>Paid</dt>
              <dd>{formatMoney(inv.paidCents)}</dd>
              {inv.creditedCents > 0 && (
                <>
                  <dt>Credited</dt>
                  <dd>{formatMoney(inv.creditedCents)}</dd>
                </>
              )}
              <dt>Balance due</dt>
              <dd>
                <strong>{formatMoney(inv.balanceCents)}</strong>
                {inv.dueOn ? ` (due ${formatDate(inv.dueOn)})` : ''}
              </dd>
              {inv.depositCents !== null && (
                <>
                  <dt>Deposit requested</dt>
                  <dd>{formatMoney(inv.depositCents)}</dd>
                </>
              )}
            </dl>
            {inv.balanceCents > 0 && (inv.status === 'open' || inv.status === 'partial') ? (
              <PayInvoiceForm
                yard={yard}
                invoice={inv}
                provider={data.paymentProvider}
                onPaid={(_result, message) => {
                  setPaid({ invoiceId: inv.id, message });
                  changed();
                }}
              />
            ) : (
              paid?.invoiceId === inv.id && (
                <p className="alert alert-success" role="status">
                  {paid.message}
                </p>
              )
            )}
          </Card>
        ))}
        <Card title="Payments">
          {data.payments.length === 0 ? (
            <p className="muted">No payments yet.</p>
          ) : (
            <ul className="plain-list">
              {data.payments.map((p) => (
                <li key={p.id}>
                  {formatDateTime(p.receivedAt)} — {formatMoney(p.amountCents)} for invoice #{p.invoiceNumber}{' '}
                  ({p.method}){' '}
                  <a
                    href={`/api/portal/${encodeURIComponent(yard)}/payments/${p.id}/receipt.pdf`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    Receipt (PDF)
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Status history">
          <ol className="plain-list">
            {data.statusHistory.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: history entries never reorder
              <li key={i}>
                {formatDateTime(s.at)} — {ORDER_STATUS[s.to]?.label ?? s.to}
                {s.note ? `: ${s.note}` : ''}
                {s.by === 'customer' ? ' (by you)' : ''}
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </main>
  );
}
