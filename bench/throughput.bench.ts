// Longer than most files on purpose: the endpoints, the baseline build beside this one and the
// bulk-invite run are one measurement, printed as one table.
/**
 * Throughput benchmark (part of `npm run bench`; alone: `npx tsx bench/throughput.bench.ts`).
 *
 * Starts Slipway as `slipway start` does (web + worker in one process, the demo yard) on
 * PostgreSQL at 127.0.0.1 in a fresh database of its own, signs in the demo owner and a
 * portal customer (Ava Thompson, given a portal account), then loads each endpoint with
 * autocannon (10 connections, BENCH_SECONDS each, default 5, after a 1 s warm-up) beside a
 * bare Fastify route in a process of its own, measured in the same run. Then bulk invites:
 * BENCH_INVITE_ROWS (default 3,000) invite-sized messages through plain Nodemailer (a pool
 * of 4 connections) into a local SMTP server, and a bulk invite of as many new customers
 * uploaded, confirmed and sent by the running Slipway into the same server.
 *
 * Prints one table: endpoint | req/s | p99 | share of bare Fastify (or of plain Nodemailer).
 * BENCH_BASELINE=<git ref> (e.g. main) also runs that build's code from a temporary copy,
 * each endpoint measured on it just before this build, and adds its columns and the ratio.
 * The machine may be busy with other work: the shares are what compare between runs.
 * Numbers: docs/operations.md, "Measured throughput".
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { DEMO_STAFF_EMAIL, DEMO_STAFF_PASSWORD, DEMO_YARD_SLUG } from '../src/db/demo-seed.js';
import { hashPassword } from '../src/modules/accounts/password-hash.js';
import { cpuMeter } from './cpu-use.js';
import { plainNodemailerRate } from './plain-nodemailer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const INVITES = Number(process.env.BENCH_INVITE_ROWS ?? 3000);
/** BENCH_ONLY=http skips the mail rows (for profiling the endpoints); BENCH_ONLY=mail the endpoints. */
const ONLY = process.env.BENCH_ONLY;
/** BENCH_BASELINE=<git ref>: that build runs beside this one, each endpoint measured on both in turn. */
const BASELINE = process.env.BENCH_BASELINE;
const CONNECTIONS = 10;
const BENCH_DB = `slipway_bench_tp_${randomBytes(4).toString('hex')}`;
const PORTAL_PASSWORD = 'mooring buoy cedar evening';

const children: ChildProcess[] = [];
const stopChildren = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
};
process.on('exit', stopChildren);

async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the process for ${url} exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** A bare Fastify route in a process of its own: what this machine can do at all. */
async function startBareFastify() {
  const port = await freePort();
  const code = `import Fastify from 'fastify';
    const app = Fastify();
    app.get('/', async () => ({ hello: 'world' }));
    await app.listen({ port: ${port}, host: '127.0.0.1' });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, stdio: 'inherit' });
  children.push(child);
  await waitFor(`http://127.0.0.1:${port}/`, child);
  return `http://127.0.0.1:${port}`;
}

async function startSmtp() {
  const arrivals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        arrivals.push(performance.timeOrigin + performance.now());
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** `slipway start` on the bench database: web and worker in one process, as `npm start` runs it. */
async function startSlipway(cwd: string, database: string, smtpUrl: string) {
  const port = await freePort();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  // BENCH_NODE_ARGS, e.g. --cpu-prof, go to Slipway's process.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd,
    // Request logs go where an operator's would; here, nowhere.
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      SMTP_URL: smtpUrl,
      PUBLIC_URL: `http://localhost:${port}`,
      // BENCH_NODE_ENV=production: as an operator runs it (JSON logs); unset: as `npm start` (pretty logs).
      ...(process.env.BENCH_NODE_ENV ? { NODE_ENV: process.env.BENCH_NODE_ENV } : {}),
    },
  });
  children.push(child);
  await waitFor(`http://127.0.0.1:${port}/api/health`, child);
  return { base: `http://127.0.0.1:${port}`, child };
}

/** Cookies as a browser keeps them: name=value of each Set-Cookie. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    take(res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

async function signIn(base: string, pathname: string, body: object) {
  const jar = cookieJar();
  const csrf = await fetch(`${base}/api/csrf`);
  jar.take(csrf);
  const { token } = (await csrf.json()) as { token: string };
  const res = await fetch(`${base}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie: jar.header() },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`sign-in at ${pathname}: ${res.status} ${await res.text()}`);
  jar.take(res);
  return { cookie: jar.header(), csrf: res.headers.get('x-csrf-token') ?? token };
}

interface Row {
  name: string;
  rate: number;
  p99: number | null;
  /** CPU milliseconds per 1,000 requests: Slipway's process and its PostgreSQL backends. */
  cpu?: { app: number; db: number };
  unit: string;
  baseline: 'fastify' | 'nodemailer' | null;
}

async function load(
  name: string,
  url: string,
  headers: Record<string, string> = {},
  of?: Pick<Prepared, 'pid' | 'database'>,
): Promise<Row> {
  const check = await fetch(url, { headers });
  if (check.status !== 200) throw new Error(`${name}: ${check.status} ${await check.text()}`);
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers });
  const meter = of && (await admin((c) => cpuMeter(c, of.pid, of.database)));
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const used = meter && (await admin((c) => meter.stop(c)));
  if (r.non2xx || r.errors || r.timeouts) {
    throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  const per1k = (ms: number) => (ms / r.requests.total) * 1000;
  return {
    name,
    rate: r.requests.average,
    p99: r.latency.p99,
    unit: 'req/s',
    baseline: 'fastify',
    ...(used ? { cpu: { app: per1k(used.app), db: per1k(used.db) } } : {}),
  };
}

async function plainNodemailer(smtpUrl: string, count: number): Promise<Row> {
  return {
    name: 'plain Nodemailer (pool of 4)',
    rate: await plainNodemailerRate(smtpUrl, count, { name: 'Harbor Point Marine', slug: DEMO_YARD_SLUG }),
    p99: null,
    unit: 'mails/s',
    baseline: null,
  };
}

/**
 * A bulk invite of `count` new customers of the demo yard, uploaded, confirmed and sent by
 * the running Slipway. Timed from the first message's arrival (the worker looks for
 * confirmed batches once a second) to the batch's own finish time.
 */
async function bulkInvites(
  { base, staff, database }: { base: string; staff: { cookie: string; csrf: string }; database: string },
  smtp: { arrivals: number[] },
  count: number,
): Promise<Row> {
  await admin(async (c) => {
    await c.query(
      `INSERT INTO customers (yard_id, customer_number, first_name, last_name, email)
       SELECT y.id, 900000 + n, 'Bench', 'Customer ' || n, 'bench-' || n || '@example.com'
       FROM yards y, generate_series(1, $2::int) AS n WHERE y.slug = $1`,
      [DEMO_YARD_SLUG, count],
    );
    await c.query('ANALYZE customers');
  }, database);
  const lines = ['Customer number,Email,First name,Last name,Phone'];
  for (let n = 1; n <= count; n++) lines.push(`${900000 + n},,Bench,Customer ${n},`);
  const form = new FormData();
  form.append('file', new Blob([lines.join('\r\n')], { type: 'text/csv' }), 'bench.csv');
  const headers = { cookie: staff.cookie, 'x-csrf-token': staff.csrf };
  const created = await fetch(`${base}/api/staff/invite-batches`, { method: 'POST', headers, body: form });
  if (created.status !== 201) throw new Error(`upload: ${created.status} ${await created.text()}`);
  const batch = (await created.json()) as { id: string; preview: { will_invite: number } };
  if (batch.preview.will_invite !== count)
    throw new Error(`preview: ${batch.preview.will_invite} of ${count}`);
  const before = smtp.arrivals.length;
  const confirmed = await fetch(`${base}/api/staff/invite-batches/${batch.id}/confirm`, {
    method: 'POST',
    headers,
  });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${await confirmed.text()}`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const s = (await (
      await fetch(`${base}/api/staff/invite-batches/${batch.id}`, { headers: { cookie: staff.cookie } })
    ).json()) as { status: string; finishedAt: string | null; progress: { sent: number } };
    if (s.status !== 'completed') continue;
    if (s.progress.sent !== count) throw new Error(`sent ${s.progress.sent} of ${count}`);
    const got = smtp.arrivals.length - before;
    if (got !== count) throw new Error(`the SMTP server got ${got} of ${count}`);
    const first = smtp.arrivals[before];
    const seconds = (new Date(s.finishedAt!).getTime() - first) / 1000;
    return {
      name: 'bulk invites, end to end',
      rate: count / seconds,
      p99: null,
      unit: 'mails/s',
      baseline: 'nodemailer',
    };
  }
}

/** What one Slipway build measured; `before` the same rows of the baseline build, when asked for. */
function printTable(rows: Row[], before: Row[] | null) {
  const fastify = rows.find((r) => r.name.startsWith('bare Fastify'))!.rate;
  const mailer = rows.find((r) => r.name.startsWith('plain Nodemailer'))?.rate;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const share = (r: Row) => {
    const of = r.baseline === 'fastify' ? fastify : r.baseline === 'nodemailer' ? mailer : null;
    return of
      ? `${((r.rate / of) * 100).toFixed(1)} %${r.baseline === 'nodemailer' ? ' of plain Nodemailer' : ''}`
      : '—';
  };
  const rate = (r: Row) => (r.unit === 'req/s' ? fmt(r.rate) : `${fmt(r.rate)} ${r.unit}`);
  const p99 = (r: Row) => (r.p99 === null ? '—' : `${r.p99} ms`);
  // CPU ms per 1,000 requests, Slipway's process + its PostgreSQL backends: the other work of a busy machine is not in it.
  const cpu = (r: Row | undefined) => (r?.cpu ? `${fmt(r.cpu.app)} + ${fmt(r.cpu.db)}` : '—');
  const extra = before ? ` before (${BASELINE}): req/s | p99 | share | CPU | after ÷ before |` : '';
  console.log(
    `\n| endpoint | req/s | p99 | share of bare Fastify | CPU ms per 1,000 req (app + db) |${extra}`,
  );
  console.log(`| --- | ---: | ---: | ---: | ---: |${before ? ' ---: | ---: | ---: | ---: | ---: |' : ''}`);
  for (const r of rows) {
    const b = before?.find((x) => x.name === r.name);
    const more = before
      ? b
        ? ` ${rate(b)} | ${p99(b)} | ${share(b)} | ${cpu(b)} | ${(r.rate / b.rate).toFixed(2)} × |`
        : ' | | | | |'
      : '';
    console.log(`| ${r.name} | ${rate(r)} | ${p99(r)} | ${share(r)} | ${cpu(r)} |${more}`);
  }
  console.log(
    `\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os.loadavg()[0].toFixed(2)} at the end; ` +
      `autocannon ${CONNECTIONS} connections, ${SECONDS} s per endpoint; ${INVITES.toLocaleString('en-US')} invites; ` +
      `NODE_ENV=${process.env.BENCH_NODE_ENV ?? '(unset, as npm start)'}.`,
  );
}

/** The code of `ref` in a temporary folder, with this checkout's node_modules. */
function checkoutBaseline(ref: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slipway-baseline-'));
  execSync(`git archive ${JSON.stringify(ref)} | tar -x -C ${JSON.stringify(dir)}`, { cwd: ROOT });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** A running Slipway of the code in `cwd`, with the demo owner and Ava Thompson signed in. */
async function prepare(cwd: string, database: string, smtpUrl: string) {
  await admin((c) => c.query(`CREATE DATABASE ${database}`));
  const { base, child } = await startSlipway(cwd, database, smtpUrl);
  const ava = await admin(async (c) => {
    const { rows } = await c.query<{ id: string; yard_id: string; email: string }>(
      `SELECT c.id, c.yard_id, c.email FROM customers c JOIN yards y ON y.id = c.yard_id
       WHERE y.slug = $1 AND c.customer_number = 1001`,
      [DEMO_YARD_SLUG],
    );
    const hash = await hashPassword(PORTAL_PASSWORD);
    await c.query(
      `INSERT INTO portal_accounts (yard_id, customer_id, login_email, password_hash, activated_at)
       VALUES ($1, $2, $3, $4, now())`,
      [rows[0].yard_id, rows[0].id, rows[0].email, hash],
    );
    return rows[0];
  }, database);
  const staff = await signIn(base, '/api/staff/sign-in', {
    email: DEMO_STAFF_EMAIL,
    password: DEMO_STAFF_PASSWORD,
  });
  const customer = await signIn(base, `/api/portal/${DEMO_YARD_SLUG}/sign-in`, {
    email: ava.email,
    password: PORTAL_PASSWORD,
  });
  return { base, database, pid: child.pid!, ava, staff, customer };
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

const ENDPOINTS: [string, (s: Prepared) => [string, Record<string, string>]][] = [
  [
    'portal order history `GET /api/portal/:yard/orders`',
    (s) => [`${s.base}/api/portal/${DEMO_YARD_SLUG}/orders`, { cookie: s.customer.cookie }],
  ],
  [
    'portal `GET /api/portal/:yard/me`',
    (s) => [`${s.base}/api/portal/${DEMO_YARD_SLUG}/me`, { cookie: s.customer.cookie }],
  ],
  [
    'staff customer profile `GET /api/staff/customers/:id`',
    (s) => [`${s.base}/api/staff/customers/${s.ava.id}`, { cookie: s.staff.cookie }],
  ],
  [
    'staff search "son" `GET /api/staff/customers?q=son`',
    (s) => [`${s.base}/api/staff/customers?q=son`, { cookie: s.staff.cookie }],
  ],
];

async function main() {
  const smtp = await startSmtp();
  const databases = [BENCH_DB];
  try {
    const bare = await startBareFastify();
    const current = await prepare(ROOT, BENCH_DB, smtp.url);
    let baseline: Prepared | null = null;
    if (BASELINE) {
      databases.push(`${BENCH_DB}_before`);
      const dir = checkoutBaseline(BASELINE);
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
      baseline = await prepare(dir, `${BENCH_DB}_before`, smtp.url);
    }
    const rows: Row[] = [];
    const before: Row[] = [];
    rows.push({ ...(await load('bare Fastify route', `${bare}/`)), baseline: null });
    // Each endpoint of the baseline just before the same of this build: the machine is as busy for both.
    for (const [name, target] of ONLY === 'mail' ? [] : ENDPOINTS) {
      if (baseline) before.push(await load(name, ...target(baseline), baseline));
      rows.push(await load(name, ...target(current), current));
    }
    if (ONLY !== 'http') {
      rows.push(await plainNodemailer(smtp.url, INVITES));
      if (baseline) before.push(await bulkInvites(baseline, smtp, INVITES));
      rows.push(await bulkInvites(current, smtp, INVITES));
    }
    printTable(rows, baseline ? before : null);
  } finally {
    stopChildren();
    await new Promise((r) => setTimeout(r, 500));
    await smtp.close();
    for (const d of databases) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`));
  }
}

await main();
