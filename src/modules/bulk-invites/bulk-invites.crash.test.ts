import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewOf, waitForBatch } from '../../../test/support/bulk-invites.js';
import { engines, openTestDatabase } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { startWorkerProcess } from '../../../test/support/worker-process.js';
import type { Database } from '../../db/connection.js';

const CUSTOMERS = 10_000;
/**
 * The workers' BULK_INVITE_CONCURRENCY, given explicitly: the bound on duplicates below is
 * this setting (the default, 8), not a number the test assumes.
 */
const CONCURRENCY = 8;

/**
 * A real `slipway worker` process is killed (SIGKILL, no chance to tidy up) in the middle
 * of a 10,000-customer batch; a second one takes over. Runs on PostgreSQL: PGlite lives
 * inside one process and cannot be shared with a worker process.
 */
describe.runIf(engines().includes('postgres'))(
  'bulk invites survive a killed worker process [postgres]',
  () => {
    let database: Database;
    let h: Harness;
    const workers: ChildProcess[] = [];

    beforeAll(async () => {
      database = await openTestDatabase('postgres');
      h = await startHarness(database, { worker: false });
    });
    afterAll(async () => {
      for (const w of workers) w.kill('SIGKILL');
      await h.close();
      await database.close();
    });

    function startWorker() {
      const child = startWorkerProcess(database, h, { BULK_INVITE_CONCURRENCY: String(CONCURRENCY) });
      workers.push(child);
      return child;
    }

    it('completes after a crash without missing anyone; duplicates are limited to mail in flight', async () => {
      const { yard, staff } = await makeYard(database.db);
      await sql`
      INSERT INTO customers (yard_id, customer_number, first_name, last_name, email)
      SELECT ${yard.id}, 100000 + n, 'Crash', 'Test ' || n, 'crash-' || n || '@example.com'
      FROM generate_series(1, ${CUSTOMERS}) AS n`.execute(database.db);
      const agent = h.agent();
      await agent.signInStaff(staff.email, STAFF_PASSWORD);
      const csv = [
        'Customer number',
        ...Array.from({ length: CUSTOMERS }, (_, i) => String(100001 + i)),
      ].join('\n');
      const batch = await previewOf(agent, csv);
      expect(batch.preview.will_invite).toBe(CUSTOMERS);
      expect((await agent.post(`/api/staff/invite-batches/${batch.id}/confirm`)).statusCode).toBe(200);

      const first = startWorker();
      const killAt = 3000;
      while (h.sink.received.length < killAt) {
        if (first.exitCode !== null) throw new Error(`worker exited early with ${first.exitCode}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const atCrash = h.sink.received.length;
      const mid = await waitForBatch(agent, batch.id, [], 5000, () => true);
      expect(mid.status).toBe('running');
      expect(mid.progress.pending).toBeGreaterThan(0);

      const second = startWorker();
      const done = await waitForBatch(agent, batch.id, ['completed'], 240_000);
      second.kill('SIGTERM');

      const recipients = h.sink.received.flatMap((m) => m.to);
      const unique = new Set(recipients);
      const duplicates = recipients.length - unique.size;
      console.log(
        `crash recovery: killed after ${atCrash} mails; ${recipients.length} mails to ${unique.size} customers; ${duplicates} duplicate(s)`,
      );
      expect(unique.size).toBe(CUSTOMERS);
      expect(done.progress).toMatchObject({ sent: CUSTOMERS, failed: 0, skipped: 0, pending: 0, queued: 0 });
      // At most the invites one batch hands the mail server at once (BULK_INVITE_CONCURRENCY).
      expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
      const stillQueued = await database.db
        .selectFrom('invites')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('yard_id', '=', yard.id)
        .where('status', '!=', 'sent')
        .executeTakeFirstOrThrow();
      expect(Number(stillQueued.n)).toBe(0);
    }, 400_000);
  },
);
