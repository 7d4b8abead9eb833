import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/databases.js';
import { makeOrderHistory, makeYard, STAFF_PASSWORD } from '../../test/support/factories.js';
import { freePort, ownPostgresMissing, startOwnPostgres } from '../../test/support/own-postgres.js';
import { makePortalCustomer } from '../../test/support/portal-accounts.js';
import { type SmtpSink, startSmtpSink } from '../../test/support/smtp-sink.js';
import { spawnSlipway, started, startWebProcess } from '../../test/support/worker-process.js';
import { openPostgres, POSTGRES_TIMEOUTS } from '../db/connection.js';
import { migrate } from '../db/migrate.js';

/**
 * PostgreSQL is stopped (`pg_ctl stop -m fast`) and started again under load, with real
 * `slipway web` and `slipway worker` processes on a PostgreSQL server of the test's own.
 * While it is down every answer is a normal one or 503 DATABASE_UNAVAILABLE with
 * Retry-After, none hangs, and both processes stay up; once it is back they answer and
 * deliver again without a restart, including an invite queued before the outage.
 */
const missing = ownPostgresMissing();
const wanted = engines().includes('postgres');
if (wanted && missing) console.warn(`Skipping the PostgreSQL restart test: ${missing}`);
const title = `a PostgreSQL restart under load [postgres]${missing ? ` (skipped: ${missing})` : ''}`;

type Phase = 'before' | 'stopping' | 'down' | 'starting' | 'after';
interface Answer {
  kind: 'staff' | 'portal' | 'invite';
  phase: Phase;
  status: number;
  code?: string;
  retryAfter: string | null;
  ms: number;
  /** A network error or a timeout: the web process did not answer at all. */
  failure?: string;
  at: number;
}

/** fetch with a cookie jar and the CSRF token, as the web app sends them. */
class HttpClient {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;
  constructor(private readonly base: string) {}

  async send(method: string, path: string, body: unknown = method === 'GET' ? undefined : {}) {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    };
    if (method !== 'GET') {
      headers['x-csrf-token'] = this.csrf ?? '';
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      // Far longer than any bound the server keeps: a hung request shows up as a slow answer.
      signal: AbortSignal.timeout(20_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const fresh = res.headers.get('x-csrf-token');
    if (fresh) this.csrf = fresh;
    const text = await res.text();
    let json: { code?: string; token?: string } = {};
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, retryAfter: res.headers.get('retry-after'), json };
  }

  async signIn(path: string, email: string, password: string) {
    this.csrf = (await this.send('GET', '/api/csrf')).json.token;
    const res = await this.send('POST', path, { email, password });
    if (res.status !== 200) throw new Error(`sign-in at ${path} answered ${res.status}`);
  }
}

describe.runIf(wanted && !missing)(title, () => {
  let pg: Awaited<ReturnType<typeof startOwnPostgres>>;
  let sink: SmtpSink;
  let web: ChildProcess;
  let worker: ChildProcess;
  let base: string;
  const stderr: string[] = [];
  const collect = (child: ChildProcess, name: string) =>
    child.stderr?.on('data', (d: Buffer) => stderr.push(`[${name}] ${d.toString()}`));
  let seed: {
    slug: string;
    staffEmail: string;
    portalEmail: string;
    customerId: string;
    inviteIds: string[];
    queuedId: string;
    queuedEmail: string;
  };

  beforeAll(async () => {
    pg = await startOwnPostgres();
    const database = await openPostgres(pg.url);
    try {
      await migrate(database);
      const { yard, staff } = await makeYard(database.db);
      const { customer } = await makePortalCustomer(database.db, yard.id);
      await makeOrderHistory(database.db, yard.id, customer.id);
      const rows = await sql<{ id: string; email: string }>`
        INSERT INTO customers (yard_id, customer_number, first_name, last_name, email)
        SELECT ${yard.id}, 200000 + n, 'Outage', 'Test ' || n, 'outage-' || n || '@example.com'
        FROM generate_series(1, 400) AS n RETURNING id, email`.execute(database.db);
      const [queued, ...rest] = rows.rows;
      seed = {
        slug: yard.slug,
        staffEmail: staff.email,
        portalEmail: customer.email!,
        customerId: customer.id,
        inviteIds: rest.map((r) => r.id),
        queuedId: queued.id,
        queuedEmail: queued.email,
      };
    } finally {
      await database.close();
    }
    sink = await startSmtpSink();
    // Plain-http cookies: the test talks to the process with fetch over http://127.0.0.1.
    const port = await freePort();
    const webProcess = await startWebProcess(
      { connectionString: pg.url },
      { sink },
      {
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      },
    );
    web = webProcess.child;
    base = `http://127.0.0.1:${port}`;
    collect(web, 'web');
    // One after the other: this test is about an outage, not two processes installing the queue at once.
    const workerProcess = spawnSlipway(
      'worker',
      { connectionString: pg.url },
      { sink },
      { BULK_INVITE_LEASE_SECONDS: '3' },
    );
    worker = workerProcess.child;
    collect(worker, 'worker');
    await started(workerProcess).catch((err) => {
      throw new Error(`${err.message}: ${stderr.join('')}`);
    });
  }, 60_000);

  afterAll(async () => {
    worker?.kill('SIGCONT');
    worker?.kill('SIGKILL');
    web?.kill('SIGKILL');
    await sink?.close();
    pg?.remove();
  });

  it('answers 503 with Retry-After while it is down, and recovers and delivers by itself', async () => {
    const staff = new HttpClient(base);
    await staff.signIn('/api/staff/sign-in', seed.staffEmail, STAFF_PASSWORD);
    const portal = new HttpClient(base);
    await portal.signIn(`/api/portal/${seed.slug}/sign-in`, seed.portalEmail, 'mooring buoy cedar evening');

    const answers: Answer[] = [];
    let phase: Phase = 'before';
    let running = true;
    const t0 = Date.now();
    async function record(kind: Answer['kind'], send: () => ReturnType<HttpClient['send']>) {
      const started = Date.now();
      const at = started - t0;
      const inPhase = phase;
      try {
        const res = await send();
        answers.push({
          kind,
          phase: inPhase,
          status: res.status,
          code: res.json.code,
          retryAfter: res.retryAfter,
          ms: Date.now() - started,
          at,
        });
      } catch (err) {
        answers.push({
          kind,
          phase: inPhase,
          status: 0,
          retryAfter: null,
          ms: Date.now() - started,
          failure: (err as Error).message,
          at,
        });
      }
    }
    const pause = () => new Promise((r) => setTimeout(r, 20));
    const staffPaths = [`/api/staff/customers/${seed.customerId}`, '/api/staff/customers?q=outage'];
    const portalPaths = [`/api/portal/${seed.slug}/me`, `/api/portal/${seed.slug}/orders`];
    const loops = [
      (async () => {
        for (let i = 0; running; i++) {
          await record('staff', () => staff.send('GET', staffPaths[i % 2]));
          await pause();
        }
      })(),
      (async () => {
        for (let i = 0; running; i++) {
          await record('portal', () => portal.send('GET', portalPaths[i % 2]));
          await pause();
        }
      })(),
      (async () => {
        for (const id of seed.inviteIds) {
          if (!running) break;
          await record('invite', () => staff.send('POST', `/api/staff/customers/${id}/invites`));
          // About as many as one worker mails (one a second), so the queue does not grow.
          await new Promise((r) => setTimeout(r, 700));
        }
      })(),
    ];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    await sleep(2000);
    // An invite queued before the outage, that no worker has taken yet: the worker is paused.
    worker.kill('SIGSTOP');
    const queued = await staff.send('POST', `/api/staff/customers/${seed.queuedId}/invites`);
    expect(queued.status).toBe(201);
    phase = 'stopping';
    const stopAt = Date.now() - t0;
    await pg.stop();
    phase = 'down';
    worker.kill('SIGCONT');
    await sleep(4000);
    phase = 'starting';
    await pg.start();
    const back = Date.now();
    phase = 'after';
    const delivery = sink.waitForMail(seed.queuedEmail, 1, 20_000).then(
      () => Date.now() - back,
      () => undefined,
    );

    // Recovered: a signed-in staff request, a portal request and an invite all succeed again.
    let recoveredMs: number | undefined;
    let next = 0;
    while (Date.now() - back < 15_000) {
      const [s, p, i] = await Promise.all([
        staff.send('GET', staffPaths[0]),
        portal.send('GET', portalPaths[1]),
        staff.send('POST', `/api/staff/customers/${seed.inviteIds.at(-1 - next++)}/invites`),
      ]);
      if (s.status === 200 && p.status === 200 && i.status === 201) {
        recoveredMs = Date.now() - back;
        break;
      }
      await sleep(100);
    }
    await sleep(2000);
    running = false;
    await Promise.all(loops);

    const delivered = await delivery;
    const during = answers.filter((a) => a.phase !== 'before' && a.phase !== 'after');
    const unavailable = answers.filter((a) => a.status === 503);
    const slowest = Math.max(...answers.map((a) => a.ms));
    console.log(
      `PostgreSQL restart: ${answers.length} requests (${during.length} while stopping/down/starting), ` +
        `${unavailable.length} answered 503; slowest answer ${slowest} ms; ` +
        `recovered ${recoveredMs ?? 'never'} ms after PostgreSQL was back; ` +
        `queued invite delivered ${delivered ?? 'never'} ms after; ${sink.received.length} mails in all`,
    );
    const context = () => `\n--- process output ---\n${stderr.join('').slice(-4000)}`;

    // Every answer is a normal one, or 503 DATABASE_UNAVAILABLE with Retry-After; none hangs.
    const normal = (a: Answer) => a.status === 200 || a.status === 201;
    const clean503 = (a: Answer) =>
      a.status === 503 && a.code === 'DATABASE_UNAVAILABLE' && a.retryAfter !== null;
    const bad = answers.filter((a) => !normal(a) && !clean503(a));
    expect(bad.slice(0, 5), `answers neither normal nor a clean 503${context()}`).toEqual([]);
    expect(answers.filter((a) => a.at + a.ms < stopAt && !normal(a))).toEqual([]);
    // Each kind of request met the outage, the signed-in ones included.
    for (const kind of ['staff', 'portal', 'invite'] as const) {
      expect(answers.some((a) => a.kind === kind && a.phase === 'down' && clean503(a))).toBe(true);
    }
    expect(slowest).toBeLessThan(POSTGRES_TIMEOUTS.connectTimeoutMs + 1000);
    // The processes lived through it and recovered by themselves.
    expect(web.exitCode, context()).toBeNull();
    expect(worker.exitCode, context()).toBeNull();
    expect(recoveredMs, context()).toBeDefined();
    expect(recoveredMs!).toBeLessThan(5000);
    expect(
      answers.filter((a) => a.phase === 'after' && a.at > back - t0 + recoveredMs! + 500 && !normal(a)),
    ).toEqual([]);
    // The invite queued before the outage was mailed once PostgreSQL was back.
    expect(delivered, context()).toBeDefined();
  }, 60_000);
});
