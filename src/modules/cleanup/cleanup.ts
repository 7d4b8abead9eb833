import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { QUEUES } from '../../jobs/queue.js';
import { DAY, HOUR } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { runJob } from '../../server/logger.js';
import { SPOOL_PREFIX, spoolDir } from '../../server/multipart-upload.js';
import { cleanupRepo } from './cleanup.repo.js';

/** Batches one run deletes at most; what is left goes at the next run. */
const MAX_BATCHES_PER_RUN = 100;

/** When each purge runs (cron, UTC). Staggered so two purges rarely start in the same minute. */
export const PURGE_SCHEDULES = {
  [QUEUES.purgeSessions]: '*/15 * * * *',
  [QUEUES.purgeRateLimits]: '5,20,35,50 * * * *',
  [QUEUES.purgeUploads]: '10 * * * *',
  [QUEUES.purgeMailbox]: '40 3 * * *',
} as const;

/**
 * The scheduled purges. Each is idempotent (a second run finds nothing more to remove),
 * deletes in bounded batches, and is safe with several workers at once.
 */
export function createCleanup(deps: Pick<AppDeps, 'database' | 'clock' | 'config'>) {
  const repo = cleanupRepo(deps.database.db);
  const { batchSize, rateLimitKeepHours, uploadKeepHours, mailboxKeepDays } = deps.config.cleanup;

  async function inBatches(deleteBatch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      const n = await deleteBatch();
      total += n;
      if (n < batchSize) break;
    }
    return total;
  }

  const ago = (ms: number) => new Date(deps.clock.now().getTime() - ms);

  return {
    /** Ended sessions, and the passkey challenges that ran out with them. */
    purgeSessions: async () =>
      (await inBatches(() => repo.purgeExpiredSessions(deps.clock.now(), batchSize))) +
      (await inBatches(() => repo.purgeExpiredPasskeyChallenges(deps.clock.now(), batchSize))),
    purgeRateLimits: () => inBatches(() => repo.purgeRateLimits(ago(rateLimitKeepHours * HOUR), batchSize)),
    /** Only the built-in catcher keeps a mailbox; with a real SMTP server there is nothing to purge. */
    purgeMailbox: async () =>
      deps.config.useMailCatcher
        ? inBatches(() => repo.purgeMailbox(ago(mailboxKeepDays * DAY), batchSize))
        : 0,
    /**
     * Spooled upload files a crashed process left behind. A request removes its own files
     * when it ends, and no batch or import refers to a file after its request (the rows are
     * staged in the database), so a spool file not written to for UPLOAD_SPOOL_KEEP_HOURS
     * belongs to no live upload.
     */
    purgeUploads: async () => {
      const before = ago(uploadKeepHours * HOUR).getTime();
      const dir = spoolDir();
      let removed = 0;
      for (const name of await readdir(dir)) {
        if (!name.startsWith(SPOOL_PREFIX)) continue;
        if (removed >= batchSize * MAX_BATCHES_PER_RUN) break;
        const path = join(dir, name);
        const stat = await lstat(path).catch(() => null);
        if (!stat?.isFile() || stat.mtimeMs >= before) continue;
        // force: another worker on this machine may have removed it a moment ago.
        await rm(path, { force: true });
        removed++;
      }
      return removed;
    },
  };
}

export type Cleanup = ReturnType<typeof createCleanup>;

/**
 * The worker's half: puts the purges on their schedules (pg-boss keeps one schedule per
 * queue, so several workers registering them is harmless) and works their queues.
 */
export async function startCleanup(
  deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'boss'>,
  opts: { pollingIntervalSeconds?: number } = {},
) {
  const { boss } = deps;
  const cleanup = createCleanup(deps);
  const jobs: Array<[string, () => Promise<number>]> = [
    [QUEUES.purgeSessions, cleanup.purgeSessions],
    [QUEUES.purgeRateLimits, cleanup.purgeRateLimits],
    [QUEUES.purgeUploads, cleanup.purgeUploads],
    [QUEUES.purgeMailbox, cleanup.purgeMailbox],
  ];
  for (const [queue, cron] of Object.entries(PURGE_SCHEDULES)) {
    if (queue === QUEUES.purgeMailbox && !deps.config.useMailCatcher) await boss.unschedule(queue);
    else await boss.schedule(queue, cron, {}, { tz: 'UTC' });
  }
  for (const [queue, purge] of jobs) {
    await boss.work(
      queue,
      { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 10 },
      async ([job]): Promise<{ removed: number }> => ({ removed: await runJob(job, () => purge()) }),
    );
  }
  return cleanup;
}
