import { createWriteStream, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import type { Database } from '../../db/connection.js';
import { systemClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { createInviteBatchesService } from './invite-batches.service.js';
import { TEMPLATE_HEADER, writeXlsx } from './spreadsheet/index.js';

const ROWS = 100_000;
const LIMIT_MB = 200;

/** Half the rows name a customer by number, half by email, all matching the seeded customers. */
function* templateRows(): Generator<string[]> {
  for (let n = 1; n <= ROWS; n++) {
    yield n % 2
      ? [String(500000 + n), '', 'Memory', `Test ${n}`, '']
      : ['', `memory-${n}@example.com`, 'Memory', `Test ${n}`, ''];
  }
}

async function writeCsvFile(file: string) {
  const lines = ['Customer number,Email,First name,Last name,Phone'];
  for (const row of templateRows()) lines.push(row.join(','));
  writeFileSync(file, lines.join('\n'));
}

/** Written with the app's own streaming writer, as a yard would get the template back from Excel. */
async function writeXlsxFile(file: string) {
  const header = [...TEMPLATE_HEADER];
  await pipeline(writeXlsx([{ name: 'Invites', header, rows: templateRows() }]), createWriteStream(file));
}

/**
 * The upload is read as a stream and matched a thousand rows at a time: memory must not
 * grow with the file. Resident memory is sampled while a 100,000-row template is
 * previewed against a yard of 100,000 customers.
 */
describeEachEngine('bulk invites: a 100,000-row template', (db, engine) => {
  async function previewWithinBound(ext: 'csv' | 'xlsx', write: (file: string) => Promise<void>) {
    const { yard, staff } = await makeYard(db().db);
    await seedCustomers(db(), yard.id);
    const file = join(tmpdir(), `slipway-memory-${Date.now()}.${ext}`);
    await write(file);
    const batches = createInviteBatchesService({
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
      const batch = await batches.createFromUpload(yard.id, staff.id, { name: `big.${ext}`, path: file });
      expect(batch.rowCount).toBe(ROWS);
      expect(batch.preview.will_invite).toBe(ROWS);
    } finally {
      clearInterval(sampler);
      await rm(file, { force: true });
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const aboveIdleMb = (peak - idle) / (1024 * 1024);
    console.log(`100,000-row ${ext} preview [${engine}]: peak ${aboveIdleMb.toFixed(0)} MB above idle`);
    expect(aboveIdleMb).toBeLessThan(LIMIT_MB);
  }

  it(`previews a CSV with memory staying under ${LIMIT_MB} MB above idle`, async () => {
    await previewWithinBound('csv', writeCsvFile);
  }, 300_000);

  // The .xlsx path differs from the CSV one only before the database is reached (unzipping and
  // reading the sheet XML), and takes about half as long again as the CSV case: run once, on
  // PGlite, so the suite does not double in time on every engine.
  it.runIf(engine === 'pglite')(
    `previews an .xlsx with memory staying under ${LIMIT_MB} MB above idle`,
    async () => {
      await previewWithinBound('xlsx', writeXlsxFile);
    },
    300_000,
  );
});

async function seedCustomers(database: Database, yardId: string) {
  await sql`
    INSERT INTO customers (yard_id, customer_number, first_name, last_name, email)
    SELECT ${yardId}, 500000 + n, 'Memory', 'Test ' || n, 'memory-' || n || '@example.com'
    FROM generate_series(1, ${ROWS}) AS n`.execute(database.db);
}
