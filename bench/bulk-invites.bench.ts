import { randomBytes } from 'node:crypto';
/**
 * Bulk invite benchmark (part of `npm run bench`).
 *
 * For each engine (embedded PGlite, and PostgreSQL on 127.0.0.1 in a database of its own):
 * a yard of BENCH_INVITE_ROWS (default 10,000) customers, a filled template of as many
 * rows (customer numbers, emails and phones mixed), then
 *   1. preview: read + match + store the file, rows/s (target: 10,000 rows under 3 s);
 *   2. plain Nodemailer: the same number of invite-sized messages into the same local SMTP
 *      server through a pooled transport (4 connections), messages/s;
 *   3. end to end: confirm the batch and let the batch runner send it, invites/s, and the
 *      ratio to plain Nodemailer (target: at least 60 %).
 */
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { type Database, openPGlite, openPostgres } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { startQueue } from '../src/jobs/queue.js';
import { startBatchRunner } from '../src/modules/bulk-invites/batch-runner.js';
import { createInviteBatchesService } from '../src/modules/bulk-invites/invite-batches.service.js';
import { createInvitesService } from '../src/modules/invites/invites.service.js';
import { createSmtpMailer } from '../src/modules/mail/mailer.js';
import { systemClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import { plainNodemailerRate } from './plain-nodemailer.js';

const ROWS = Number(process.env.BENCH_INVITE_ROWS ?? 10_000);
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
// A name of its own per run, so two runs (or a run beside the tests) never share a database.
const BENCH_DB = `slipway_bench_invites_${randomBytes(4).toString('hex')}`;

async function startSmtp() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    // No reverse DNS of 127.0.0.1 per connection: without a resolver it stalls every new connection.
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function openPostgresBench(): Promise<Database> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${BENCH_DB}`;
  return openPostgres(url.toString());
}

async function benchEngine(name: string, database: Database) {
  await migrate(database);
  const { db } = database;
  const smtp = await startSmtp();
  const config = loadConfig({
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://portal.bench.test',
  });
  const mailer = createSmtpMailer(smtp.url, config.mailFrom);
  const boss = await startQueue(database, { supervise: false });
  const deps = { config, database, boss, clock: systemClock, mailer };
  const yard = await db
    .insertInto('yards')
    .values({ slug: `bench-${Date.now()}`, name: 'Bench Marina', email: 'office@bench.test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const staff = await db
    .insertInto('staff_users')
    .values({ yard_id: yard.id, email: `bench-${Date.now()}@bench.test`, name: 'Bench', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    INSERT INTO customers (yard_id, customer_number, first_name, last_name, email, phone, phone_digits)
    SELECT ${yard.id}, 10000 + n, 'Bench', 'Customer ' || n, 'bench-' || n || '@example.com',
      '(305) 7' || lpad(n::text, 6, '0'), '3057' || lpad(n::text, 6, '0')
    FROM generate_series(1, ${ROWS}) AS n`.execute(db);
  await sql`ANALYZE customers`.execute(db);

  // A template as staff fill it: mostly numbers, some emails, some phones.
  const lines = ['Customer number,Email,First name,Last name,Phone'];
  for (let n = 1; n <= ROWS; n++) {
    if (n % 3 === 0) lines.push(`,bench-${n}@example.com,Bench,Customer ${n},`);
    else if (n % 3 === 1) lines.push(`${10000 + n},,Bench,Customer ${n},`);
    else lines.push(`,,Bench,Customer ${n},(305) 7${String(n).padStart(6, '0')}`);
  }
  const file = join(tmpdir(), `slipway-bench-${Date.now()}.csv`);
  writeFileSync(file, lines.join('\r\n'));
  const batches = createInviteBatchesService(deps);
  const t = performance.now();
  const batch = await batches.createFromUpload(yard.id, staff.id, { name: 'bench.csv', path: file });
  const previewSeconds = (performance.now() - t) / 1000;
  await rm(file, { force: true });
  if (batch.preview.will_invite !== ROWS)
    throw new Error(`preview matched ${batch.preview.will_invite} of ${ROWS}`);

  const plainRate = await plainNodemailerRate(smtp.url, ROWS, { name: 'Bench Marina', slug: 'bench' });

  const invites = createInvitesService(deps);
  const before = smtp.received();
  await batches.confirm(yard.id, batch.id, staff.id);
  const runner = startBatchRunner(deps, invites, { ...config.bulkInvites, pollMs: 20 });
  const confirmedAt = Date.now();
  let finishedAt: string | null = null;
  // Polled about as often as the progress bar does; the time is the batch's own finish time.
  for (;;) {
    const s = await batches.summary(yard.id, batch.id);
    if (s.status === 'completed') {
      if (s.progress.sent !== ROWS) throw new Error(`sent ${s.progress.sent} of ${ROWS}`);
      finishedAt = s.finishedAt;
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const sendSeconds = (new Date(finishedAt ?? Date.now()).getTime() - confirmedAt) / 1000;
  await runner.stop();
  if (smtp.received() - before !== ROWS)
    throw new Error(`the SMTP server got ${smtp.received() - before} mails`);
  const rate = ROWS / sendSeconds;

  console.log(`\n${name}: ${ROWS.toLocaleString('en-US')} rows`);
  console.log(
    `  preview        ${previewSeconds.toFixed(2)} s = ${Math.round(ROWS / previewSeconds).toLocaleString('en-US')} rows/s` +
      `  (target < 3 s for 10,000: ${previewSeconds * (10_000 / ROWS) < 3 ? 'met' : 'MISSED'})`,
  );
  console.log(`  plain Nodemailer  ${Math.round(plainRate)} messages/s`);
  console.log(
    `  end to end     ${sendSeconds.toFixed(2)} s = ${Math.round(rate)} invites/s = ${Math.round((rate / plainRate) * 100)} % of plain Nodemailer` +
      `  (target ≥ 60 %: ${rate / plainRate >= 0.6 ? 'met' : 'MISSED'})`,
  );
  await boss.stop({ graceful: false, wait: true, timeout: 2000 }).catch(() => {});
  mailer.close();
  await smtp.close();
  await database.close();
}

await benchEngine('PGlite (embedded)', await openPGlite());
await benchEngine('PostgreSQL', await openPostgresBench());
const dropper = new pg.Client({ connectionString: ADMIN_URL });
await dropper.connect();
await dropper.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
await dropper.end();
