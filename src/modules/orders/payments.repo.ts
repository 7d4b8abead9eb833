import { type Kysely, sql } from 'kysely';
import type { DB, PaymentAttemptStatus } from '../../db/schema.js';

/** Invoices, payment attempts and payments; every query scoped by yard. */
export function paymentsRepo(db: Kysely<DB>) {
  return {
    /** The customer's invoice, locked: payments of one invoice are decided one at a time. */
    lockInvoice: (trx: Kysely<DB>, yardId: string, customerId: string, invoiceId: string) =>
      trx
        .selectFrom('invoices')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('id', '=', invoiceId)
        .where('status', '!=', 'draft')
        .forUpdate()
        .executeTakeFirst(),

    /**
     * The invoice's order, read without a lock: callers lock the order first, then the
     * invoice, the same order as staff's "send" actions, so the two never deadlock.
     */
    invoiceOrderId: (trx: Kysely<DB>, yardId: string, invoiceId: string) =>
      trx
        .selectFrom('invoices')
        .select((eb) => [
          'order_id',
          // The yard's currency: what a card payment of it is charged in.
          eb.selectFrom('yards').select('currency').where('yards.id', '=', yardId).as('currency'),
        ])
        .where('yard_id', '=', yardId)
        .where('id', '=', invoiceId)
        .executeTakeFirst(),

    /** What other attempts still waiting for the provider (a webhook) may yet add to the invoice. */
    async pendingCents(trx: Kysely<DB>, invoiceId: string, exceptAttemptId: string) {
      const row = await trx
        .selectFrom('payment_attempts')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>('amount_cents'), eb.lit(0)).as('s'))
        .where('invoice_id', '=', invoiceId)
        .where('status', '=', 'pending')
        .where('id', '!=', exceptAttemptId)
        .executeTakeFirstOrThrow();
      return Number(row.s);
    },

    lockInvoiceById: (trx: Kysely<DB>, yardId: string, invoiceId: string) =>
      trx
        .selectFrom('invoices')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', invoiceId)
        .forUpdate()
        .executeTakeFirst(),

    /** Inserts the attempt unless the key is taken; `undefined` means it was. */
    insertAttempt: (
      trx: Kysely<DB>,
      a: {
        yardId: string;
        invoiceId: string;
        customerId: string;
        key: string;
        hash: string;
        amountCents: number;
        provider: string;
        at: Date;
        savedCardId?: string | null;
        /** Who is paying: the owner's account or a grantee's (docs/shared-access.md). */
        accountId?: string | null;
      },
    ) =>
      trx
        .insertInto('payment_attempts')
        .values({
          yard_id: a.yardId,
          invoice_id: a.invoiceId,
          customer_id: a.customerId,
          idempotency_key: a.key,
          request_hash: a.hash,
          amount_cents: a.amountCents,
          provider: a.provider,
          status: 'pending',
          saved_card_id: a.savedCardId ?? null,
          created_at: a.at,
          updated_at: a.at,
          account_id: a.accountId ?? null,
        })
        .onConflict((oc) => oc.columns(['yard_id', 'idempotency_key']).doNothing())
        .returningAll()
        .executeTakeFirst(),

    findAttemptByKey: (trx: Kysely<DB>, yardId: string, key: string) =>
      trx
        .selectFrom('payment_attempts')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst(),

    /** For webhooks: the attempt, locked, whatever yard it is in (the provider names it). */
    lockAttempt: (trx: Kysely<DB>, attemptId: string) =>
      trx
        .selectFrom('payment_attempts')
        .selectAll()
        .where('id', '=', attemptId)
        .forUpdate()
        .executeTakeFirst(),

    setAttempt: (
      trx: Kysely<DB>,
      id: string,
      patch: {
        status: PaymentAttemptStatus;
        at: Date;
        providerRef?: string | null;
        failureCode?: string | null;
        failureMessage?: string | null;
      },
    ) =>
      trx
        .updateTable('payment_attempts')
        .set({
          status: patch.status,
          updated_at: patch.at,
          ...(patch.providerRef !== undefined ? { provider_ref: patch.providerRef } : {}),
          ...(patch.failureCode !== undefined ? { failure_code: patch.failureCode } : {}),
          ...(patch.failureMessage !== undefined ? { failure_message: patch.failureMessage } : {}),
        })
        .where('id', '=', id)
        .execute(),

    /** One payment per attempt (unique attempt_id); `undefined` when it was already recorded. */
    insertPayment: (
      trx: Kysely<DB>,
      p: {
        yardId: string;
        invoiceId: string;
        customerId: string;
        attemptId: string;
        amountCents: number;
        method: string;
        reference: string | null;
        provider: string | null;
        at: Date;
        recordedBy?: string | null;
        note?: string | null;
        paidByAccountId?: string | null;
      },
    ) =>
      trx
        .insertInto('payments')
        .values({
          yard_id: p.yardId,
          invoice_id: p.invoiceId,
          customer_id: p.customerId,
          attempt_id: p.attemptId,
          amount_cents: p.amountCents,
          method: p.method,
          reference: p.reference,
          provider: p.provider,
          received_at: p.at,
          recorded_by: p.recordedBy ?? null,
          note: p.note ?? null,
          paid_by_account_id: p.paidByAccountId ?? null,
        })
        .onConflict((oc) => oc.column('attempt_id').doNothing())
        .returningAll()
        .executeTakeFirst(),

    paymentByAttempt: (trx: Kysely<DB>, attemptId: string) =>
      trx.selectFrom('payments').selectAll().where('attempt_id', '=', attemptId).executeTakeFirst(),

    /**
     * Adds to what is paid in SQL, never in the application: integer cents, one statement,
     * and only while it stays within the balance (`paid + amount ≤ total − credited`; the
     * CHECK `invoices_not_overpaid` is the backstop). `undefined` when it would overpay.
     */
    addPaid: (trx: Kysely<DB>, invoiceId: string, amountCents: number) =>
      trx
        .updateTable('invoices')
        .set((eb) => ({
          paid_cents: eb('paid_cents', '+', amountCents),
          status: eb
            .case()
            .when(sql<boolean>`paid_cents + credited_cents + ${amountCents} >= total_cents`)
            .then('paid' as const)
            .else('partial' as const)
            .end(),
        }))
        .where('id', '=', invoiceId)
        .where('status', 'in', ['open', 'partial'])
        .where(sql<boolean>`paid_cents + credited_cents + ${amountCents} <= total_cents`)
        .returningAll()
        .executeTakeFirst(),

    /** Takes a refund off what is paid; the status follows what is left. */
    subtractPaid: (trx: Kysely<DB>, invoiceId: string, amountCents: number) =>
      trx
        .updateTable('invoices')
        .set((eb) => ({
          paid_cents: eb('paid_cents', '-', amountCents),
          status: eb
            .case()
            .when(sql<boolean>`paid_cents - ${amountCents} + credited_cents >= total_cents`)
            .then('paid' as const)
            .when(sql<boolean>`paid_cents - ${amountCents} > 0`)
            .then('partial' as const)
            .else('open' as const)
            .end(),
        }))
        .where('id', '=', invoiceId)
        .where('paid_cents', '>=', amountCents)
        .returningAll()
        .executeTakeFirst(),

    /** Raises what is refunded of a payment, never above the payment (CHECK as backstop). */
    addRefunded: (trx: Kysely<DB>, paymentId: string, amountCents: number) =>
      trx
        .updateTable('payments')
        .set((eb) => ({ refunded_cents: eb('refunded_cents', '+', amountCents) }))
        .where('id', '=', paymentId)
        .where(sql<boolean>`refunded_cents + ${amountCents} <= amount_cents`)
        .returningAll()
        .executeTakeFirst(),

    orderInvoices: (trx: Kysely<DB>, orderId: string) =>
      trx
        .selectFrom('invoices')
        // What is owed is the total less what credit notes took off; credit notes owe nothing.
        .select([
          sql<number>`total_cents - credited_cents`.as('total_cents'),
          'paid_cents',
          'deposit_cents',
          'kind',
        ])
        .where('order_id', '=', orderId)
        .where('kind', '!=', 'credit_note')
        .where('status', 'not in', ['void', 'draft'])
        .execute(),

    /** Records a webhook event id; false when it was seen before (a redelivery). */
    async firstDelivery(trx: Kysely<DB>, provider: string, eventId: string, at: Date) {
      const row = await trx
        .insertInto('payment_webhook_events')
        .values({ provider, event_id: eventId, received_at: at })
        .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
        .returning('event_id')
        .executeTakeFirst();
      return !!row;
    },

    /** What a receipt email needs. */
    forReceipt: (paymentId: string) =>
      db
        .selectFrom('payments')
        .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
        .innerJoin('orders', 'orders.id', 'invoices.order_id')
        .innerJoin('customers', 'customers.id', 'payments.customer_id')
        .innerJoin('yards', 'yards.id', 'payments.yard_id')
        .select([
          'payments.customer_id',
          // Who paid online (0024): someone the owner shared access with gets the receipt too.
          'payments.paid_by_account_id',
          'payments.amount_cents',
          'payments.method',
          'payments.yard_id',
          'payments.reference',
          'payments.received_at',
          'invoices.number as invoice_number',
          'invoices.total_cents',
          'invoices.paid_cents',
          'invoices.credited_cents',
          'orders.id as order_id',
          'orders.title as order_title',
          'customers.first_name',
          'customers.email',
          'yards.slug as yard_slug',
          'yards.name as yard_name',
          'yards.email as yard_email',
          'yards.phone as yard_phone',
          'yards.currency as yard_currency',
          'yards.timezone as yard_timezone',
        ])
        .where('payments.id', '=', paymentId)
        .executeTakeFirst(),
  };
}

export type PaymentsRepo = ReturnType<typeof paymentsRepo>;
