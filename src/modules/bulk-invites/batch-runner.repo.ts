import { type Kysely, sql } from 'kysely';
import type { BatchResult, DB } from '../../db/schema.js';

export interface RowSettlement {
  rowNumber: number;
  result: BatchResult;
  reason: string | null;
  inviteId: string | null;
  at: Date | null;
}

/**
 * The worker's side of invite_batches: claiming a running batch with a lease (database
 * time), renewing it, pausing for the mail server, settling rows. A batch is found by
 * status across yards (the worker serves every yard); everything after the claim is
 * scoped to the batch's own yard.
 */
export function batchRunnerRepo(db: Kysely<DB>) {
  const leaseUntil = (seconds: number) => sql<Date>`now() + make_interval(secs => ${seconds})`;
  return {
    claim: (owner: string, leaseSeconds: number, skip: string[]) =>
      db
        .updateTable('invite_batches')
        .set({ lease_owner: owner, lease_until: leaseUntil(leaseSeconds) })
        .where('id', '=', (eb) =>
          eb
            .selectFrom('invite_batches')
            .select('id')
            .where('status', 'in', ['running', 'cancelling'])
            .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', sql<Date>`now()`)]))
            .where((w) =>
              w.or([
                w('resume_at', 'is', null),
                w('resume_at', '<=', sql<Date>`now()`),
                w('status', '=', 'cancelling'),
              ]),
            )
            .$if(skip.length > 0, (q) => q.where('id', 'not in', skip))
            .orderBy('confirmed_at')
            .limit(1)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['id', 'yard_id', 'status', 'confirmed_by'])
        .executeTakeFirst(),

    /** Extends the lease; answers the batch's status, or nothing when another worker holds it now. */
    renew: (batchId: string, owner: string, leaseSeconds: number) =>
      db
        .updateTable('invite_batches')
        .set({ lease_until: leaseUntil(leaseSeconds) })
        .where('id', '=', batchId)
        .where('lease_owner', '=', owner)
        .returning(['status'])
        .executeTakeFirst(),

    release: (batchId: string, owner: string) =>
      db
        .updateTable('invite_batches')
        .set({ lease_owner: null, lease_until: null })
        .where('id', '=', batchId)
        .where('lease_owner', '=', owner)
        .execute(),

    /** The mail server is unreachable: wait, with the reason for staff, and let any worker resume. */
    pause: (batchId: string, owner: string, delaySeconds: number, reason: string) =>
      db
        .updateTable('invite_batches')
        .set((eb) => ({
          resume_at: leaseUntil(delaySeconds),
          pause_reason: reason,
          retry_count: eb('retry_count', '+', 1),
          lease_owner: null,
          lease_until: null,
        }))
        .where('id', '=', batchId)
        .where('lease_owner', '=', owner)
        .execute(),

    clearPause: (batchId: string) =>
      db
        .updateTable('invite_batches')
        .set({ resume_at: null, pause_reason: null, retry_count: 0 })
        .where('id', '=', batchId)
        .where('pause_reason', 'is not', null)
        .execute(),

    retryCount: async (batchId: string) =>
      (
        await db
          .selectFrom('invite_batches')
          .select('retry_count')
          .where('id', '=', batchId)
          .executeTakeFirstOrThrow()
      ).retry_count,

    nextRows: (yardId: string, batchId: string, result: BatchResult, limit: number) =>
      db
        .selectFrom('invite_batch_rows')
        .select(['row_number', 'customer_id', 'invite_id'])
        .where('yard_id', '=', yardId)
        .where('batch_id', '=', batchId)
        .where('result', '=', result)
        .orderBy('row_number')
        .limit(limit)
        .execute(),

    /** One row's result; see settleRows for the customer's filter flags of a `sent` one. */
    settleRow: async (
      trx: Kysely<DB>,
      batchId: string,
      rowNumber: number,
      v: { result: BatchResult; reason: string | null; inviteId?: string; now: Date | null },
    ) => {
      await settle(trx, batchId, [
        { rowNumber, result: v.result, reason: v.reason, inviteId: v.inviteId ?? null, at: v.now },
      ]);
    },

    /**
     * Many rows' results in one statement. The customers of the rows settled `sent` get
     * their filter flags refreshed in the same statement: the batch's "sent" marks left
     * them (invite-delivery.repo.ts, 0030), one set-based update here instead of one
     * customer row rewritten per mark. A row is settled `sent` only after its mark (also
     * after a crash: the resumed batch settles it from its invite), so no customer is left
     * with a queued invite's 'infinity' once its row is settled.
     */
    settleRows: (trx: Kysely<DB>, batchId: string, rows: RowSettlement[]) => settle(trx, batchId, rows),

    /** Rows not reached when a batch is cancelled. */
    skipPending: (batchId: string, reason: string, now: Date) =>
      db
        .updateTable('invite_batch_rows')
        .set({ result: 'skipped', result_reason: reason, finished_at: now })
        .where('batch_id', '=', batchId)
        .where('result', '=', 'pending')
        .execute(),

    invite: (yardId: string, inviteId: string) =>
      db
        .selectFrom('invites')
        .select(['status', 'sent_at', 'failure_reason'])
        .where('yard_id', '=', yardId)
        .where('id', '=', inviteId)
        .executeTakeFirst(),

    finish: (batchId: string, owner: string, status: 'completed' | 'cancelled', now: Date) =>
      db
        .updateTable('invite_batches')
        .set({
          status,
          finished_at: now,
          lease_owner: null,
          lease_until: null,
          resume_at: null,
          pause_reason: null,
        })
        .where('id', '=', batchId)
        .where('lease_owner', '=', owner)
        .execute(),
  };
}

async function settle(trx: Kysely<DB>, batchId: string, rows: RowSettlement[]) {
  if (!rows.length) return;
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.rowNumber}::int, ${r.result}::text, ${r.reason}::text, ${r.inviteId}::uuid, ${r.at}::timestamptz)`,
    ),
  );
  const update = sql`
    UPDATE invite_batch_rows AS r
    SET result = v.result, result_reason = v.reason, invite_id = coalesce(v.invite_id, r.invite_id),
        finished_at = v.at
    FROM (VALUES ${values}) AS v(row_number, result, reason, invite_id, at)
    WHERE r.batch_id = ${batchId} AND r.row_number = v.row_number`;
  if (!rows.some((r) => r.result === 'sent')) {
    await update.execute(trx);
    return;
  }
  await sql`
    WITH u AS (${update} RETURNING r.result, r.invite_id)
    SELECT customers_refresh_filters(ARRAY(
      SELECT DISTINCT i.customer_id FROM u JOIN invites i ON i.id = u.invite_id WHERE u.result = 'sent'))`.execute(
    trx,
  );
}

export type BatchRunnerRepo = ReturnType<typeof batchRunnerRepo>;
