import { AppError } from '../../server/errors.js';
import { inviteRefusal } from '../invites/invite-message.js';
import { decideInvite } from '../invites/invite-policy.js';
import { tooSoonOnConflict } from '../invites/invites.service.js';
import type { BatchRun, QueuedRow, RunnerContext, RunRow } from './batch-run.js';
import type { RowSettlement } from './batch-runner.repo.js';

/**
 * Decides and queues a chunk of pending rows in one transaction, with the same rule and the
 * same rows as a single invite: customers locked in id order, decided by the invite policy
 * (refusals worded as the Invite button's), older links superseded, invite rows and
 * timeline events written, every row settled (`queued` or `skipped` with the reason).
 * Should the partial unique index report a race, the chunk is redone row by row through
 * `queueInvite` itself. Answers the rows now queued, in file order.
 */
export async function queueChunk(ctx: RunnerContext, run: BatchRun, rows: RunRow[]): Promise<QueuedRow[]> {
  const { yardId } = run;
  const now = ctx.clock.now();
  const by = { staffId: run.confirmedBy, now };
  const ids = [...new Set(rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])))];
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const customers = await ctx.queue.lockCustomers(trx, yardId, ids);
      const locked = new Map(customers.map((c) => [c.id, c.email]));
      // Archived (or merged) since the preview: kept on file, never invited.
      const archived = new Set(customers.filter((c) => c.archived_at).map((c) => c.id));
      const factsOf = await ctx.facts.inviteFacts(trx, yardId, [...locked.keys()]);
      const settled: RowSettlement[] = [];
      const eligible: { rowNumber: number; customerId: string; email: string }[] = [];
      for (const row of rows) {
        const email = row.customer_id ? locked.get(row.customer_id) : undefined;
        if (!row.customer_id || email === undefined) {
          const reason = 'The customer no longer exists.';
          settled.push({ rowNumber: row.row_number, result: 'skipped', reason, inviteId: null, at: now });
          continue;
        }
        if (archived.has(row.customer_id)) {
          const reason = 'This customer is archived. Restore them to invite them.';
          settled.push({ rowNumber: row.row_number, result: 'skipped', reason, inviteId: null, at: now });
          continue;
        }
        const refusal = inviteRefusal(decideInvite(factsOf(row.customer_id, email), now), email);
        if (refusal || !email) {
          const reason = refusal?.message ?? null;
          settled.push({ rowNumber: row.row_number, result: 'skipped', reason, inviteId: null, at: now });
        } else eligible.push({ rowNumber: row.row_number, customerId: row.customer_id, email });
      }
      const queued: QueuedRow[] = [];
      if (eligible.length) {
        await ctx.queue.supersedeSent(
          trx,
          yardId,
          eligible.map((e) => e.customerId),
        );
        const inserted = await ctx.queue.insertQueued(trx, yardId, eligible, by);
        await ctx.queue.queuedEvents(trx, yardId, inserted, by);
        const inviteOf = new Map(inserted.map((i) => [i.customer_id, i.id]));
        for (const e of eligible) {
          const inviteId = inviteOf.get(e.customerId) as string;
          queued.push({ rowNumber: e.rowNumber, inviteId });
          settled.push({ rowNumber: e.rowNumber, result: 'queued', reason: null, inviteId, at: null });
        }
      }
      await ctx.rows.settleRows(trx, run.batchId, settled);
      return queued;
    });
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    const queued: QueuedRow[] = [];
    for (const row of rows) {
      const inviteId = await queueRow(ctx, run, row);
      if (inviteId) queued.push({ rowNumber: row.row_number, inviteId });
    }
    return queued;
  }
}

/** Decides and queues one row exactly like a single invite; a "no" is the row's reason. */
async function queueRow(ctx: RunnerContext, run: BatchRun, row: RunRow): Promise<string | null> {
  const now = ctx.clock.now();
  const { batchId, yardId } = run;
  if (!row.customer_id) {
    await ctx.rows.settleRow(ctx.db, batchId, row.row_number, {
      result: 'skipped',
      reason: 'No customer',
      now,
    });
    return null;
  }
  const customerId = row.customer_id;
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const q = await ctx.invites.queueInvite(trx, {
        yardId,
        customerId,
        staffId: run.confirmedBy,
        now,
        enqueue: false,
      });
      await ctx.rows.settleRow(trx, batchId, row.row_number, {
        result: 'queued',
        reason: null,
        inviteId: q.inviteId,
        now: null,
      });
      return q.inviteId;
    });
  } catch (err) {
    const e = tooSoonOnConflict(err);
    if (!(e instanceof AppError)) throw e;
    await ctx.rows.settleRow(ctx.db, batchId, row.row_number, { result: 'skipped', reason: e.message, now });
    return null;
  }
}
