import type { PreparedDelivery } from '../invites/invite-delivery.js';
import { type BatchRun, CANCELLED, type QueuedRow, type RunnerContext } from './batch-run.js';
import type { RowSettlement } from './batch-runner.repo.js';

const NO_LONGER_WAITING = 'The invite was no longer waiting to be sent.';

export interface ChunkHooks {
  beforeEach?: () => Promise<void>;
  shouldStop?: () => boolean;
  /** Prepared while the chunk before was sent (drive-batch.ts); used only if for these invites. */
  prepared?: PreparedDelivery | null;
}

/**
 * Sends a chunk's queued invites through the same delivery as a single invite
 * (invite-delivery.ts), `concurrency` at a time. The invite itself is recorded the moment the
 * mail server answers; answers once every message has its outcome, with the settlement of
 * the chunk's rows from those outcomes still to write (`settle`, one statement), so that a
 * batch writes it while its next chunk is sent (drive-batch.ts). A row left `queued` by a
 * crash before its settlement is settled from its invite when the batch resumes. Answers
 * the mail server's reason when it could not be reached: the rows not sent stay queued for
 * after the pause.
 */
export async function sendChunk(
  ctx: RunnerContext,
  run: BatchRun,
  items: QueuedRow[],
  hooks: ChunkHooks = {},
): Promise<{ pauseReason: string | null; settle: () => Promise<void> }> {
  if (!items.length) return { pauseReason: null, settle: async () => {} };
  const outcomes = await ctx.invites.deliverInvites(
    items.map((i) => i.inviteId),
    // The customers' filter flags are refreshed when the rows are settled (settleRows).
    { yardId: run.yardId, concurrency: ctx.concurrency, deferFilters: true, ...hooks },
  );
  const rowOf = new Map(items.map((i) => [i.inviteId, i.rowNumber]));
  const settled: RowSettlement[] = [];
  const handledElsewhere: QueuedRow[] = [];
  let pauseReason: string | null = null;
  for (const o of outcomes) {
    const rowNumber = rowOf.get(o.inviteId) as number;
    const row = { rowNumber, inviteId: null };
    if (o.kind === 'sent') settled.push({ ...row, result: 'sent', reason: null, at: o.at });
    else if (o.kind === 'failed') settled.push({ ...row, result: 'failed', reason: o.reason, at: o.at });
    else if (o.kind === 'abandoned') settled.push({ ...row, result: 'skipped', reason: o.reason, at: o.at });
    else if (o.kind === 'gone') handledElsewhere.push({ rowNumber, inviteId: o.inviteId });
    else pauseReason = o.error.serverReason;
  }
  async function settle() {
    await ctx.rows.settleRows(ctx.db, run.batchId, settled);
    for (const r of handledElsewhere) await settleFromInvite(ctx, run, r, NO_LONGER_WAITING);
    if (settled.some((s) => s.result === 'sent')) await ctx.rows.clearPause(run.batchId);
  }
  return { pauseReason, settle };
}

/**
 * Settles a row from its invite when the invite was handled before: sent by a worker that
 * crashed before settling the row, failed, cancelled, or revoked by an email change.
 */
export async function settleFromInvite(ctx: RunnerContext, run: BatchRun, row: QueuedRow, fallback: string) {
  const invite = await ctx.rows.invite(run.yardId, row.inviteId);
  const now = ctx.clock.now();
  const settle = (v: { result: 'sent' | 'failed' | 'skipped'; reason: string | null; now: Date }) =>
    ctx.rows.settleRow(ctx.db, run.batchId, row.rowNumber, v);
  if (invite?.sent_at) await settle({ result: 'sent', reason: null, now: invite.sent_at });
  else if (invite?.status === 'failed' && invite.failure_reason !== CANCELLED) {
    await settle({ result: 'failed', reason: invite.failure_reason, now });
  } else {
    const reason = invite?.status === 'revoked' ? "The customer's email changed before sending." : fallback;
    await settle({ result: 'skipped', reason, now });
  }
}
