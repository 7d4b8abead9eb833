/**
 * Import benchmark (part of `npm run bench`), on embedded PGlite (in memory), or on
 * PostgreSQL with BENCH_ENGINE=postgres (a fresh database on TEST_POSTGRES_URL): an export of
 * BENCH_IMPORT_ROWS rows (default 10,000; one row per boat, a fifth of the customers with
 * a second boat) into an empty yard:
 *   1. upload + preview: read, stage and decide every row, rows/s;
 *   2. run: the import runner writes each customer with their boats in one transaction
 *      with its audit rows, rows/s;
 * and the peak resident memory of the process over both.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startImportRunner } from '../src/modules/imports/import-runner.js';
import { createImportsService } from '../src/modules/imports/imports.service.js';
import { systemClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import { type EngineName, openTestDatabase } from '../test/support/databases.js';
import { writeExport } from '../test/support/import-files.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const ENGINE = (process.env.BENCH_ENGINE ?? 'pglite') as EngineName;

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-import-bench-'));
  const database = await openTestDatabase(ENGINE);
  const { db } = database;
  const yard = await db
    .insertInto('yards')
    .values({ slug: 'import-bench', name: 'Import Bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const staff = await db
    .insertInto('staff_users')
    .values({ yard_id: yard.id, email: 'bench@example.com', name: 'Bench', role: 'owner' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const file = join(dir, 'export.csv');
  writeExport(file, ROWS);
  const config = loadConfig({ LOG_LEVEL: 'silent', SMTP_URL: 'smtp://127.0.0.1:1' });
  const imports = createImportsService({ database, clock: systemClock, config });

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  const job = await imports.createFromUpload(yard.id, staff.id, {
    customers: { name: 'export.csv', path: file },
    boats: null,
  });
  await imports.setMapping(yard.id, staff.id, job.id, { mapping: job.mapping, save: false });
  const t1 = performance.now();
  await imports.confirm(yard.id, job.id, staff.id);
  const runner = startImportRunner({ database, clock: systemClock }, { leaseSeconds: 60, pollMs: 50 });
  for (;;) {
    const s = await imports.summary(yard.id, job.id);
    if (s.status === 'completed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const t2 = performance.now();
  await runner.stop();
  clearInterval(sampler);
  const rate = (ms: number) => Math.round(ROWS / (ms / 1000)).toLocaleString('en-US');
  console.log(`import [${ENGINE}] ${ROWS.toLocaleString('en-US')} rows`);
  console.log(`  upload + preview: ${((t1 - t0) / 1000).toFixed(1)} s, ${rate(t1 - t0)} rows/s`);
  console.log(`  run:              ${((t2 - t1) / 1000).toFixed(1)} s, ${rate(t2 - t1)} rows/s`);
  console.log(`  peak RSS:         ${Math.round(peak / (1024 * 1024))} MB`);
  await database.close();
  await rm(dir, { recursive: true, force: true });
}

await main();
