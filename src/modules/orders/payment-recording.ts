import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { DB, OrderStatus } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import { recordActivity } from '../activity/activity.repo.js';
import { type AuditActor, auditRepo } from '../audit/audit.repo.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import { dollars } from './order-email.js';
import type { OrderEmailJob } from './order-email-job.js';
import { statusAfterPayment } from './order-status.js';
import { canTransition } from './order-transitions.js';
import { ordersRepo } from './orders.repo.js';
import { paymentsRepo } from './payments.repo.js';

/** How a payment was made, as stored on the payment row. */
export interface PaymentMade {
  method: string;
  reference: string | null;
  provider: string | null;
  receivedAt: Date;
  recordedBy?: string | null;
  note?: string | null;
  /** The provider's own id of the charge, stored on the attempt. */
  providerRef?: string | null;
}

/** Who moved the money: a customer's portal account, staff, or the provider (neither). */
export interface MoneyActor {
  accountId?: string | null;
  staffId?: string | null;
  /** Who, and from where, for the audit log; without it, the provider (the system). */
  audit?: AuditActor;
}

/**
 * The one path every payment takes once the money is in, from the portal, the provider's
 * webhook or the counter: the payment row (one per attempt), the invoice's paid sum and
 * status, the order's status, the timeline event and the receipt, in the caller's
 * transaction. Refunds take the same path backwards.
 */
export function paymentRecorder(deps: Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss }) {
  const { db } = deps.database;
  const payments = paymentsRepo(db);
  const orders = ordersRepo(db);
  const events = portalEventsRepo(db);

  /** The order's status once its invoices' money changed, only along allowed moves. */
  async function followMoney(
    trx: Kysely<DB>,
    yardId: string,
    order: { id: string; status: OrderStatus },
    rule: 'payment' | 'refund',
    note: string,
    by: MoneyActor,
  ) {
    const all = (await payments.orderInvoices(trx, order.id)).map((i) => ({
      totalCents: Number(i.total_cents),
      paidCents: i.paid_cents,
      depositCents: i.deposit_cents,
      deposit: i.kind === 'deposit',
    }));
    const next =
      rule === 'payment' ? statusAfterPayment(order.status, all) : statusAfterRefund(order.status, all);
    if (next === order.status || !canTransition(order.status, next)) return;
    await orders.setStatus(trx, {
      yardId,
      orderId: order.id,
      from: order.status,
      to: next,
      at: deps.clock.now(),
      accountId: by.accountId ?? null,
      staffId: by.staffId ?? null,
      note,
    });
  }

  /**
   * Records a successful payment of an attempt. Locks the order, then the invoice (the
   * lock order of every path that takes both). Returns the payment id, or the existing
   * one when the attempt was already recorded.
   */
  async function record(
    trx: Kysely<DB>,
    attempt: {
      id: string;
      yard_id: string;
      invoice_id: string;
      customer_id: string;
      amount_cents: number;
      account_id?: string | null;
    },
    made: PaymentMade,
    by: MoneyActor,
  ): Promise<string> {
    const ref = await payments.invoiceOrderId(trx, attempt.yard_id, attempt.invoice_id);
    if (!ref) throw notFound('That invoice');
    const order = await orders.lockOrder(trx, attempt.yard_id, ref.order_id);
    const invoice = await payments.lockInvoiceById(trx, attempt.yard_id, attempt.invoice_id);
    if (!invoice) throw notFound('That invoice');
    const payment = await payments.insertPayment(trx, {
      yardId: attempt.yard_id,
      invoiceId: attempt.invoice_id,
      customerId: attempt.customer_id,
      attemptId: attempt.id,
      amountCents: attempt.amount_cents,
      method: made.method,
      reference: made.reference,
      provider: made.provider,
      at: made.receivedAt,
      recordedBy: made.recordedBy,
      note: made.note,
      paidByAccountId: attempt.account_id ?? null,
    });
    if (!payment) return (await payments.paymentByAttempt(trx, attempt.id))!.id;
    const paid = await payments.addPaid(trx, invoice.id, attempt.amount_cents);
    if (!paid) throw overBalance(invoice);
    const now = deps.clock.now();
    await auditRepo(db).record(
      {
        yardId: attempt.yard_id,
        actor: by.audit ?? { kind: 'system' },
        entity: 'payment',
        entityId: payment.id,
        orderId: ref.order_id,
        customerId: attempt.customer_id,
        action: 'received',
        changes: {
          amount_cents: { before: null, after: attempt.amount_cents },
          method: { before: null, after: made.method },
          invoice: { before: null, after: invoice.number },
          paid_cents: { before: invoice.paid_cents, after: invoice.paid_cents + attempt.amount_cents },
        },
        at: now,
      },
      trx,
    );
    await payments.setAttempt(trx, attempt.id, {
      status: 'succeeded',
      at: now,
      ...(made.providerRef !== undefined ? { providerRef: made.providerRef } : {}),
    });
    if (order) {
      await followMoney(
        trx,
        attempt.yard_id,
        order,
        'payment',
        `Payment received for invoice #${invoice.number}`,
        by,
      );
    }
    await events.add(
      {
        yardId: attempt.yard_id,
        customerId: attempt.customer_id,
        kind: 'payment_received',
        at: now,
        detail: { amountCents: attempt.amount_cents, invoiceNumber: invoice.number, paymentId: payment.id },
      },
      trx,
    );
    if (!made.recordedBy) {
      // Paid online by the customer (at once or through the webhook): the office hears of it.
      await recordActivity(trx, {
        yardId: attempt.yard_id,
        customerId: attempt.customer_id,
        orderId: ref.order_id,
        kind: 'invoice_paid',
        at: now,
        detail: { amountCents: attempt.amount_cents, invoiceNumber: invoice.number },
      });
    }
    const job: OrderEmailJob = { kind: 'receipt', paymentId: payment.id };
    await deps.boss.send(QUEUES.orderEmail, withRequestId(job), { db: executorFor(trx) });
    return payment.id;
  }

  return { record, followMoney };
}

export type PaymentRecorder = ReturnType<typeof paymentRecorder>;

/** The 409 for an amount over what is left to pay, naming the balance. */
export function overBalance(invoice: {
  number: number;
  total_cents: number;
  paid_cents: number;
  credited_cents: number;
}) {
  const balance = invoice.total_cents - invoice.paid_cents - invoice.credited_cents;
  return new AppError(
    'OVER_BALANCE',
    `The amount is more than the balance due on invoice #${invoice.number}: at most ${dollars(balance)} can be paid.`,
    { balanceCents: balance },
  );
}

/** After a refund: paid if every invoice still is, part-paid if money remains, else invoiced. */
export function statusAfterRefund(
  current: OrderStatus,
  invoices: { totalCents: number; paidCents: number }[],
): OrderStatus {
  if (current === 'completed' || current === 'cancelled') return current;
  if (invoices.length > 0 && invoices.every((i) => i.paidCents >= i.totalCents))
    return current === 'paid' ? 'paid' : current;
  if (invoices.some((i) => i.paidCents > 0)) return current === 'paid' ? 'partial_payment' : current;
  return current === 'paid' || current === 'partial_payment' ? 'invoiced' : current;
}
