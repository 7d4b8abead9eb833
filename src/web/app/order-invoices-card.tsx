import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type {
  BillingActionResponse,
  BillingInvoiceView,
  BillingPaymentView,
  OrderBillingResponse,
} from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Badge, InvoiceStatusBadge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, EmptyState, Spinner } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Field, FormAlert } from '../ui/field';
import { formatDate, formatMoney } from '../ui/format';
import { billingApi } from './billing-api';
import { AmountReasonDialog, RecordPaymentDialog } from './billing-dialogs';
import { useCan } from './staff-shell';
import './billing.css';

type Open =
  | { kind: 'pay'; invoice: BillingInvoiceView }
  | { kind: 'void'; invoice: BillingInvoiceView }
  | { kind: 'credit'; invoice: BillingInvoiceView }
  | { kind: 'refund'; payment: BillingPaymentView }
  | { kind: 'deposit' }
  | null;

const METHOD: Record<string, string> = {
  cash: 'Cash',
  check: 'Check',
  card_present: 'Card at the counter',
  bank_transfer: 'Bank transfer',
  card: 'Card online',
};

/** The order's invoices, payments and refunds, with every billing action staff take at the counter. */
export function OrderInvoicesCard({ orderId }: { orderId: string }) {
  const client = useQueryClient();
  const billing = useQuery({
    queryKey: billingApi.key(orderId),
    queryFn: ({ signal }) => billingApi.billing(orderId, signal),
  });
  const [open, setOpen] = useState<Open>(null);
  // Invoices, payments and refunds are for roles with staff:money; others read them.
  const money = useCan('staff:money');
  const [notice, setNotice] = useState<string | null>(null);
  const [voidReason, setVoidReason] = useState('');
  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
  };
  const act = useMutation({
    mutationFn: (run: () => Promise<BillingActionResponse>) => run(),
    onSuccess: async (answer) => {
      client.setQueryData(billingApi.key(orderId), answer.billing);
      await client.invalidateQueries({ queryKey: billingApi.orderKey(orderId) });
      done(answer.message);
    },
  });

  if (billing.isPending)
    return (
      <Card title="Invoices and payments">
        <Spinner />
      </Card>
    );
  if (billing.isError) {
    return (
      <Card title="Invoices and payments">
        <FormAlert message={errorMessage(billing.error)} />
      </Card>
    );
  }
  const data: OrderBillingResponse = billing.data;
  const numberOf = (id: string | null) => data.invoices.find((i) => i.id === id)?.number;
  const accepted = data.acceptedEstimate;

  return (
    <Card
      title="Invoices and payments"
      className="billing-card"
      actions={
        money && (
          <div className="billing-actions">
            {accepted && (
              <Button
                size="sm"
                busy={act.isPending}
                onClick={() =>
                  act.mutate(() => billingApi.create(orderId, { from: 'estimate', estimateId: accepted.id }))
                }
              >
                Invoice accepted estimate
              </Button>
            )}
            <Button
              size="sm"
              busy={act.isPending}
              onClick={() => act.mutate(() => billingApi.create(orderId, { from: 'lines' }))}
            >
              Invoice order lines
            </Button>
            <Button size="sm" onClick={() => setOpen({ kind: 'deposit' })}>
              Request deposit
            </Button>
          </div>
        )
      }
    >
      <FormAlert message={act.error ? errorMessage(act.error) : null} />
      {notice && !act.error && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {data.invoices.length === 0 ? (
        <EmptyState title="No invoices yet">
          Invoice the accepted estimate or the order lines, or request a deposit.
        </EmptyState>
      ) : (
        <ul className="billing-list">
          {data.invoices.map((inv) => (
            <li key={inv.id} className="billing-invoice" aria-label={`Invoice ${inv.number}`}>
              <div className="billing-head">
                <strong>
                  {inv.kind === 'credit_note'
                    ? 'Credit note'
                    : inv.kind === 'deposit'
                      ? 'Deposit invoice'
                      : 'Invoice'}{' '}
                  #{inv.number}
                </strong>
                {inv.kind !== 'credit_note' && <InvoiceStatusBadge status={inv.status} />}
                {inv.kind === 'credit_note' && (
                  <Badge tone="info">Credit {formatMoney(inv.totalCents)}</Badge>
                )}
                {inv.replacesInvoiceId && <Badge>Replaces #{numberOf(inv.replacesInvoiceId)}</Badge>}
                {inv.correctsInvoiceId && <Badge>Corrects #{numberOf(inv.correctsInvoiceId)}</Badge>}
              </div>
              <dl className="billing-facts">
                <div>
                  <dt>Total</dt>
                  <dd>{formatMoney(inv.totalCents)}</dd>
                </div>
                {inv.kind !== 'credit_note' && (
                  <div>
                    <dt>Paid</dt>
                    <dd>{formatMoney(inv.paidCents)}</dd>
                  </div>
                )}
                {inv.creditedCents > 0 && (
                  <div>
                    <dt>Credited</dt>
                    <dd>{formatMoney(inv.creditedCents)}</dd>
                  </div>
                )}
                {inv.kind !== 'credit_note' && (
                  <div>
                    <dt>Balance</dt>
                    <dd>{formatMoney(inv.balanceCents)}</dd>
                  </div>
                )}
                {inv.dueOn && inv.status !== 'void' && inv.kind !== 'credit_note' && (
                  <div>
                    <dt>Due</dt>
                    <dd>{formatDate(inv.dueOn)}</dd>
                  </div>
                )}
              </dl>
              {inv.status === 'void' && <p className="billing-void">Void: {inv.voidReason}</p>}
              <div className="billing-buttons">
                <a
                  className="btn btn-ghost btn-sm"
                  href={billingApi.invoicePdf(inv.id)}
                  target="_blank"
                  rel="noreferrer"
                >
                  PDF
                </a>
                {money && inv.status === 'draft' && (
                  <>
                    <Button
                      size="sm"
                      variant="primary"
                      busy={act.isPending}
                      onClick={() => act.mutate(() => billingApi.send(inv.id))}
                    >
                      Send
                    </Button>
                    <Button
                      size="sm"
                      busy={act.isPending}
                      onClick={() => act.mutate(() => billingApi.remove(inv.id))}
                    >
                      Delete draft
                    </Button>
                  </>
                )}
                {money &&
                  (inv.status === 'open' || inv.status === 'partial') &&
                  inv.kind !== 'credit_note' && (
                    <>
                      <Button
                        size="sm"
                        variant="primary"
                        onClick={() => setOpen({ kind: 'pay', invoice: inv })}
                      >
                        Record payment
                      </Button>
                      <Button size="sm" onClick={() => setOpen({ kind: 'credit', invoice: inv })}>
                        Credit note
                      </Button>
                    </>
                  )}
                {money && inv.status !== 'void' && inv.kind !== 'credit_note' && inv.status !== 'draft' && (
                  <Button size="sm" variant="ghost" onClick={() => setOpen({ kind: 'void', invoice: inv })}>
                    Void
                  </Button>
                )}
                {money &&
                  inv.status === 'void' &&
                  !data.invoices.some((i) => i.replacesInvoiceId === inv.id) && (
                    <Button
                      size="sm"
                      busy={act.isPending}
                      onClick={() => act.mutate(() => billingApi.reissue(inv.id))}
                    >
                      Re-issue
                    </Button>
                  )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {data.payments.length > 0 && (
        <>
          <h3 className="billing-subtitle">Payments</h3>
          <ul className="billing-list">
            {data.payments.map((p) => (
              <li key={p.id} className="billing-payment">
                <span>
                  {formatMoney(p.amountCents)} · {METHOD[p.method] ?? p.method}
                  {p.reference ? ` ${p.reference}` : ''} · invoice #{p.invoiceNumber} ·{' '}
                  {formatDate(p.receivedAt)}
                  {p.recordedBy ? ` · by ${p.recordedBy}` : ''}
                  {p.refundedCents > 0 ? ` · ${formatMoney(p.refundedCents)} refunded` : ''}
                </span>
                <span className="billing-buttons">
                  <a
                    className="btn btn-ghost btn-sm"
                    href={billingApi.receiptPdf(p.id)}
                    target="_blank"
                    rel="noreferrer"
                  >
                    Receipt
                  </a>
                  {money && p.refundedCents < p.amountCents && (
                    <Button size="sm" variant="ghost" onClick={() => setOpen({ kind: 'refund', payment: p })}>
                      Refund
                    </Button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {data.refunds.length > 0 && (
        <>
          <h3 className="billing-subtitle">Refunds</h3>
          <ul className="billing-list">
            {data.refunds.map((r) => (
              <li key={r.id}>
                {formatMoney(r.amountCents)} · {METHOD[r.method] ?? r.method} · {formatDate(r.createdAt)}
                {r.recordedBy ? ` · by ${r.recordedBy}` : ''}
                {r.reason ? ` · ${r.reason}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}

      {open?.kind === 'pay' && (
        <RecordPaymentDialog
          orderId={orderId}
          invoice={open.invoice}
          onClose={() => setOpen(null)}
          onDone={done}
        />
      )}
      {open?.kind === 'void' && (
        <ConfirmDialog
          title={`Void invoice #${open.invoice.number}?`}
          confirmLabel="Void invoice"
          tone="danger"
          busy={act.isPending}
          error={act.error ? errorMessage(act.error) : null}
          onClose={() => setOpen(null)}
          onConfirm={() => act.mutate(() => billingApi.void(open.invoice.id, voidReason.trim()))}
        >
          <p>
            A void invoice stays on record and cannot be changed. Re-issue it afterwards to bill the work
            again.
          </p>
          <Field label="Reason" value={voidReason} onChange={(e) => setVoidReason(e.target.value)} />
        </ConfirmDialog>
      )}
      {open?.kind === 'credit' && (
        <AmountReasonDialog
          title={`Credit note on invoice #${open.invoice.number}`}
          confirmLabel="Issue credit note"
          maxCents={open.invoice.balanceCents}
          orderId={orderId}
          run={(v) =>
            billingApi.creditNote(open.invoice.id, { amountCents: v.amountCents!, reason: v.reason })
          }
          onClose={() => setOpen(null)}
          onDone={done}
        />
      )}
      {open?.kind === 'refund' && (
        <AmountReasonDialog
          title={`Refund ${METHOD[open.payment.method] ?? open.payment.method} payment`}
          confirmLabel="Refund"
          tone="danger"
          maxCents={open.payment.amountCents - open.payment.refundedCents}
          orderId={orderId}
          run={(v) => billingApi.refund(open.payment.id, { amountCents: v.amountCents!, reason: v.reason })}
          onClose={() => setOpen(null)}
          onDone={done}
        />
      )}
      {open?.kind === 'deposit' && (
        <AmountReasonDialog
          title="Request a deposit"
          confirmLabel="Create deposit invoice"
          withReason={false}
          percentOption
          orderId={orderId}
          run={(v) =>
            billingApi.create(
              orderId,
              v.percent !== undefined
                ? { from: 'deposit', percent: v.percent }
                : { from: 'deposit', amountCents: v.amountCents },
            )
          }
          onClose={() => setOpen(null)}
          onDone={done}
        />
      )}
    </Card>
  );
}
