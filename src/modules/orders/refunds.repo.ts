import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Refunds through the payment provider, in steps: a pending refund is written under the
 * order and invoice locks, the provider is asked with no transaction open, then the
 * refund is marked succeeded or failed. Only a pending refund is ever completed.
 */
export function refundsRepo(db: Kysely<DB>) {
  return {
    /**
     * A refund row: `succeeded` at once for money given back at the counter (recorded, no
     * provider), `pending` with its idempotency key for one the provider is about to be asked.
     */
    insert: (
      trx: Kysely<DB>,
      r: {
        id: string;
        yardId: string;
        paymentId: string;
        invoiceId: string;
        amountCents: number;
        method: string;
        reason: string;
        recordedBy: string;
        at: Date;
      } & ({ status: 'succeeded'; idempotencyKey: null } | { status: 'pending'; idempotencyKey: string }),
    ) =>
      trx
        .insertInto('refunds')
        .values({
          id: r.id,
          yard_id: r.yardId,
          payment_id: r.paymentId,
          invoice_id: r.invoiceId,
          amount_cents: r.amountCents,
          method: r.method,
          reason: r.reason,
          recorded_by: r.recordedBy,
          created_at: r.at,
          updated_at: r.at,
          status: r.status,
          idempotency_key: r.idempotencyKey,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** What refunds still waiting on the provider hold back from a payment. */
    async pendingCents(trx: Kysely<DB>, paymentId: string): Promise<number> {
      const row = await trx
        .selectFrom('refunds')
        .select(sql<number>`coalesce(sum(amount_cents), 0)::int`.as('cents'))
        .where('payment_id', '=', paymentId)
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(row.cents);
    },

    /** Pending refunds of a payment started before `before`: their request never finished. */
    stalePending: (yardId: string, paymentId: string, before: Date) =>
      db
        .selectFrom('refunds')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('payment_id', '=', paymentId)
        .where('status', '=', 'pending')
        .where('created_at', '<', before)
        .orderBy('created_at')
        .execute(),

    findRefund: (trx: Kysely<DB>, yardId: string, refundId: string) =>
      trx
        .selectFrom('refunds')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', refundId)
        .executeTakeFirst(),

    lockRefund: (trx: Kysely<DB>, refundId: string) =>
      trx.selectFrom('refunds').selectAll().where('id', '=', refundId).forUpdate().executeTakeFirst(),

    markSucceeded: (trx: Kysely<DB>, refundId: string, providerRef: string, at: Date) =>
      trx
        .updateTable('refunds')
        .set({ status: 'succeeded', provider_ref: providerRef, updated_at: at })
        .where('id', '=', refundId)
        .where('status', '=', 'pending')
        .executeTakeFirst(),

    markFailed: (trx: Kysely<DB>, refundId: string, message: string, at: Date) =>
      trx
        .updateTable('refunds')
        .set({ status: 'failed', failure_message: message, updated_at: at })
        .where('id', '=', refundId)
        .where('status', '=', 'pending')
        .executeTakeFirst(),
  };
}

export type RefundsRepo = ReturnType<typeof refundsRepo>;
