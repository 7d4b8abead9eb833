import type { InviteBatchStatus } from '../../db/schema.js';
import type { PreparedDelivery } from '../invites/invite-delivery.js';
import { type BatchLease, LeaseLost } from './batch-lease.js';
import { type BatchRun, CANCELLED, type QueuedRow, type RunnerContext, type RunRow } from './batch-run.js';
import { deliverChunk, settleFromInvite } from './deliver-chunk.js';
import { queueChunk } from './queue-chunk.js';

export const CHUNK = 200;

/** What to do next with a batch whose lease was just renewed. */
export type NextStep =
  | { kind: 'cancel' }
  /** No longer running (finished or cancelled elsewhere): let go of it. */
  | { kind: 'release' }
  | { kind: 'complete' }
  /**
   * Rows already queued (the chunk queued while the last one was sent, or left by a crash
   * or a pause): deliver them before anything new. `more`: yet more rows are queued.
   */
  | { kind: 'resume'; items: QueuedRow[]; more: boolean }
  | { kind: 'queue'; rows: RunRow[] };

/** How driving a batch ended. */
export type DriveEnd = 'completed' | 'cancelled' | 'paused' | 'released' | 'lease_lost';

export async function nextStep(
  ctx: RunnerContext,
  run: BatchRun,
  status: InviteBatchStatus,
): Promise<NextStep> {
  if (status === 'cancelling') return { kind: 'cancel' };
  if (status !== 'running') return { kind: 'release' };
  const queued = await ctx.rows.nextRows(run.yardId, run.batchId, 'queued', CHUNK + 1);
  if (queued.length) {
    return {
      kind: 'resume',
      items: queued
        .slice(0, CHUNK)
        .flatMap((r) => (r.invite_id ? [{ rowNumber: r.row_number, inviteId: r.invite_id }] : [])),
      more: queued.length > CHUNK,
    };
  }
  const pending = await ctx.rows.nextRows(run.yardId, run.batchId, 'pending', CHUNK);
  return pending.length ? { kind: 'queue', rows: pending } : { kind: 'complete' };
}

/**
 * Queues the next pending chunk, if any, and prepares its delivery (its invites read, its
 * tokens issued): run while the current chunk is being sent, so that the mail server is not
 * kept waiting for it when the current one is done. Neither sends anything: the messages in
 * flight stay the delivery's `concurrency`.
 */
async function queueAhead(ctx: RunnerContext, run: BatchRun): Promise<PreparedDelivery | null> {
  const pending = await ctx.rows.nextRows(run.yardId, run.batchId, 'pending', CHUNK);
  if (!pending.length) return null;
  const queued = await queueChunk(ctx, run, pending);
  if (!queued.length) return null;
  return ctx.invites.prepareDelivery(
    queued.map((q) => q.inviteId),
    { yardId: run.yardId },
  );
}

/**
 * Drives one batch while this worker holds its lease: chunk by chunk, queue then deliver,
 * the next chunk queued while this one is sent, until it is complete, cancelled, paused
 * for the mail server, or this process stops. An unexpected error is thrown with the lease
 * kept: the batch is tried again when it runs out.
 */
export async function driveBatch(
  ctx: RunnerContext,
  run: BatchRun,
  lease: BatchLease,
  isStopping: () => boolean,
): Promise<DriveEnd> {
  // The next chunk's delivery, prepared while this one was sent; used when the next step
  // resumes exactly those invites (deliverInvites checks), else prepared again.
  let prepared: PreparedDelivery | null = null;
  try {
    while (!isStopping()) {
      const step = await nextStep(ctx, run, await lease.renew());
      if (step.kind === 'cancel') {
        await cancelBatch(ctx, run);
        await lease.finish('cancelled', ctx.clock.now());
        return 'cancelled';
      }
      if (step.kind === 'release') break;
      if (step.kind === 'complete') {
        await lease.finish('completed', ctx.clock.now());
        return 'completed';
      }
      const items = step.kind === 'resume' ? step.items : await queueChunk(ctx, run, step.rows);
      // One chunk queued ahead at most: none while older queued rows still wait, or stopping.
      const ahead = step.kind === 'queue' || !step.more ? !isStopping() : false;
      const hooks: Parameters<typeof deliverChunk>[3] = {
        beforeEach: lease.renewIfDue,
        shouldStop: isStopping,
        prepared,
      };
      const next: Promise<PreparedDelivery | null> = ahead ? queueAhead(ctx, run) : Promise.resolve(null);
      const [delivered, queued]: [
        PromiseSettledResult<{ pauseReason: string | null }>,
        PromiseSettledResult<PreparedDelivery | null>,
      ] = await Promise.allSettled([deliverChunk(ctx, run, items, hooks), next]);
      if (delivered.status === 'rejected') throw delivered.reason;
      if (queued.status === 'rejected') throw queued.reason;
      prepared = queued.value;
      const { pauseReason } = delivered.value;
      if (pauseReason) {
        await lease.pause(pauseReason);
        return 'paused';
      }
    }
  } catch (err) {
    if (err instanceof LeaseLost) return 'lease_lost';
    throw err;
  }
  await lease.release().catch(() => {});
  return 'released';
}

/**
 * Staff cancelled: the still-queued invites end as failed ("Cancelled before it was sent"),
 * so their customers can be invited again at once, and the rows not reached are skipped.
 */
export async function cancelBatch(ctx: RunnerContext, run: BatchRun) {
  for (const row of await ctx.rows.nextRows(run.yardId, run.batchId, 'queued', 100_000)) {
    if (!row.invite_id) continue;
    const queued = { rowNumber: row.row_number, inviteId: row.invite_id };
    await ctx.invites.abandonInvite({ inviteId: row.invite_id }, CANCELLED);
    await settleFromInvite(ctx, run, queued, CANCELLED);
  }
  await ctx.rows.skipPending(run.batchId, CANCELLED, ctx.clock.now());
}
