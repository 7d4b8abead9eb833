import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppDeps } from '../../server/deps.js';
import { AppError } from '../../server/errors.js';
import { type InvitesService, tooSoonOnConflict } from '../invites/invites.service.js';
import { MailSendError } from '../mail/mailer.js';
import { batchRunnerRepo } from './batch-runner.repo.js';

export interface BatchRunnerOptions {
  /** How long a claim on a batch lasts without renewal; a dead worker's batch resumes after it. */
  leaseSeconds: number;
  /** First wait after the mail server could not be reached; doubles up to five minutes. */
  retrySeconds: number;
  /** How often an idle worker looks for a batch to drive. */
  pollMs?: number;
  /** Invites handed to the mail server at once per batch: at most this many can be in flight at a crash. */
  concurrency?: number;
  /** Batches one process drives at once. */
  maxBatches?: number;
  log?: (msg: string, err?: unknown) => void;
}

const CHUNK = 200;
const MAX_RETRY_SECONDS = 300;
const CANCELLED = 'Cancelled before it was sent.';

class LeaseLost extends Error {}

/**
 * Drives confirmed bulk invites in the worker process. A batch is claimed with a lease
 * in the database and renewed as it goes; rows are decided and queued one by one through
 * the same `queueInvite` as a single invite (customer row lock, 24-hour rule, timeline),
 * then delivered through the same `deliverInvite`. After a crash another worker claims
 * the batch when the lease runs out and delivers the rows still queued first: only the
 * messages the mail server accepted in the last moment before the crash can go twice.
 */
export function startBatchRunner(
  deps: Pick<AppDeps, 'database' | 'clock'>,
  invites: Pick<InvitesService, 'queueInvite' | 'deliverInvite' | 'abandonInvite'>,
  opts: BatchRunnerOptions,
) {
  const { db } = deps.database;
  const repo = batchRunnerRepo(db);
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const pollMs = opts.pollMs ?? 1000;
  const concurrency = opts.concurrency ?? 4;
  const maxBatches = opts.maxBatches ?? 2;
  const log = opts.log ?? ((msg, err) => console.error(`[bulk-invites] ${msg}`, err ?? ''));
  const active = new Map<string, Promise<void>>();
  let stopped = false;
  let wakeUp: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function drive(claim: { id: string; yard_id: string; status: string; confirmed_by: string | null }) {
    const { id: batchId, yard_id: yardId } = claim;
    let finished = false;
    let pauseReason: string | null = null;
    let cleared = false;
    let renewedAt = Date.now();

    const renew = async () => {
      const r = await repo.renew(batchId, owner, opts.leaseSeconds);
      if (!r) throw new LeaseLost();
      renewedAt = Date.now();
      return r.status;
    };
    const renewIfDue = async () => {
      if (Date.now() - renewedAt > (opts.leaseSeconds * 1000) / 3) await renew();
    };

    /** Decides and queues one row exactly like a single invite; a "no" is the row's reason. */
    async function queueRow(row: { row_number: number; customer_id: string | null }) {
      const now = deps.clock.now();
      if (!row.customer_id) {
        await repo.settleRow(db, batchId, row.row_number, { result: 'skipped', reason: 'No customer', now });
        return null;
      }
      const customerId = row.customer_id;
      try {
        return await db.transaction().execute(async (trx) => {
          const q = await invites.queueInvite(trx, {
            yardId,
            customerId,
            staffId: claim.confirmed_by,
            now,
            enqueue: false,
          });
          await repo.settleRow(trx, batchId, row.row_number, {
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
        await repo.settleRow(db, batchId, row.row_number, { result: 'skipped', reason: e.message, now });
        return null;
      }
    }

    /** Settles a row from its invite when the invite was handled before (crash, cancel, email change). */
    async function settleFromInvite(rowNumber: number, inviteId: string, fallback: string) {
      const invite = await repo.invite(yardId, inviteId);
      const now = deps.clock.now();
      if (invite?.sent_at) {
        await repo.settleRow(db, batchId, rowNumber, { result: 'sent', reason: null, now: invite.sent_at });
      } else if (invite?.status === 'failed' && invite.failure_reason !== CANCELLED) {
        await repo.settleRow(db, batchId, rowNumber, {
          result: 'failed',
          reason: invite.failure_reason,
          now,
        });
      } else {
        const reason =
          invite?.status === 'revoked' ? "The customer's email changed before sending." : fallback;
        await repo.settleRow(db, batchId, rowNumber, { result: 'skipped', reason, now });
      }
    }

    async function deliverRow(rowNumber: number, inviteId: string) {
      try {
        const r = await invites.deliverInvite({ inviteId }, { isLast: false });
        if (!cleared) {
          cleared = true;
          await repo.clearPause(batchId);
        }
        const now = deps.clock.now();
        if (r.outcome === 'sent') {
          await repo.settleRow(db, batchId, rowNumber, { result: 'sent', reason: null, now });
        } else if (r.outcome === 'failed') {
          await repo.settleRow(db, batchId, rowNumber, { result: 'failed', reason: r.reason, now });
        } else if ('reason' in r && r.reason) {
          await repo.settleRow(db, batchId, rowNumber, { result: 'skipped', reason: r.reason, now });
        } else {
          await settleFromInvite(rowNumber, inviteId, 'The invite was no longer waiting to be sent.');
        }
      } catch (err) {
        if (err instanceof MailSendError && !err.permanent) {
          pauseReason = err.serverReason;
          return;
        }
        throw err;
      }
    }

    type Work = { row_number: number; customer_id: string | null; invite_id: string | null };
    async function runChunk(rows: Work[], fresh: boolean) {
      let next = 0;
      const lane = async () => {
        while (next < rows.length && !pauseReason && !stopped) {
          const row = rows[next++];
          await renewIfDue();
          const inviteId = fresh ? await queueRow(row) : row.invite_id;
          if (inviteId) await deliverRow(row.row_number, inviteId);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    }

    async function cancel() {
      for (const row of await repo.nextRows(yardId, batchId, 'queued', 100_000)) {
        if (!row.invite_id) continue;
        await invites.abandonInvite({ inviteId: row.invite_id }, CANCELLED);
        await settleFromInvite(row.row_number, row.invite_id, CANCELLED);
      }
      await repo.skipPending(batchId, CANCELLED, deps.clock.now());
      await repo.finish(batchId, owner, 'cancelled', deps.clock.now());
      finished = true;
    }

    try {
      while (!stopped) {
        const status = await renew();
        if (status === 'cancelling') return await cancel();
        if (status !== 'running') return;
        // Rows queued before a crash or a pause go first, then the rest in file order.
        const queued = await repo.nextRows(yardId, batchId, 'queued', CHUNK);
        if (queued.length) await runChunk(queued, false);
        else {
          const pending = await repo.nextRows(yardId, batchId, 'pending', CHUNK);
          if (!pending.length) {
            await repo.finish(batchId, owner, 'completed', deps.clock.now());
            finished = true;
            return;
          }
          await runChunk(pending, true);
        }
        if (pauseReason) {
          const retries = await repo.retryCount(batchId);
          const delay = Math.min(opts.retrySeconds * 2 ** retries, MAX_RETRY_SECONDS);
          await repo.pause(batchId, owner, delay, pauseReason);
          finished = true;
          return;
        }
      }
    } catch (err) {
      // An unexpected error keeps the lease: the batch is tried again when it runs out.
      finished = true;
      if (!(err instanceof LeaseLost)) throw err;
    } finally {
      if (!finished) await repo.release(batchId, owner).catch(() => {});
    }
  }

  async function loop() {
    while (!stopped) {
      let claimed = false;
      if (active.size < maxBatches) {
        try {
          const claim = await repo.claim(owner, opts.leaseSeconds, [...active.keys()]);
          if (claim) {
            claimed = true;
            const run = drive(claim)
              .catch((err) => log(`batch ${claim.id} stopped; it resumes when its lease runs out`, err))
              .finally(() => {
                active.delete(claim.id);
                wakeUp?.();
              });
            active.set(claim.id, run);
          }
        } catch (err) {
          if (!stopped) log('could not look for bulk invites to send', err);
        }
      }
      if (!claimed && !stopped) await sleep(pollMs);
    }
  }

  const looping = loop();
  return {
    owner,
    /** Looks for work now instead of at the next poll (e.g. right after a confirmation in this process). */
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      wakeUp?.();
      await looping;
      await Promise.allSettled(active.values());
    },
  };
}

export type BatchRunner = ReturnType<typeof startBatchRunner>;
