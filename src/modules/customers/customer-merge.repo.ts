import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Every table whose rows belong to a customer and follow them in a merge, in the order they
 * move. The audit log is the exception: it is append-only, so a merged customer's history
 * stays on their (archived) record, which the kept customer's merge entry points to.
 */
export const MERGED_TABLES = [
  'boats',
  'orders',
  'estimates',
  'estimate_acceptances',
  'invoices',
  'payments',
  'payment_attempts',
  'invites',
  'portal_events',
  'portal_accounts',
  'email_change_requests',
  'service_requests',
  'order_updates',
  'invite_batch_rows',
  'yard_activity',
  'customer_contacts',
] as const satisfies readonly (keyof DB)[];
export type MergedTable = (typeof MERGED_TABLES)[number];
export type MergeCounts = Record<MergedTable, number>;

/** Moving a customer's records to another customer of the same yard. */
export function customerMergeRepo(db: Kysely<DB>) {
  return {
    /** How many rows of each table belong to the customer. */
    async counts(yardId: string, customerId: string, trx: Kysely<DB> = db): Promise<MergeCounts> {
      const parts = MERGED_TABLES.map(
        (t) =>
          sql`SELECT ${t}::text AS t, count(*)::int AS n FROM ${sql.table(t)}
              WHERE yard_id = ${yardId} AND customer_id = ${customerId}`,
      );
      const { rows } = await sql<{ t: MergedTable; n: number }>`${sql.join(parts, sql` UNION ALL `)}`.execute(
        trx,
      );
      return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)])) as MergeCounts;
    },

    /** Moves every row of one table from one customer to the other; answers how many moved. */
    async move(trx: Kysely<DB>, table: MergedTable, yardId: string, fromId: string, toId: string) {
      const { rows } = await sql<{ n: number }>`
        WITH moved AS (
          UPDATE ${sql.table(table)} SET customer_id = ${toId}
          WHERE yard_id = ${yardId} AND customer_id = ${fromId}
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM moved`.execute(trx);
      return Number(rows[0].n);
    },

    /** Marks the customer as merged into the other (and archives them, if not already). */
    markMerged: (trx: Kysely<DB>, yardId: string, id: string, intoId: string, now: Date) =>
      trx
        .updateTable('customers')
        .set((eb) => ({
          merged_into: intoId,
          archived_at: eb.fn.coalesce('archived_at', eb.val(now)),
          updated_at: now,
        }))
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .execute(),

    /** The customer's live portal account, if any. */
    liveAccount: (yardId: string, customerId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('portal_accounts')
        .select(['id', 'login_email'])
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst(),

    /** The account can no longer sign in; its sessions end now. */
    async disableAccount(trx: Kysely<DB>, yardId: string, accountId: string, now: Date) {
      await trx
        .updateTable('portal_accounts')
        .set({ disabled_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', accountId)
        .execute();
      await trx
        .deleteFrom('sessions')
        .where('kind', '=', 'customer')
        .where('yard_id', '=', yardId)
        .where('account_id', '=', accountId)
        .execute();
    },
  };
}
