import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestDatabase } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { importPreview, numberedCustomersCsv, waitForImport } from '../../../test/support/imports.js';
import { startWorkerProcess } from '../../../test/support/worker-process.js';
import type { Database } from '../../db/connection.js';
import type { ImportSummary } from '../../shared/api-types.js';

const ROWS = 10_000;

/**
 * A real `slipway worker` process is killed (SIGKILL) in the middle of a 10,000-row
 * import; a second one takes over when the lease runs out. Runs on PostgreSQL: PGlite
 * lives inside one process and cannot be shared with a worker process.
 */
describe.runIf(engines().includes('postgres'))('imports survive a killed worker process [postgres]', () => {
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
    const child = startWorkerProcess(database, h);
    workers.push(child);
    return child;
  }

  it('writes every customer and boat exactly once after a crash', async () => {
    const { yard, staff } = await makeYard(database.db);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const csv = numberedCustomersCsv(ROWS, 20001, 'Crash');
    const job = await importPreview(agent, csv);
    expect(job.preview.create).toBe(ROWS);
    expect((await agent.post(`/api/staff/imports/${job.id}/confirm`)).statusCode).toBe(200);

    const first = startWorker();
    let mid: ImportSummary;
    for (;;) {
      if (first.exitCode !== null) throw new Error(`worker exited early with ${first.exitCode}`);
      mid = (await agent.get(`/api/staff/imports/${job.id}`)).json() as ImportSummary;
      if (mid.progress.done >= 1500) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atCrash = ((await agent.get(`/api/staff/imports/${job.id}`)).json() as ImportSummary).progress.done;
    expect(atCrash).toBeLessThan(ROWS);

    const second = startWorker();
    const done = await waitForImport(agent, job.id, 'completed', 120_000);
    second.kill('SIGTERM');
    console.log(`import crash recovery: killed after ${atCrash} of ${ROWS} customers`);
    expect(done.progress).toMatchObject({
      units: ROWS,
      done: ROWS,
      failed: 0,
      customersCreated: ROWS,
      boatsCreated: ROWS,
    });
    const counts = await Promise.all(
      (['customers', 'boats', 'audit_log'] as const).map(async (t) =>
        Number(
          (
            await database.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('yard_id', '=', yard.id)
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );
    expect(counts).toEqual([ROWS, ROWS, 2 * ROWS]);
  }, 240_000);
});
