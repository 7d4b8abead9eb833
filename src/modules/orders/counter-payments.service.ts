import { createHash } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type { CounterMethod } from '../../shared/api-types.js';
import type { AuditActor } from '../audit/audit.repo.js';
import type { StaffPrincipal } from '../auth/sessions.js';
import { counterRefunds } from './counter-refunds.js';
import { estimateApprovalRepo } from './estimate-approval.repo.js';
import { dollars } from './order-email.js';
import { ordersRepo } from './orders.repo.js';
import type { PaymentProvider } from './payment-provider.js';
import { overBalance, paymentRecorder } from './payment-recording.js';
import { paymentsRepo } from './payments.repo.js';
import { refuseWhileReapprovalPending } from './reapproval.js';

type Deps = Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss };

export interface CounterPayment {
  method: CounterMethod;
  amountCents: number;
  reference?: string;
  receivedOn?: string;
  note?: string;
}

const METHOD_WORDS: Record<CounterMethod, string> = {
  cash: 'Cash',
  check: 'Check',
  card_present: 'Card at the counter',
  bank_transfer: 'Bank transfer',
};

/**
 * Money taken or given back at the counter. A counter payment is an attempt with the
 * client's Idempotency-Key, like the portal's, recorded down the same path (so invoice
 * and order statuses follow exactly as for portal payments). A refund of a card payment
 * taken online goes through the provider in steps, never inside a transaction; others are
 * recorded (counter-refunds.ts). Both lock the order, then the invoice, and raise sums
 * only by conditional updates within the CHECKs.
 */
export function createCounterPaymentsService(deps: Deps, provider: PaymentProvider) {
  const { db } = deps.database;
  const payments = paymentsRepo(db);
  const orders = ordersRepo(db);
  const approvals = estimateApprovalRepo(db);
  const recorder = paymentRecorder(deps);
  const refunds = counterRefunds(deps, provider);

  async function record(
    me: StaffPrincipal,
    invoiceId: string,
    req: CounterPayment,
    key: string,
    actor: AuditActor,
  ) {
    const hash = createHash('sha256')
      .update(
        JSON.stringify([
          'counter',
          invoiceId,
          req.method,
          req.amountCents,
          req.reference ?? '',
          req.receivedOn ?? '',
        ]),
      )
      .digest('hex');
    const now = deps.clock.now();
    // Money is recorded on the day it came in. A day of slack: the yard's "today" may be
    // ahead of UTC's.
    const latest = new Date(now.getTime() + 24 * 3600_000).toISOString().slice(0, 10);
    if (req.receivedOn && req.receivedOn > latest) {
      throw new AppError(
        'VALIDATION',
        `The payment date ${req.receivedOn} is in the future. Record the payment on the day the money was received.`,
        { field: 'receivedOn' },
      );
    }
    return db.transaction().execute(async (trx) => {
      const ref = await payments.invoiceOrderId(trx, me.yardId, invoiceId);
      if (!ref) throw notFound('That invoice');
      const order = await orders.lockOrder(trx, me.yardId, ref.order_id);
      const invoice = await payments.lockInvoiceById(trx, me.yardId, invoiceId);
      if (!order || !invoice) throw notFound('That invoice');
      const attempt = await payments.insertAttempt(trx, {
        yardId: me.yardId,
        invoiceId,
        customerId: invoice.customer_id,
        key,
        hash,
        amountCents: req.amountCents,
        provider: 'counter',
        at: now,
      });
      if (!attempt) {
        // The same request again (a double click, a retry): the payment it recorded.
        const first = await payments.findAttemptByKey(trx, me.yardId, key);
        if (first?.request_hash !== hash) {
          throw new AppError(
            'IDEMPOTENCY_KEY_REUSED',
            'This payment key was already used for a different payment. Close the dialog and record it again.',
          );
        }
        const payment = await payments.paymentByAttempt(trx, first.id);
        if (!payment) throw new AppError('PAYMENT_IN_PROGRESS');
        return { orderId: order.id, paymentId: payment.id, repeat: true };
      }
      await refuseWhileReapprovalPending(approvals, trx, me.yardId, order.id, 'paid');
      if (invoice.status === 'draft') {
        throw new AppError(
          'INVOICE_NOT_PAYABLE',
          `Invoice #${invoice.number} is a draft: send it before taking payment.`,
        );
      }
      if (invoice.kind === 'credit_note' || invoice.status === 'void' || invoice.status === 'paid') {
        throw new AppError('INVOICE_NOT_PAYABLE', `Invoice #${invoice.number} has nothing left to pay.`);
      }
      const balance = invoice.total_cents - invoice.paid_cents - invoice.credited_cents;
      if (req.amountCents > balance) throw overBalance(invoice);
      const pending = await payments.pendingCents(trx, invoice.id, attempt.id);
      if (req.amountCents > balance - pending) {
        throw new AppError(
          'PAYMENT_PENDING',
          `A card payment of ${dollars(pending)} on invoice #${invoice.number} is still waiting for confirmation, so at most ${dollars(Math.max(0, balance - pending))} can be recorded now.`,
          { balanceCents: balance, pendingCents: pending },
        );
      }
      const paymentId = await recorder.record(
        trx,
        attempt,
        {
          method: req.method,
          reference: req.reference || null,
          provider: null,
          receivedAt: req.receivedOn ? new Date(`${req.receivedOn}T12:00:00Z`) : now,
          recordedBy: me.staffId,
          note: req.note || null,
        },
        { staffId: me.staffId, audit: actor },
      );
      return { orderId: order.id, paymentId, repeat: false };
    });
  }

  return { record, refund: refunds.refund, methodWords: METHOD_WORDS };
}

export type CounterPaymentsService = ReturnType<typeof createCounterPaymentsService>;
