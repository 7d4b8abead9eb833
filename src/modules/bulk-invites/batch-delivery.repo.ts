import { type Kysely, sql } from 'kysely';
import type { BatchResult, DB } from '../../db/schema.js';
import { DELIVERY_COLUMNS } from '../invites/invites.repo.js';

/**
 * The invite statements of a batch, set-based: the same rows and timeline events a single
 * invite writes (invites.repo.ts, portal-events.repo.ts), for a chunk of customers per
 * statement, and each outcome recorded with its batch row in one statement. A round trip
 * per statement is what sending thousands of invites costs, not the SQL.
 */
export function batchDeliveryRepo(db: Kysely<DB>) {
  return {
    /** The chunk's customers, locked in id order (the order every writer locks them in). */
    lockCustomers: (trx: Kysely<DB>, yardId: string, ids: string[]) =>
      trx
        .selectFrom('customers')
        .select(['id', 'email'])
        .where('yard_id', '=', yardId)
        .where('id', 'in', ids)
        .orderBy('id')
        .forUpdate()
        .execute(),

    supersedeSent: (trx: Kysely<DB>, yardId: string, customerIds: string[]) =>
      trx
        .updateTable('invites')
        .set({ status: 'superseded' })
        .where('yard_id', '=', yardId)
        .where('customer_id', 'in', customerIds)
        .where('status', '=', 'sent')
        .execute(),

    insertQueued: (
      trx: Kysely<DB>,
      yardId: string,
      rows: { customerId: string; email: string }[],
      by: { staffId: string | null; now: Date },
    ) =>
      trx
        .insertInto('invites')
        .values(
          rows.map((r) => ({
            yard_id: yardId,
            customer_id: r.customerId,
            email: r.email,
            status: 'queued' as const,
            invited_by: by.staffId,
            created_at: by.now,
          })),
        )
        .returning(['id', 'customer_id', 'email'])
        .execute(),

    queuedEvents: (
      trx: Kysely<DB>,
      yardId: string,
      invites: { id: string; customer_id: string; email: string }[],
      by: { staffId: string | null; now: Date },
    ) =>
      trx
        .insertInto('portal_events')
        .values(
          invites.map((i) => ({
            yard_id: yardId,
            customer_id: i.customer_id,
            invite_id: i.id,
            kind: 'invite_queued',
            actor_staff_id: by.staffId,
            detail: JSON.stringify({ email: i.email }),
            created_at: by.now,
          })),
        )
        .execute(),

    /** Many rows' results in one statement. */
    settleRows: async (
      trx: Kysely<DB>,
      batchId: string,
      rows: {
        rowNumber: number;
        result: BatchResult;
        reason: string | null;
        inviteId: string | null;
        at: Date | null;
      }[],
    ) => {
      if (!rows.length) return;
      const values = sql.join(
        rows.map(
          (r) =>
            sql`(${r.rowNumber}::int, ${r.result}::text, ${r.reason}::text, ${r.inviteId}::uuid, ${r.at}::timestamptz)`,
        ),
      );
      await sql`
        UPDATE invite_batch_rows AS r
        SET result = v.result, result_reason = v.reason, invite_id = coalesce(v.invite_id, r.invite_id),
            finished_at = v.at
        FROM (VALUES ${values}) AS v(row_number, result, reason, invite_id, at)
        WHERE r.batch_id = ${batchId} AND r.row_number = v.row_number`.execute(trx);
    },

    /** The queued invites of a chunk with what their email is made from. */
    forDelivery: (yardId: string, inviteIds: string[]) =>
      db
        .selectFrom('invites')
        .innerJoin('customers', 'customers.id', 'invites.customer_id')
        .innerJoin('yards', 'yards.id', 'invites.yard_id')
        .select(DELIVERY_COLUMNS)
        .where('invites.yard_id', '=', yardId)
        .where('customers.yard_id', '=', yardId)
        .where('invites.id', 'in', inviteIds)
        .where('invites.status', '=', 'queued')
        .execute(),

    /** Issues the chunk's tokens in one statement; only still-queued invites get one. */
    setTokens: async (yardId: string, tokens: { inviteId: string; hash: string }[]) => {
      if (!tokens.length) return new Set<string>();
      const values = sql.join(tokens.map((t) => sql`(${t.inviteId}::uuid, ${t.hash}::text)`));
      const { rows } = await sql<{ id: string }>`
        UPDATE invites AS i SET token_hash = v.hash, attempts = i.attempts + 1
        FROM (VALUES ${values}) AS v(id, hash)
        WHERE i.id = v.id AND i.yard_id = ${yardId} AND i.status = 'queued'
        RETURNING i.id`.execute(db);
      return new Set(rows.map((r) => r.id));
    },

    accountsOf: async (yardId: string, customerIds: string[]) =>
      new Set(
        (
          await db
            .selectFrom('portal_accounts')
            .select('customer_id')
            .where('yard_id', '=', yardId)
            .where('customer_id', 'in', customerIds)
            .execute()
        ).map((a) => a.customer_id),
      ),

    /**
     * The mail server accepted the message: the invite is sent (its 24 hours start), the
     * timeline says so and the batch row too, in one statement. False when the invite
     * was no longer queued.
     */
    markSent: async (v: {
      yardId: string;
      inviteId: string;
      batchId: string;
      rowNumber: number;
      now: Date;
      expiresAt: Date;
    }) => {
      const { rows } = await sql<{ n: string }>`
        WITH s AS (
          UPDATE invites SET status = 'sent', sent_at = ${v.now}, expires_at = ${v.expiresAt}
          WHERE id = ${v.inviteId} AND yard_id = ${v.yardId} AND status = 'queued'
          RETURNING id, yard_id, customer_id, email
        ), e AS (
          INSERT INTO portal_events (yard_id, customer_id, invite_id, kind, detail, created_at)
          SELECT yard_id, customer_id, id, 'invite_sent', jsonb_build_object('email', email), ${v.now}::timestamptz FROM s
        ), r AS (
          UPDATE invite_batch_rows SET result = 'sent', result_reason = NULL, finished_at = ${v.now}
          WHERE batch_id = ${v.batchId} AND row_number = ${v.rowNumber} AND EXISTS (SELECT 1 FROM s)
        )
        SELECT count(*) AS n FROM s`.execute(db);
      return Number(rows[0]?.n ?? 0) > 0;
    },

    /** The mail server refused the address for good: the invite, the timeline and the row, in one statement. */
    markFailed: async (v: {
      yardId: string;
      inviteId: string;
      batchId: string;
      rowNumber: number;
      now: Date;
      reason: string;
    }) => {
      const { rows } = await sql<{ n: string }>`
        WITH s AS (
          UPDATE invites SET status = 'failed', failed_at = ${v.now}, failure_reason = ${v.reason}, token_hash = NULL
          WHERE id = ${v.inviteId} AND yard_id = ${v.yardId} AND status = 'queued'
          RETURNING id, yard_id, customer_id, email
        ), e AS (
          INSERT INTO portal_events (yard_id, customer_id, invite_id, kind, detail, created_at)
          SELECT yard_id, customer_id, id, 'invite_failed',
            jsonb_build_object('email', email, 'reason', ${v.reason}::text), ${v.now}::timestamptz FROM s
        ), r AS (
          UPDATE invite_batch_rows SET result = 'failed', result_reason = ${v.reason}, finished_at = ${v.now}
          WHERE batch_id = ${v.batchId} AND row_number = ${v.rowNumber} AND EXISTS (SELECT 1 FROM s)
        )
        SELECT count(*) AS n FROM s`.execute(db);
      return Number(rows[0]?.n ?? 0) > 0;
    },
  };
}
