import { rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engines, openTestDatabase } from '../../../test/support/databases.js';
import type { Database } from '../../db/connection.js';
import { QUEUES } from '../../jobs/queue.js';
import { HOUR } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { SPOOL_PREFIX, spoolDir } from '../../server/multipart-upload.js';
import { startRuntime } from '../../server/runtime.js';

const config = () => loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SMTP_URL: 'smtp://127.0.0.1:1' });

/** When pg-boss's scheduler last looked at the schedules; null if no process runs it. */
const cronOn = async (database: Database) =>
  (await sql<{ cron_on: Date | null }>`SELECT cron_on FROM pgboss.version`.execute(database.db)).rows[0]
    ?.cron_on ?? null;

for (const engine of engines()) {
  describe(`the scheduler runs in worker processes only [${engine}]`, () => {
    it('a web process neither schedules nor runs cleanup jobs, and removes its own left-behind uploads at start', async () => {
      const left = join(spoolDir(), `${SPOOL_PREFIX}${Date.now()}-runtime-test`);
      await writeFile(left, 'rows');
      const old = new Date(Date.now() - 25 * HOUR);
      await utimes(left, old, old);
      const database = await openTestDatabase(engine);
      const web = await startRuntime(config(), { web: true, worker: false }, { database });
      try {
        await expect(stat(left)).rejects.toThrow();
        await new Promise((r) => setTimeout(r, 1500));
        expect(await cronOn(database)).toBeNull();
        expect(await web.deps.boss.getSchedules()).toEqual([]);
      } finally {
        await web.stop();
        await rm(left, { force: true });
      }
    });

    it('a worker process puts the purges and the reminder scan on their schedules and runs the scheduler', async () => {
      const database = await openTestDatabase(engine);
      const worker = await startRuntime(config(), { web: false, worker: true }, { database });
      try {
        const names = (await worker.deps.boss.getSchedules()).map((s) => s.name).sort();
        // SMTP_URL is set: no mail catcher, so no mailbox to purge.
        expect(names).toEqual(
          [QUEUES.purgeRateLimits, QUEUES.purgeSessions, QUEUES.purgeUploads, QUEUES.reminderScan].sort(),
        );
        const deadline = Date.now() + 10_000;
        while (!(await cronOn(database))) {
          if (Date.now() > deadline) throw new Error('the scheduler never ran');
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        await worker.stop();
      }
    });
  });
}
