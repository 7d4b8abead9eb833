import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { DB } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import { type AuditActor, auditRepo } from '../audit/audit.repo.js';
import type { StaffPrincipal } from '../auth/sessions.js';
import { billingRepo } from './billing.repo.js';
import { invoicesRepo } from './invoices.repo.js';
import { dollars } from './order-email.js';
import type { OrderEmailJob } from './order-email-job.js';
import { ordersRepo } from './orders.repo.js';
import { type PaymentProvider, RefundDeclinedError } from './payment-provider.js';
import { paymentRecorder } from './payment-recording.js';
import { paymentsRepo } from './payments.repo.js';
import { refundsRepo } from './refunds.repo.js';

type Deps = Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss };

/** A pending refund older than this was left by a request that never finished: it is asked again. */
export const STALE_REFUND_MS = 5 * 60_000;

interface PendingRefund {
  id: string;
  yardId: string;
  paymentId: string;
  invoiceId: string;
  orderId: string;
  amountCents: number;
  idempotencyKey: string;
  providerRef: string;
  staffId: string;
  /** Who asked for it, for the audit log. */
  actor: AuditActor;
}

/**
 * Gives back part or all of a payment, never more than is left of it. Cash, checks and
 * the like are recorded in one transaction. A card payment taken online is refunded in
 * three steps, as the portal's card payments are charged: (1) under the order and invoice
 * locks a pending refund is written, holding its amount back from other refunds; (2) the
 * provider is asked with no transaction open, with a key derived from the refund's id;
 * (3) a short transaction marks it succeeded and moves the money, or it is marked failed
 * and nothing else changes. A pending refund left behind by a request that died between
 * the steps is asked again (same key: at most one refund) by the next refund request of
 * that payment.
 */
export function counterRefunds(deps: Deps, provider: PaymentProvider) {
  const { db } = deps.database;
  const payments = paymentsRepo(db);
  const invoices = invoicesRepo(db);
  const reads = billingRepo(db);
  const orders = ordersRepo(db);
  const refunds = refundsRepo(db);
  const recorder = paymentRecorder(deps);

  const overPayment = (left: number, amount: number) =>
    new AppError(
      'REFUND_OVER_PAYMENT',
      `At most ${dollars(left)} of this ${dollars(amount)} payment can be refunded.`,
      { refundableCents: left },
    );

  /** Step 3 and what follows any refund: the money moves back, statuses follow, the customer is told. */
  async function moveMoney(
    trx: Kysely<DB>,
    r: {
      id: string;
      yardId: string;
      paymentId: string;
      staffId: string;
      amountCents: number;
      actor: AuditActor;
    },
    order: { id: string; status: Parameters<typeof recorder.followMoney>[2]['status'] },
    invoice: { id: string; number: number; customer_id: string },
    payment: { amount_cents: number; refunded_cents: number; method: string },
  ) {
    const over = overPayment(payment.amount_cents - payment.refunded_cents, payment.amount_cents);
    if (!(await payments.addRefunded(trx, r.paymentId, r.amountCents))) throw over;
    if (!(await payments.subtractPaid(trx, invoice.id, r.amountCents))) throw over;
    await auditRepo(db).record(
      {
        yardId: r.yardId,
        actor: r.actor,
        entity: 'payment',
        entityId: r.paymentId,
        orderId: order.id,
        customerId: invoice.customer_id,
        action: 'refunded',
        changes: {
          refunded_cents: { before: payment.refunded_cents, after: payment.refunded_cents + r.amountCents },
          method: { before: null, after: payment.method },
          invoice: { before: null, after: invoice.number },
        },
        at: deps.clock.now(),
      },
      trx,
    );
    await recorder.followMoney(
      trx,
      r.yardId,
      order,
      'refund',
      `Refund of ${dollars(r.amountCents)} on invoice #${invoice.number}`,
      { staffId: r.staffId },
    );
    const job: OrderEmailJob = { kind: 'refund', refundId: r.id };
    await deps.boss.send(QUEUES.orderEmail, withRequestId(job), { db: executorFor(trx) });
  }

  /** Steps 2 and 3 of a pending refund. Asking again is safe: the provider sees the same key. */
  async function complete(r: PendingRefund) {
    let reference: string;
    try {
      if (!provider.refund) throw new Error('this payment provider does not refund');
      ({ reference } = await provider.refund({
        reference: r.providerRef,
        amountCents: r.amountCents,
        idempotencyKey: r.idempotencyKey,
      }));
    } catch (err) {
      const message = (err as Error).message;
      if (!(err instanceof RefundDeclinedError)) {
        // No answer we can trust (a timeout, a dropped connection): the refund may have gone
        // through. It stays pending, holding its amount, and is asked again with the same key
        // once it is STALE_REFUND_MS old — never a second refund under a new key.
        throw new AppError(
          'REFUND_UNCONFIRMED',
          `The payment provider did not confirm the refund (${message}). It stays pending and is checked again in a few minutes; do not refund this amount another way.`,
        );
      }
      // One statement, no lock needed: only a refund still pending is marked.
      await refunds.markFailed(db, r.id, message, deps.clock.now());
      throw new AppError(
        'REFUND_FAILED',
        `The payment provider did not take the refund, so nothing was refunded: ${message}`,
      );
    }
    return db.transaction().execute(async (trx) => {
      const order = await orders.lockOrder(trx, r.yardId, r.orderId);
      const invoice = await invoices.lockInvoice(trx, r.yardId, r.invoiceId);
      const refund = await refunds.lockRefund(trx, r.id);
      if (!order || !invoice || !refund) throw notFound('That payment');
      const done = { orderId: order.id, refundId: r.id };
      // Another request finished this refund while the provider was answering us.
      if (refund.status === 'succeeded') return done;
      if (refund.status === 'failed') {
        throw new AppError(
          'REFUND_FAILED',
          `The payment provider did not take the refund, so nothing was refunded: ${refund.failure_message ?? ''}`,
        );
      }
      const payment = (await reads.findPayment(trx, r.yardId, r.paymentId))!;
      await refunds.markSucceeded(trx, r.id, reference, deps.clock.now());
      await moveMoney(trx, r, order, invoice, payment);
      return done;
    });
  }

  /** Pending refunds of this payment whose request died between the steps: asked again, then recorded. */
  async function finishStale(me: StaffPrincipal, paymentId: string, actor: AuditActor) {
    const before = new Date(deps.clock.now().getTime() - STALE_REFUND_MS);
    for (const { id } of await refunds.stalePending(me.yardId, paymentId, before)) {
      const r = await refunds.findRefund(db, me.yardId, id);
      const payment = await reads.findPayment(db, me.yardId, paymentId);
      if (!r || !payment?.provider_ref || !r.idempotency_key) continue;
      try {
        await complete({
          id: r.id,
          yardId: r.yard_id,
          paymentId: r.payment_id,
          invoiceId: r.invoice_id,
          orderId: payment.order_id,
          amountCents: r.amount_cents,
          idempotencyKey: r.idempotency_key,
          providerRef: payment.provider_ref,
          staffId: r.recorded_by ?? me.staffId,
          actor,
        });
      } catch (err) {
        // Marked failed, it holds nothing back any more; still unconfirmed, it keeps holding
        // its amount. Either way the new refund goes on within what is left.
        if (
          !(err instanceof AppError && (err.code === 'REFUND_FAILED' || err.code === 'REFUND_UNCONFIRMED'))
        ) {
          throw err;
        }
      }
    }
  }

  async function refund(
    me: StaffPrincipal,
    paymentId: string,
    req: { amountCents: number; reason: string },
    actor: AuditActor,
  ) {
    await finishStale(me, paymentId, actor);
    const now = deps.clock.now();
    const refundId = randomUUID();
    const step = await db.transaction().execute(async (trx) => {
      const found = await reads.findPayment(trx, me.yardId, paymentId);
      if (!found) throw notFound('That payment');
      const order = await orders.lockOrder(trx, me.yardId, found.order_id);
      const invoice = await invoices.lockInvoice(trx, me.yardId, found.invoice_id);
      if (!order || !invoice) throw notFound('That payment');
      // Read again under the locks: a concurrent refund of this payment has committed by now.
      const payment = (await reads.findPayment(trx, me.yardId, paymentId))!;
      const left = payment.amount_cents - payment.refunded_cents;
      if (req.amountCents > left) throw overPayment(left, payment.amount_cents);
      const pending = await refunds.pendingCents(trx, payment.id);
      if (req.amountCents > left - pending) {
        throw new AppError(
          'REFUND_IN_PROGRESS',
          `A refund of ${dollars(pending)} of this payment is still with the payment provider, so at most ${dollars(Math.max(0, left - pending))} can be refunded now. Wait for it to finish, or refund less.`,
          { refundableCents: Math.max(0, left - pending), pendingCents: pending },
        );
      }
      const online = payment.method === 'card' && payment.attempt_id !== null && payment.provider !== null;
      const r = {
        id: refundId,
        yardId: me.yardId,
        paymentId: payment.id,
        invoiceId: invoice.id,
        amountCents: req.amountCents,
        staffId: me.staffId,
        actor,
      };
      if (!online) {
        await refunds.insert(trx, {
          ...r,
          method: payment.method,
          status: 'succeeded',
          idempotencyKey: null,
          reason: req.reason,
          recordedBy: me.staffId,
          at: now,
        });
        await moveMoney(trx, r, order, invoice, payment);
        return { done: { orderId: order.id, refundId } };
      }
      if (payment.provider !== provider.name || !provider.refund || !payment.provider_ref) {
        throw new AppError(
          'REFUND_FAILED',
          'This card payment was taken through another payment provider; refund it there and record it as a note.',
        );
      }
      const idempotencyKey = `slipway-refund-${refundId}`;
      await refunds.insert(trx, {
        ...r,
        method: payment.method,
        status: 'pending',
        idempotencyKey,
        reason: req.reason,
        recordedBy: me.staffId,
        at: now,
      });
      return {
        pending: { ...r, orderId: order.id, idempotencyKey, providerRef: payment.provider_ref },
      };
    });
    if (step.done) return step.done;
    return complete(step.pending);
  }

  return { refund };
}
