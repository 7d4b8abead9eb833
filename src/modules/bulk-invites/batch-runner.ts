import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppDeps } from '../../server/deps.js';
import { logger } from '../../server/logger.js';
import { holdLease } from './batch-lease.js';
import { batchQueueRepo } from './batch-queue.repo.js';
import type { RunnerContext } from './batch-run.js';
import { batchRunnerRepo } from './batch-runner.repo.js';
import { driveBatch } from './drive-batch.js';
import { inviteBatchesRepo } from './invite-batches.repo.js';
import { startLeaseLoop } from './lease-loop.js';

export interface BatchRunnerOptions {
  /** How long a claim on a batch lasts without renewal; a dead worker's batch resumes after it. */
  leaseSeconds: number;
  /** First wait after the mail server could not be reached; doubles up to five minutes. */
  retrySeconds: number;
  /** How often an idle worker looks for a batch to drive. */
  pollMs?: number;
  /** Invites handed to the mail server at once per batch (BULK_INVITE_CONCURRENCY): at most this many can go twice after a crash. */
  concurrency?: number;
  /** Batches one process drives at once. */
  maxBatches?: number;
  log?: (msg: string, err?: unknown) => void;
}

/**
 * Drives confirmed bulk invites in the worker process. A batch is claimed with a lease in
 * the database (batch-lease.ts) and driven chunk by chunk (drive-batch.ts): its rows are
 * decided and queued with the rule and the rows of a single invite (queue-chunk.ts), then
 * sent through the same delivery as a single invite (deliver-chunk.ts). After a crash
 * another worker claims the batch when the lease runs out and delivers the rows still
 * queued first: only the messages the mail server accepted in the last moment before the
 * crash can go twice.
 */
export function startBatchRunner(
  deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'mailer'>,
  invites: RunnerContext['invites'],
  opts: BatchRunnerOptions,
) {
  const { db } = deps.database;
  const ctx: RunnerContext = {
    db,
    clock: deps.clock,
    rows: batchRunnerRepo(db),
    queue: batchQueueRepo(),
    facts: inviteBatchesRepo(db),
    invites,
    concurrency: opts.concurrency ?? 8,
  };
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log =
    opts.log ?? ((msg, err) => logger().error({ err, runner: 'bulk-invites' }, `bulk-invites: ${msg}`));

  function drive(
    claim: { id: string; yard_id: string; confirmed_by: string | null },
    isStopping: () => boolean,
  ) {
    const run = { batchId: claim.id, yardId: claim.yard_id, confirmedBy: claim.confirmed_by };
    const lease = holdLease(ctx.rows, {
      batchId: claim.id,
      owner,
      leaseSeconds: opts.leaseSeconds,
      retrySeconds: opts.retrySeconds,
    });
    return driveBatch(ctx, run, lease, isStopping);
  }

  const loop = startLeaseLoop({
    claim: (skip) => ctx.rows.claim(owner, opts.leaseSeconds, skip),
    drive,
    pollMs: opts.pollMs ?? 1000,
    maxJobs: opts.maxBatches ?? 2,
    log,
    what: 'batch',
  });
  return { owner, ...loop };
}

export type BatchRunner = ReturnType<typeof startBatchRunner>;
