import { afterAll, beforeAll, expect, it } from 'vitest';
import { csvOf, previewOf, TEMPLATE_HEADER, uploadTemplate } from '../../../test/support/bulk-invites.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { hostile } from './spreadsheet/hostile-files.js';

const RSS_LIMIT_MB = 200;
const MB = 1024 * 1024;

/**
 * The attacker's files, through the real upload route: each is answered 4xx with a sentence
 * saying what was exceeded, none leaves a batch behind, and ten bombs at once neither take
 * the server's memory nor stop it answering.
 */
describeEachEngine('bulk invites: hostile uploads', (db) => {
  let h: Harness;
  const files: [what: string, file: Buffer, name: string, message: RegExp][] = [];
  beforeAll(async () => {
    // Ten parses at once (ten yards), so the reader's budgets, not the parse slots, hold memory.
    h = await startHarness(db(), { env: { BULK_INVITE_MAX_PARSES: '10' } });
    files.push(
      ['a column past XFD', await hostile.hugeColumn(), 'c.xlsx', /cell JBOLTQ2, past Excel's last column/],
      ['a row past 1,048,576', await hostile.hugeRow(), 'c.xlsx', /row 2000000, past Excel's last row/],
      [
        'a row of 5 million cells',
        await hostile.wideRow(5_000_000),
        'c.xlsx',
        /^Row 2 has more than 64 cells/,
      ],
      [
        '250,000 blank rows',
        await hostile.blankRowsXlsx(250_000),
        'c.xlsx',
        /more than 201,000 rows, counting empty/,
      ],
      [
        '250,000 blank CSV lines',
        hostile.blankRowsCsv(250_000),
        'c.csv',
        /more than 201,000 rows, counting empty/,
      ],
      [
        '2 GB of <row/>',
        await hostile.rowBomb(2 * 1024 ** 3),
        'c.xlsx',
        /sheet unpacks to more than 100 times/,
      ],
      [
        'a shared-strings bomb',
        await hostile.sharedStringsBomb(500 * MB),
        'c.xlsx',
        /shared text .* more than 100 times/,
      ],
      ['entity expansion', await hostile.billionLaughs(), 'c.xlsx', /document type declaration/],
      ['a bad CRC', await hostile.badCrc(), 'c.xlsx', /damaged/],
      ['a lying central directory', await hostile.lyingSizes(100), 'c.xlsx', /damaged/],
      ['a zip inside', await hostile.nestedZip(), 'c.xlsx', /sheet is itself a zip archive/],
      [
        'a 1 GB text cell',
        await hostile.longCell(1024 ** 3),
        'c.xlsx',
        /^Row 2, column "A" holds more than 2,000/,
      ],
      [
        'a 9 MB CSV cell',
        hostile.longCsvCell(9 * MB),
        'c.csv',
        /^Row 2, column "Email" holds more than 2,000/,
      ],
      [
        'a CSV row of 9 million cells',
        hostile.wideCsvRow(9_000_000),
        'c.csv',
        /^Row 2 has more than 64 cells/,
      ],
    );
  }, 60_000);
  afterAll(() => h.close());

  async function signedInStaff() {
    const { yard, staff } = await makeYard(db().db);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, agent };
  }

  const batchesOf = async (yardId: string) =>
    (await db().db.selectFrom('invite_batches').select('id').where('yard_id', '=', yardId).execute()).length;

  it('answers each hostile file with a 422 saying what was exceeded, quickly, storing nothing', async () => {
    const { yard, agent } = await signedInStaff();
    for (const [what, file, name, message] of files) {
      const started = performance.now();
      const res = await uploadTemplate(agent, file, name);
      const ms = performance.now() - started;
      console.log(
        `${what} (${(file.length / 1024).toFixed(0)} KB): ${res.statusCode} in ${ms.toFixed(0)} ms`,
      );
      expect(res.statusCode, `${what}: ${res.body}`).toBe(422);
      expect(res.json().message, what).toMatch(message);
      expect(ms, what).toBeLessThan(5000);
    }
    expect(await batchesOf(yard.id)).toBe(0);
  }, 120_000);

  it(`keeps memory within ${RSS_LIMIT_MB} MB of idle while ten bombs arrive at once, and answers afterwards`, async () => {
    const yards = await Promise.all(Array.from({ length: 10 }, () => signedInStaff()));
    const bombs = [
      await hostile.longCell(1024 ** 3),
      await hostile.rowBomb(2 * 1024 ** 3),
      await hostile.sharedStringsBomb(500 * MB),
      await hostile.wideRow(5_000_000),
      await hostile.nestedZip(),
    ];
    // RSS rarely shrinks, so the bytes the heap and buffers hold are sampled as well.
    const held = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.external;
    };
    (globalThis as { gc?: () => void }).gc?.();
    const idle = process.memoryUsage().rss;
    const idleHeld = held();
    let peak = idle;
    let peakHeld = idleHeld;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
      peakHeld = Math.max(peakHeld, held());
    }, 20);
    const started = performance.now();
    try {
      const answers = await Promise.all(
        yards.map(({ agent }, i) => uploadTemplate(agent, bombs[i % bombs.length], 'bomb.xlsx')),
      );
      for (const res of answers) expect(res.statusCode, res.body).toBe(422);
    } finally {
      clearInterval(sampler);
    }
    const aboveIdleMb = (Math.max(peak, process.memoryUsage().rss) - idle) / MB;
    const heldMb = (peakHeld - idleHeld) / MB;
    console.log(
      `ten bombs at once: answered in ${(performance.now() - started).toFixed(0)} ms, RSS peak ${aboveIdleMb.toFixed(0)} MB above idle (${(idle / MB).toFixed(0)} MB), heap and buffers peak ${heldMb.toFixed(0)} MB above idle`,
    );
    expect(aboveIdleMb).toBeLessThan(RSS_LIMIT_MB);
    expect(heldMb).toBeLessThan(RSS_LIMIT_MB);
    for (const { yard } of yards) expect(await batchesOf(yard.id)).toBe(0);

    const { agent } = yards[0];
    const batch = await previewOf(agent, csvOf([TEMPLATE_HEADER, ['', 'someone@nowhere.test', '', '', '']]));
    expect(batch.rowCount).toBe(1);
    expect((await agent.get('/api/staff/invite-batches')).statusCode).toBe(200);
  }, 60_000);
});
