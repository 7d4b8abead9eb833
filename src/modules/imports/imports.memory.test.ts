import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { writeExport } from '../../../test/support/import-files.js';
import { systemClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { createImportsService } from './imports.service.js';

const ROWS = 100_000;
/** The bound of the bulk invites' memory test (bulk-invites.memory.test.ts). */
const LIMIT_MB = 200;

/**
 * A 100,000-row export is read, staged and previewed (every row decided against the
 * yard) within the bulk invites' memory bound: the file never sits in memory, rows are
 * decided a thousand at a time, only a few keys per customer are remembered.
 */
describeEachEngine('imports: a 100,000-row export', (db, engine) => {
  it(`previews it with memory staying under ${LIMIT_MB} MB above idle`, async () => {
    const { yard, staff } = await makeYard(db().db);
    const file = join(tmpdir(), `slipway-import-memory-${Date.now()}.csv`);
    writeExport(file, ROWS);
    const imports = createImportsService({
      database: db(),
      clock: systemClock,
      config: loadConfig({ LOG_LEVEL: 'silent', SMTP_URL: 'smtp://127.0.0.1:1' }),
    });
    (globalThis as { gc?: () => void }).gc?.();
    const idle = process.memoryUsage().rss;
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    try {
      const job = await imports.createFromUpload(yard.id, staff.id, {
        customers: { name: 'big.csv', path: file },
        boats: null,
      });
      expect(job.rowCount).toBe(ROWS);
      const preview = await imports.setMapping(yard.id, staff.id, job.id, {
        mapping: job.mapping,
        save: false,
      });
      expect(preview.preview).toMatchObject({ create: ROWS, invalid: 0, duplicate: 0 });
    } finally {
      clearInterval(sampler);
      await rm(file, { force: true });
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const aboveIdleMb = (peak - idle) / (1024 * 1024);
    console.log(`100,000-row import preview [${engine}]: peak ${aboveIdleMb.toFixed(0)} MB above idle`);
    expect(aboveIdleMb).toBeLessThan(LIMIT_MB);
  }, 600_000);
});
