import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import type { OrderDetailResponse, PayInvoiceResponse } from '../../shared/api-types';
import { ApiError } from '../ui/api';
import { InvoiceStatusBadge, ORDER_STATUS, OrderStatusBadge } from '../ui/badge';
import { Card } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDate, formatDateTime, formatMoney } from '../ui/format';
import './orders.css';
import { may } from './access-api';
import { cardQueries } from './cards-api';
import { EstimateCards } from './estimate-card';
import { OrderJobUpdatesCard } from './job-updates-card';
import { LineItemsTable, Totals } from './line-items-table';
import { useRecordOfOrder } from './order-record';
import { ordersApi } from './orders-api';
import { PayInvoiceForm } from './pay-invoice-form';
import { portalLinks } from './portal-links';
import { usePortalMe } from './portal-shell';
import { QueryFallback } from './query-fallback';

/** /portal/:yard/orders/:id — one order (inside PortalShell): boat, dates, estimates, invoices, payments, status history. */
export function PortalOrderPage({ yard, id }: { yard: string; id: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = usePortalMe();
  const hash = useLocation({ select: (l) => l.hash });
  const queryKey = ['portal', yard, 'order', id];
  const res = useQuery({ queryKey, queryFn: ({ signal }) => ordersApi.detail(yard, id, signal) });
  const data = res.data;
  useDocumentTitle(data ? `Order #${data.order.number}` : 'Order');
  const status = res.error instanceof ApiError ? res.error.status : null;
  const switching = useRecordOfOrder(yard, id, res.error);
  // The last payment's confirmation, per invoice: paying in full removes the form that showed it.
  const [paid, setPaid] = useState<{ invoiceId: string; result: PayInvoiceResponse; message: string } | null>(
    null,
  );

  useEffect(() => {
    if (status === 401) void navigate({ ...portalLinks.signIn(yard), replace: true });
  }, [status, yard, navigate]);

  // A link to one invoice or estimate of the order (#invoice-1042): shown once the order is.
  const loaded = Boolean(data);
  useEffect(() => {
    if (loaded && hash) document.getElementById(hash)?.scrollIntoView();
  }, [loaded, hash]);

  /** The customer's answer changed this order and what the home page shows (open estimates, balance). */
  const savedCards = useQuery(cardQueries.cards(yard));
  const changed = (next?: OrderDetailResponse) => {
    if (next) queryClient.setQueryData(queryKey, next);
    else void queryClient.invalidateQueries({ queryKey });
    void queryClient.invalidateQueries({ queryKey: ['portal', yard, 'me'] });
    void queryClient.invalidateQueries({ queryKey: ['portal', yard, 'orders'] });
    void queryClient.invalidateQueries({ queryKey: ['portal', yard, 'receipts'] });
  };

  const back = (
    <p className="back-row">
      <Link {...portalLinks.home(yard)}>← Back to your account</Link>
    </p>
  );
  if (!data) return <QueryFallback res={res} back={back} pending={switching} />;

  const { order } = data;
  /** When an invoice was paid in full: its last payment's date. */
  const paidOn = (invoiceNumber: number) =>
    data.payments
      .filter((p) => p.invoiceNumber === invoiceNumber)
      .map((p) => p.receivedAt)
      .sort()
      .at(-1) ?? null;
  return (
    <>
      {back}
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
      <p className="order-messages-link">
        <Link {...portalLinks.orderMessages(yard, order.id)}>Messages about this order</Link>
      </p>
      <div className="stack">
        {order.description && (
          <Card title="Work requested">
            <p>{order.description}</p>
          </Card>
        )}
        <OrderJobUpdatesCard yard={yard} orderId={order.id} />
        <EstimateCards
          yard={yard}
          estimates={data.estimates}
          onAnswered={changed}
          canApprove={may.approve(me)}
        />
        {data.invoices.map((inv) => {
          const paidDate = inv.status === 'paid' ? paidOn(inv.number) : null;
          return (
            <Card
              key={inv.id}
              id={`invoice-${inv.number}`}
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
                {inv.status === 'paid' ? (
                  <>
                    <dt>Balance due</dt>
                    <dd data-testid="invoice-paid">
                      <strong>Paid</strong>
                      {paidDate ? ` on ${formatDate(paidDate)}` : ''}
                    </dd>
                  </>
                ) : (
                  <>
                    <dt>Balance due</dt>
                    <dd>
                      <strong>{formatMoney(inv.balanceCents)}</strong>
                      {inv.dueOn && inv.status !== 'void' ? ` (due ${formatDate(inv.dueOn)})` : ''}
                    </dd>
                  </>
                )}
                {inv.depositCents !== null && (
                  <>
                    <dt>Deposit requested</dt>
                    <dd>{formatMoney(inv.depositCents)}</dd>
                  </>
                )}
              </dl>
              {inv.balanceCents > 0 && (inv.status === 'open' || inv.status === 'partial') && !may.pay(me) ? (
                <p className="muted">
                  Your access does not include paying invoices: {me.access.ownerName} pays them.
                </p>
              ) : inv.balanceCents > 0 &&
                (inv.status === 'open' || inv.status === 'partial') &&
                data.awaitingReapproval ? (
                <p className="alert alert-warning">
                  The yard changed estimate #{data.awaitingReapproval.number}.{' '}
                  <a href={`#estimate-${data.awaitingReapproval.number}`}>Review and approve it</a> before
                  paying.
                </p>
              ) : inv.balanceCents > 0 && (inv.status === 'open' || inv.status === 'partial') ? (
                <PayInvoiceForm
                  yard={yard}
                  invoice={inv}
                  provider={data.paymentProvider}
                  savedCards={savedCards.data?.cards}
                  saveCardLink={
                    <>
                      <Link {...portalLinks.cards(yard)}>Save a card</Link> to pay in one step next time.
                    </>
                  }
                  onPaid={(result, message) => {
                    setPaid({ invoiceId: inv.id, result, message });
                    changed();
                  }}
                />
              ) : (
                paid?.invoiceId === inv.id && (
                  <PaidConfirmation yard={yard} paid={paid} email={me.customer.email} />
                )
              )}
            </Card>
          );
        })}
        <Card title="Payments">
          {data.payments.length === 0 ? (
            <p className="muted">No payments yet.</p>
          ) : (
            <ul className="plain-list">
              {data.payments.map((p) => (
                <li key={p.id}>
                  {formatDateTime(p.receivedAt)} — {formatMoney(p.amountCents)} for invoice #{p.invoiceNumber}{' '}
                  ({p.method}){' '}
                  <a href={receiptUrl(yard, p.id)} target="_blank" rel="noreferrer">
                    Receipt (PDF)
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Status history">
          <ol className="plain-list status-history">
            {data.statusHistory.map((s, i) => {
              const label = s.to ? (ORDER_STATUS[s.to]?.label ?? s.to) : null;
              const what = s.from === null ? (label ? `Order opened · ${label}` : 'Order opened') : label;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: history entries never reorder
                <li key={i}>
                  {formatDateTime(s.at)} — {what}
                  {s.note ? `: ${s.note}` : ''}
                  {s.by === 'customer' ? ' (by you)' : ''}
                </li>
              );
            })}
          </ol>
        </Card>
      </div>
    </>
  );
}

const receiptUrl = (yard: string, paymentId: string) =>
  `/api/portal/${encodeURIComponent(yard)}/payments/${paymentId}/receipt.pdf`;

/** What the customer sees where the pay form was once the invoice is paid in full. */
function PaidConfirmation({
  yard,
  paid,
  email,
}: {
  yard: string;
  paid: { result: PayInvoiceResponse; message: string };
  email: string | null;
}) {
  const { result } = paid;
  if (result.status !== 'succeeded' || result.invoice.balanceCents > 0) {
    return (
      <p className="alert alert-success" role="status">
        {paid.message}
      </p>
    );
  }
  return (
    <div className="alert alert-success paid-confirmation" role="status">
      <p>
        <strong>Paid in full — thank you.</strong>{' '}
        {result.payment ? `Payment of ${formatMoney(result.payment.amountCents)} received; ` : ''}
        {email ? `a receipt was sent to ${email}.` : 'a receipt is on its way by email.'}
      </p>
      {result.payment && (
        <p>
          <Link {...portalLinks.receipt(yard, result.payment.id)}>View the receipt</Link> ·{' '}
          <a href={receiptUrl(yard, result.payment.id)} target="_blank" rel="noreferrer">
            Receipt (PDF)
          </a>
        </p>
      )}
    </div>
  );
}
