import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { DB } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type { AuditActor } from '../audit/audit.repo.js';
import { systemActor } from '../audit/audit-actor.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import { estimateApprovalRepo } from './estimate-approval.repo.js';
import { ordersRepo } from './orders.repo.js';
import type { PaymentProvider } from './payment-provider.js';
import { paymentRecorder } from './payment-recording.js';
import { paymentsRepo } from './payments.repo.js';
import { refuseWhileReapprovalPending } from './reapproval.js';
import { savedCardsRepo } from './saved-cards.repo.js';
import { cardExpired, cardLabel } from './saved-cards.service.js';

export type PayOutcome =
  | { status: 'succeeded'; paymentId: string; invoiceId: string }
  | { status: 'pending'; clientSecret: string; invoiceId: string };

/** How long a new attempt may take to get its reference from the provider before a retry starts it again. */
const PENDING_START_MS = 2 * 60_000;

const declined = (code: string, message: string) => new AppError('CARD_DECLINED', message, { reason: code });

/**
 * Paying an invoice. Each attempt carries the client's Idempotency-Key, unique per yard:
 * the same key again answers what the first request did and never charges twice; the
 * same key with another amount or invoice is refused. The invoice row is locked while a
 * payment is decided, so concurrent payments of one invoice never exceed its balance.
 */
export function createPaymentsService(
  deps: Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss },
  provider: PaymentProvider,
) {
  const { db } = deps.database;
  const payments = paymentsRepo(db);
  const orders = ordersRepo(db);
  const savedCards = savedCardsRepo(db);
  const approvals = estimateApprovalRepo(db);
  const recorder = paymentRecorder(deps);

  /** A successful charge goes down the one path every payment takes (payment-recording.ts). */
  function recordPayment(
    trx: Kysely<DB>,
    attempt: { id: string; yard_id: string; invoice_id: string; customer_id: string; amount_cents: number },
    charge: { reference: string; label: string },
    by: { accountId: string | null; audit?: AuditActor },
  ): Promise<string> {
    return recorder.record(
      trx,
      attempt,
      {
        method: 'card',
        reference: charge.label,
        provider: provider.name,
        receivedAt: deps.clock.now(),
        providerRef: charge.reference,
      },
      by,
    );
  }

  async function replay(
    attempt: NonNullable<Awaited<ReturnType<typeof payments.findAttemptByKey>>>,
    hash: string,
    charge: () => Promise<PayOutcome>,
  ): Promise<PayOutcome> {
    if (attempt.request_hash !== hash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'This payment key was already used for a different payment. Reload the page and try again.',
      );
    }
    if (attempt.status === 'succeeded') {
      const payment = await payments.paymentByAttempt(db, attempt.id);
      if (payment) return { status: 'succeeded', paymentId: payment.id, invoiceId: attempt.invoice_id };
    }
    if (attempt.status === 'declined' || attempt.status === 'failed') {
      throw declined(attempt.failure_code ?? 'declined', attempt.failure_message ?? 'The card was declined.');
    }
    // Pending at an asynchronous provider with its charge started: the same one again.
    if (attempt.provider_ref && provider.resume) {
      const resumed = await provider.resume(attempt.provider_ref);
      if (resumed.status !== 'pending') throw new Error('an asynchronous provider answered at once');
      return { status: 'pending', clientSecret: resumed.clientSecret, invoiceId: attempt.invoice_id };
    }
    // The first request is still creating the charge: do not start a second one beside it.
    // Long after, that request died before storing the reference; the provider's idempotency
    // key (the attempt's id) makes asking again safe.
    if (
      !attempt.provider_ref &&
      deps.clock.now().getTime() - attempt.updated_at.getTime() < PENDING_START_MS
    ) {
      throw new AppError(
        'PAYMENT_IN_PROGRESS',
        'This payment is still being started. Try again in a moment.',
      );
    }
    return charge();
  }

  async function payInvoice(
    me: CustomerPrincipal,
    invoiceId: string,
    req: { amountCents: number; cardNumber?: string; savedCardId?: string; idempotencyKey: string },
    actor: AuditActor,
  ): Promise<PayOutcome> {
    // A saved card is part of the request (the same key with another card is another
    // payment); a typed card number never is (a hash of one is easily reversed).
    const hashed: unknown[] = [me.customerId, invoiceId, req.amountCents];
    if (req.savedCardId) hashed.push(req.savedCardId);
    const hash = createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
    const now = deps.clock.now();
    let savedCard: { customerRef: string; paymentMethodRef: string; label: string } | undefined;
    let currency = 'usd';
    const chargeOf = (attempt: { id: string; invoice_id: string; amount_cents: number }, number: number) =>
      provider.charge({
        attemptId: attempt.id,
        idempotencyKey: `slipway-payment-${attempt.id}`,
        amountCents: attempt.amount_cents,
        currency,
        description: `Invoice #${number}`,
        cardNumber: req.cardNumber,
        savedCard,
        metadata: { yardId: me.yardId, invoiceId: attempt.invoice_id },
      });

    const result = await db.transaction().execute(async (trx) => {
      // The order first, then the invoice: the lock order of every path that takes both.
      const ref = await payments.invoiceOrderId(trx, me.yardId, invoiceId);
      if (!ref) throw notFound('That invoice');
      currency = (ref.currency ?? 'USD').toLowerCase();
      await orders.lockOrder(trx, me.yardId, ref.order_id);
      const invoice = await payments.lockInvoice(trx, me.yardId, me.customerId, invoiceId);
      if (!invoice) throw notFound('That invoice');
      // The card before the attempt that names it: another customer's, a removed or unknown
      // one is 404 and leaves nothing — unless this key was used already (a repeat is answered).
      if (req.savedCardId) {
        try {
          savedCard = await cardToCharge(trx, me, req.savedCardId);
        } catch (err) {
          if (!(await payments.findAttemptByKey(trx, me.yardId, req.idempotencyKey))) throw err;
        }
      }
      const attempt = await payments.insertAttempt(trx, {
        yardId: me.yardId,
        invoiceId,
        customerId: me.customerId,
        key: req.idempotencyKey,
        hash,
        amountCents: req.amountCents,
        provider: provider.name,
        at: now,
        savedCardId: req.savedCardId ?? null,
        accountId: me.accountId,
      });
      if (!attempt) return { repeat: true as const, number: invoice.number };
      await refuseWhileReapprovalPending(approvals, trx, me.yardId, ref.order_id, 'paid');
      // Checked after the key: a repeat of a payment that succeeded is answered even
      // though the balance it paid is gone now.
      if (invoice.status === 'paid' || invoice.status === 'void') {
        throw new AppError('INVOICE_NOT_PAYABLE', `Invoice #${invoice.number} has nothing left to pay.`);
      }
      const balance = invoice.total_cents - invoice.paid_cents - invoice.credited_cents;
      if (req.amountCents > balance) {
        throw new AppError(
          'AMOUNT_OVER_BALANCE',
          `The amount is more than the balance due on invoice #${invoice.number}. Pay at most the balance.`,
          { balanceCents: balance },
        );
      }
      // A webhook may yet confirm other attempts still pending at the provider; together
      // they must stay within the balance, or the invoice could be paid twice over.
      const pending = await payments.pendingCents(trx, invoice.id, attempt.id);
      if (req.amountCents > balance - pending) {
        throw new AppError(
          'PAYMENT_PENDING',
          `Another card payment on invoice #${invoice.number} is still waiting for confirmation, so at most the rest of the balance can be paid now. Wait for it to finish, or pay a smaller amount.`,
          { balanceCents: balance, pendingCents: pending, payableCents: Math.max(0, balance - pending) },
        );
      }
      if (!provider.synchronous) return { repeat: false as const, attempt, number: invoice.number };
      const charge = await chargeOf(attempt, invoice.number);
      if (charge.status === 'declined') {
        await payments.setAttempt(trx, attempt.id, {
          status: 'declined',
          at: now,
          failureCode: charge.code,
          failureMessage: charge.message,
        });
        return { repeat: false as const, declined: charge };
      }
      if (charge.status !== 'succeeded') throw new Error('a synchronous provider answered pending');
      const paymentId = await recordPayment(trx, attempt, charge, { accountId: me.accountId, audit: actor });
      return { repeat: false as const, paymentId };
    });

    if (result.repeat) {
      const attempt = (await payments.findAttemptByKey(db, me.yardId, req.idempotencyKey))!;
      return replay(attempt, hash, async () => {
        // Started long ago and never got its reference: asked again, with the same card.
        if (attempt.saved_card_id) savedCard = await cardToCharge(db, me, attempt.saved_card_id);
        return startPending(attempt, result.number);
      });
    }
    if ('declined' in result && result.declined)
      throw declined(result.declined.code, result.declined.message);
    if ('paymentId' in result && result.paymentId)
      return { status: 'succeeded', paymentId: result.paymentId, invoiceId };
    if ('attempt' in result && result.attempt) return startPending(result.attempt, result.number);
    throw new Error('unreachable payment outcome');

    async function startPending(
      attempt: { id: string; invoice_id: string; amount_cents: number },
      number: number,
    ): Promise<PayOutcome> {
      const charge = await chargeOf(attempt, number);
      // A saved card is confirmed at once: it may succeed or be declined right here.
      if (charge.status === 'declined') {
        await payments.setAttempt(db, attempt.id, {
          status: 'declined',
          at: now,
          failureCode: charge.code,
          failureMessage: charge.message,
        });
        throw declined(charge.code, charge.message);
      }
      if (charge.status === 'succeeded') {
        const full = (await payments.findAttemptByKey(db, me.yardId, req.idempotencyKey))!;
        const paymentId = await db
          .transaction()
          .execute((trx) => recordPayment(trx, full, charge, { accountId: me.accountId, audit: actor }));
        return { status: 'succeeded', paymentId, invoiceId: attempt.invoice_id };
      }
      await payments.setAttempt(db, attempt.id, {
        status: 'pending',
        at: now,
        providerRef: charge.reference,
      });
      return { status: 'pending', clientSecret: charge.clientSecret, invoiceId: attempt.invoice_id };
    }
  }

  /** The customer's own saved card in use, as the provider knows it; 404 for anyone else's. */
  async function cardToCharge(trx: Kysely<DB>, me: CustomerPrincipal, cardId: string) {
    const card = await savedCards.findCard(trx, me.yardId, me.customerId, cardId);
    if (!card || card.provider !== provider.name) throw notFound('That card');
    if (cardExpired(card, deps.clock.now())) throw new AppError('CARD_EXPIRED');
    const customer = await savedCards.paymentCustomer(trx, me.yardId, me.customerId, provider.name);
    if (!customer) throw notFound('That card');
    return {
      customerRef: customer.provider_customer_ref,
      paymentMethodRef: card.provider_ref,
      label: `${cardLabel(card)} (saved card)`,
    };
  }

  /**
   * A provider's webhook. The signature is checked by the provider; the event id and the
   * attempt's unique payment make a redelivered event a no-op.
   */
  async function handleWebhook(rawBody: Buffer, signature: string | undefined) {
    if (!provider.parseWebhook) throw notFound('That webhook');
    const confirmed = provider.parseWebhook(rawBody, signature);
    if (!confirmed) return { recorded: false };
    return db.transaction().execute(async (trx) => {
      if (!(await payments.firstDelivery(trx, provider.name, confirmed.eventId, deps.clock.now()))) {
        return { recorded: false };
      }
      const attempt = await payments.lockAttempt(trx, confirmed.attemptId);
      // Only the intent this attempt started, for the yard it was started for, at its amount.
      if (
        !attempt ||
        attempt.amount_cents !== confirmed.amountCents ||
        attempt.provider_ref !== confirmed.reference ||
        attempt.yard_id !== confirmed.yardId
      ) {
        return { recorded: false };
      }
      await recordPayment(trx, attempt, confirmed, { accountId: null, audit: systemActor });
      return { recorded: true };
    });
  }

  return { payInvoice, handleWebhook, provider: provider.name };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
