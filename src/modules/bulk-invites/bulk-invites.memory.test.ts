import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { systemClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { createInviteBatchesService } from './invite-batches.service.js';

const ROWS = 100_000;
const LIMIT_MB = 200;

/**
 * The upload is read as a stream and matched a thousand rows at a time: memory must not
 * grow with the file. Resident memory is sampled while a 100,000-row template is
 * previewed against a yard of 100,000 customers.
 */
describeEachEngine('bulk invites: a 100,000-row template', (db) => {
  it(`is previewed with memory staying under ${LIMIT_MB} MB above idle`, async () => {
    const { yard, staff } = await makeYard(db().db);
    await sql`
      INSERT INTO customers (yard_id, customer_number, first_name, last_name, email)
      SELECT ${yard.id}, 500000 + n, 'Memory', 'Test ' || n, 'memory-' || n || '@example.com'
      FROM generate_series(1, ${ROWS}) AS n`.execute(db().db);
    const lines = ['Customer number,Email,First name,Last name,Phone'];
    for (let n = 1; n <= ROWS; n++) {
      lines.push(n % 2 ? `${500000 + n},,Memory,Test ${n},` : `,memory-${n}@example.com,Memory,Test ${n},`);
    }
    const file = join(tmpdir(), `slipway-memory-${Date.now()}.csv`);
    writeFileSync(file, lines.join('\n'));
    lines.length = 0;
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
      const batch = await batches.createFromUpload(yard.id, staff.id, { name: 'big.csv', path: file });
      expect(batch.rowCount).toBe(ROWS);
      expect(batch.preview.will_invite).toBe(ROWS);
    } finally {
      clearInterval(sampler);
      await rm(file, { force: true });
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const aboveIdleMb = (peak - idle) / (1024 * 1024);
    console.log(`100,000-row preview: peak ${aboveIdleMb.toFixed(0)} MB above idle`);
    expect(aboveIdleMb).toBeLessThan(LIMIT_MB);
  }, 300_000);
});
