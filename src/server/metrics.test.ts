import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { previewOf } from '../../test/support/bulk-invites.js';
import { describeEachEngine } from '../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../test/support/factories.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { QUEUES } from '../jobs/queue.js';
import { startMetricsServer } from './metrics.js';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';

/** The value of one sample line, e.g. `slipway_queue_depth{queue="account-email",state="created"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describeEachEngine('Prometheus metrics', (db) => {
  let h: Harness;
  let metrics: Awaited<ReturnType<typeof startMetricsServer>>;
  // A rejected recipient makes the mail server refuse for good (550).
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false, rejectRecipient: (a) => a.startsWith('bounce') });
    metrics = await startMetricsServer({ port: 0, host: '127.0.0.1', token: TOKEN, ...h.deps });
  });
  afterAll(async () => {
    await metrics.close();
    await h.close();
  });

  async function scrape(): Promise<string> {
    const res = await fetch(metrics.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  }

  it('refuses a scrape without the token, or with a wrong one', async () => {
    expect((await fetch(metrics.url)).status).toBe(401);
    const wrong = await fetch(metrics.url, { headers: { authorization: `Bearer ${TOKEN.slice(1)}x` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('slipway_');
    // The app's own port has no metrics.
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).body).not.toContain('slipway_');
  });

  it('counts requests under their route pattern and status, never the URL, with a latency histogram', async () => {
    const slug = `no-such-yard-${randomUUID().slice(0, 8)}`;
    const series = 'slipway_http_requests_total{method="GET",route="/api/portal/:yard",status="404"}';
    const before = sample(await scrape(), series) ?? 0;
    expect((await h.agent().get(`/api/portal/${slug}`)).statusCode).toBe(404);
    expect((await h.agent().get(`/api/portal/${slug}`)).statusCode).toBe(404);
    // A page whose path carries a token is not a route of its own.
    const token = randomUUID().replaceAll('-', '');
    await h.agent().get(`/portal/${slug}/accept/${token}`);
    const text = await scrape();
    expect(sample(text, series)).toBe(before + 2);
    expect(
      sample(text, 'slipway_http_request_duration_seconds_count{method="GET",route="/api/portal/:yard"}'),
    ).toBe(before + 2);
    expect(text).toContain(
      'slipway_http_request_duration_seconds_bucket{le="0.05",method="GET",route="/api/portal/:yard"}',
    );
    expect(text).toMatch(
      /slipway_http_requests_total\{method="GET",route="\(unmatched\)",status="\d+"\} \d+/,
    );
    expect(text).not.toContain(slug);
    expect(text).not.toContain(token);
  });

  it('shows a queued job in its queue depth, and the age of the oldest waiting job', async () => {
    const depth = `slipway_queue_depth{queue="${QUEUES.accountEmail}",state="created"}`;
    const age = `slipway_queue_oldest_job_age_seconds{queue="${QUEUES.accountEmail}"}`;
    const before = await scrape();
    expect(sample(before, depth)).toBe(0);
    expect(sample(before, age)).toBe(0);
    expect(sample(before, `slipway_queue_depth{queue="${QUEUES.inviteEmail}",state="retry"}`)).toBe(0);
    // No worker runs here: the job waits.
    await h.deps.boss.send(QUEUES.accountEmail, { kind: 'password_reset', resetId: randomUUID() });
    // As if it had waited a minute and a half.
    await sql`UPDATE pgboss.job SET created_on = now() - interval '90 seconds'
      WHERE name = ${QUEUES.accountEmail}`.execute(db().db);
    const after = await scrape();
    expect(sample(after, depth)).toBe(1);
    expect(sample(after, age)).toBeGreaterThanOrEqual(90);
    expect(sample(after, age)).toBeLessThan(900);
    expect(sample(after, 'slipway_metrics_database_up')).toBe(1);
  });

  it('counts mail the server accepted and mail it refused', async () => {
    const text0 = await scrape();
    const sent0 = sample(text0, 'slipway_mails_sent_total') ?? 0;
    const failed0 = sample(text0, 'slipway_mails_failed_total{kind="permanent"}') ?? 0;
    const mail = { subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' };
    await h.deps.mailer.send({ ...mail, to: 'someone@example.com' });
    await expect(h.deps.mailer.send({ ...mail, to: 'bounce@example.com' })).rejects.toThrow();
    const text = await scrape();
    expect(sample(text, 'slipway_mails_sent_total')).toBe(sent0 + 1);
    expect(sample(text, 'slipway_mails_failed_total{kind="permanent"}')).toBe(failed0 + 1);
  });

  it('shows the rows of a running bulk invite by result', async () => {
    const { yard, staff } = await makeYard(db().db);
    const customers = await Promise.all([1, 2, 3].map(() => makeCustomer(db().db, yard.id)));
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const batch = await previewOf(
      agent,
      ['Customer number', ...customers.map((c) => c.customer_number)].join('\n'),
    );
    expect(sample(await scrape(), 'slipway_bulk_invite_rows{result="pending"}')).toBe(0);
    expect((await agent.post(`/api/staff/invite-batches/${batch.id}/confirm`)).statusCode).toBe(200);
    // No worker runs here: the batch stays running with its rows pending.
    expect(sample(await scrape(), 'slipway_bulk_invite_rows{result="pending"}')).toBe(3);
  });

  it('shows the database pool: a connection lent to an open transaction, queries waiting for one', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const trx = h.deps.database.db.transaction().execute(async () => {
      entered();
      await held;
    });
    await inside;
    // On PGlite (one connection) this query waits for the transaction.
    const waiting = h.deps.database.db.selectFrom('yards').select('id').limit(1).execute();
    const scraped = fetch(metrics.url, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) =>
      r.text(),
    );
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([trx, waiting]);
    const text = await scraped;
    expect(sample(text, 'slipway_db_pool_in_use')).toBeGreaterThanOrEqual(1);
    if (h.deps.database.kind === 'pglite') {
      expect(sample(text, 'slipway_db_pool_in_use')).toBe(1);
      expect(sample(text, 'slipway_db_pool_waiting')).toBeGreaterThanOrEqual(1);
    }
    expect(text).toContain('nodejs_eventloop_lag_seconds ');
  });
});
