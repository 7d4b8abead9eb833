import type { InviteBatchStatus } from '../../db/schema.js';
import type { PreparedDelivery } from '../invites/invite-delivery.js';
import { type BatchLease, LeaseLost } from './batch-lease.js';
import { type BatchRun, CANCELLED, type QueuedRow, type RunnerContext, type RunRow } from './batch-run.js';
import { type ChunkHooks, sendChunk, settleFromInvite } from './deliver-chunk.js';
import { queueChunk } from './queue-chunk.js';

export const CHUNK = 200;

/** What to do next with a batch whose lease was just renewed. */
export type NextStep =
  | { kind: 'cancel' }
  /** No longer running (finished or cancelled elsewhere): let go of it. */
  | { kind: 'release' }
  | { kind: 'complete' }
  /**
   * Rows already queued (left by a crash, a pause or a stop, or queued ahead when the batch
   * was not running at its turn): deliver them before anything new. `more`: yet more rows
   * are queued.
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

/** The chunk queued ahead: its rows, in file order, and its delivery, prepared. */
interface Ahead {
  items: QueuedRow[];
  prepared: PreparedDelivery;
}

/**
 * Queues the next pending chunk, if any, and prepares its delivery (its invites read, its
 * tokens issued): run while the current chunk is being sent, so that the mail server is not
 * kept waiting for it when the current one is done. Neither sends anything: the messages in
 * flight stay the delivery's `concurrency`.
 */
async function queueAhead(ctx: RunnerContext, run: BatchRun): Promise<Ahead | null> {
  const pending = await ctx.rows.nextRows(run.yardId, run.batchId, 'pending', CHUNK);
  if (!pending.length) return null;
  const items = await queueChunk(ctx, run, pending);
  if (!items.length) return null;
  const prepared = await ctx.invites.prepareDelivery(
    items.map((q) => q.inviteId),
    { yardId: run.yardId },
  );
  return { items, prepared };
}

/**
 * Drives one batch while this worker holds its lease: chunk by chunk, queue then deliver,
 * until it is complete, cancelled, paused for the mail server, or this process stops. While
 * a chunk is sent, the next one is queued and prepared, and the rows of the one before are
 * settled: the chunk queued ahead is sent next without reading the rows again, so the mail
 * server waits for neither. Whatever else comes next (a resume, the end, a cancel, a pause)
 * first waits for that settlement, and nothing is left writing when this returns. An
 * unexpected error is thrown with the lease kept: the batch is tried again when it runs out.
 */
export async function driveBatch(
  ctx: RunnerContext,
  run: BatchRun,
  lease: BatchLease,
  isStopping: () => boolean,
): Promise<DriveEnd> {
  let ahead: Ahead | null = null;
  // The settlement of the chunk last sent, written while the next one is sent.
  let settling: Promise<void> = Promise.resolve();
  try {
    while (!isStopping()) {
      const status = await lease.renew();
      let items: QueuedRow[];
      // One chunk queued ahead at most: none while older queued rows still wait, or stopping.
      let queueNext: boolean;
      if (ahead && status === 'running') {
        items = ahead.items;
        queueNext = true;
      } else {
        // The rows read next must be settled ones.
        await settling;
        const step = await nextStep(ctx, run, status);
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
        items = step.kind === 'resume' ? step.items : await queueChunk(ctx, run, step.rows);
        queueNext = step.kind === 'queue' || !step.more;
      }
      const hooks: ChunkHooks = {
        beforeEach: lease.renewIfDue,
        shouldStop: isStopping,
        prepared: ahead?.prepared,
      };
      const next: Promise<Ahead | null> =
        queueNext && !isStopping() ? queueAhead(ctx, run) : Promise.resolve(null);
      const [sent, queued, before] = await Promise.allSettled([
        sendChunk(ctx, run, items, hooks),
        next,
        settling,
      ]);
      if (sent.status === 'rejected') throw sent.reason;
      if (queued.status === 'rejected') throw queued.reason;
      if (before.status === 'rejected') throw before.reason;
      ahead = queued.value;
      settling = sent.value.settle();
      // Awaited below or in the next step; marked handled now, so that a failure while the
      // next chunk is sent is not taken for an unhandled one (it is thrown where awaited).
      settling.catch(() => {});
      if (sent.value.pauseReason) {
        await settling;
        await lease.pause(sent.value.pauseReason);
        return 'paused';
      }
    }
    await settling;
  } catch (err) {
    // Nothing is left writing behind the caller; the first error is the one answered.
    await settling.catch(() => {});
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
