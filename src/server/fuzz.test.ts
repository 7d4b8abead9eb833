import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/databases.js';
import { databaseInvariantBreaches } from '../../test/support/db-invariants.js';
import { STAFF_PASSWORD } from '../../test/support/factories.js';
import { describeRequest, type FuzzRequest, requestsFor } from '../../test/support/fuzz-requests.js';
import type { Agent, Harness } from '../../test/support/harness.js';
import { startHarness } from '../../test/support/harness.js';
import { CUSTOMER_PASSWORD } from '../../test/support/order-fixtures.js';
import { apiOperations, MATRIX, yardWithEverything } from '../../test/support/route-table.js';
import { toJsonText } from '../../test/support/schema-arbitrary.js';
import { isStaffPermission } from './permissions.js';

/**
 * A schema-driven fuzzer (docs/operations.md, "Route sweep and fuzzing"): requests generated
 * from every route's OpenAPI schemas, hostile values mixed in, sent as the yard's signed-in
 * owner and as its portal customer, both with CSRF tokens so the validation and the handlers
 * are reached. No answer may be ≥ 500, the app must still answer afterwards, and the
 * database invariants must hold. FUZZ_SEED picks another seed, FUZZ_RUNS fewer requests.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/** Requests the fuzzer once answered with a 500; each is sent again on every run. */
const REGRESSIONS: FuzzRequest[] = [];

describeEachEngine('schema fuzzer', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { config: { useMailCatcher: true } });
  });
  afterAll(() => h.close());

  it(`${RUNS} generated requests: no answer ≥ 500, the app still answers, the database invariants hold`, async () => {
    const a = await yardWithEverything(h, db());
    const ops = (await apiOperations(h)).filter((o) => o.route in MATRIX);
    const people = {
      staff: {
        agent: a.agents.owner,
        signIn: (g: Agent) =>
          g.post('/api/staff/sign-in', { email: a.y.staff.email, password: STAFF_PASSWORD }),
      },
      customer: {
        agent: a.y.me.agent,
        signIn: async (g: Agent) => {
          const signIn = () =>
            g.post(`/api/portal/${a.y.yard.slug}/sign-in`, {
              email: a.y.me.customer.email,
              password: CUSTOMER_PASSWORD,
            });
          const first = await signIn();
          if (first.statusCode !== 403) return first;
          // The fuzzer archived the customer, which closes their portal: the yard restores them.
          const desk = h.agent();
          await desk.signInStaff(a.y.staff.email, STAFF_PASSWORD);
          await desk.post(`/api/staff/customers/${a.y.me.customer.id}/restore`);
          return signIn();
        },
      },
    };
    const crashes: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const statuses = new Map<number, number>();
    let signIns = 0;
    let genMs = 0;
    let lastEnd = performance.now();
    const timeByRoute = new Map<string, number>();
    let sent = 0;

    async function send(r: FuzzRequest, who: 'staff' | 'customer') {
      const person = people[who];
      const headers: Record<string, string> = { ...r.headers, ...(await person.agent.authHeaders()) };
      let payload: string | undefined;
      if (r.body && 'json' in r.body) {
        payload = toJsonText(r.body.json);
        headers['content-type'] = 'application/json';
      } else if (r.body) {
        payload = r.body.raw;
        headers['content-type'] = r.body.contentType;
      }
      let res: LightMyRequestResponse;
      const t0 = performance.now();
      try {
        // The fuzzer's own address, so its failed sign-ins never limit the re-sign-ins below.
        res = await h.app.inject({
          method: r.method as 'GET',
          url: r.url,
          headers,
          payload,
          remoteAddress: '10.9.9.9',
        });
      } catch (err) {
        crashes.push(`inject threw: ${(err as Error).message} — ${describeRequest(r)}`);
        return;
      }
      sent++;
      timeByRoute.set(r.route, (timeByRoute.get(r.route) ?? 0) + performance.now() - t0);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500)
        crashes.push(`${res.statusCode} ${res.body.slice(0, 300)} — ${describeRequest(r)}`);
      // A route that ended the session (signing out, a password change): sign in again.
      if (res.statusCode === 401 && MATRIX[r.route] !== 'public') {
        const fresh = h.agent();
        const ok = await person.signIn(fresh);
        if (ok.statusCode === 200) {
          person.agent = fresh;
          signIns++;
        }
      }
    }
    const whoFor = (route: string, coin: boolean) => {
      const access = MATRIX[route];
      return isStaffPermission(access)
        ? 'staff'
        : access === 'customer'
          ? 'customer'
          : coin
            ? 'staff'
            : 'customer';
    };

    for (const r of REGRESSIONS) await send(r, whoFor(r.route, true));

    const started = Date.now();
    const request = fc.tuple(fc.oneof(...ops.map((op) => requestsFor(op, a.fill))), fc.boolean());
    console.log(`fuzzing with FUZZ_SEED=${SEED}, ${RUNS} requests`);
    await fc.assert(
      fc.asyncProperty(request, async ([r, coin]) => {
        genMs += performance.now() - lastEnd;
        // Never throws: every failure is collected, so one run shows them all.
        await send(r, whoFor(r.route, coin)).catch((err: Error) =>
          crashes.push(`the test's own send threw: ${err.stack} — ${describeRequest(r)}`),
        );
        lastEnd = performance.now();
      }),
      { seed: SEED, numRuns: RUNS },
    );
    process.off('unhandledRejection', onUnhandled);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `fuzz: ${sent} requests in ${seconds.toFixed(0)} s (seed ${SEED}), statuses ${JSON.stringify(Object.fromEntries(statuses))}, sessions renewed ${signIns}, between requests ${(genMs / 1000).toFixed(1)} s`,
    );

    const routeMs = [...timeByRoute.values()].reduce((x, y) => x + y, 0);
    console.log(`in the app: ${(routeMs / 1000).toFixed(1)} s`);
    const slowest = [...timeByRoute].sort((x, y) => y[1] - x[1]).slice(0, 8);
    console.log(`slowest routes (total ms): ${slowest.map(([r, ms]) => `${r} ${ms.toFixed(0)}`).join(', ')}`);
    expect(crashes, `answers ≥ 500 (FUZZ_SEED=${SEED})`).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(RUNS * 0.99);
    // The process is up and still serves both kinds of people.
    expect((await h.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    // Signing in afresh (the last requests may have signed these people out), both are served.
    for (const [who, me] of [
      ['staff', '/api/staff/me'],
      ['customer', `/api/portal/${a.y.yard.slug}/me`],
    ] as const) {
      const fresh = h.agent();
      expect((await people[who].signIn(fresh)).statusCode, `${who} signs in`).toBe(200);
      expect((await fresh.get(me)).statusCode, `${who} ${me}`).toBe(200);
    }
    expect(await databaseInvariantBreaches(db().db)).toEqual([]);
  }, 600_000);

  it('the invariant check names the rows of a breach: a payment paid_cents misses, two live invites inside 24 h', async () => {
    const d = db().db;
    const invoice = await d
      .selectFrom('invoices')
      .select(['id', 'yard_id', 'customer_id'])
      .executeTakeFirstOrThrow();
    const payment = await d
      .insertInto('payments')
      .values({
        yard_id: invoice.yard_id,
        invoice_id: invoice.id,
        customer_id: invoice.customer_id,
        amount_cents: 1,
        method: 'cash',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = h.clock.now();
    const sent = {
      yard_id: invoice.yard_id,
      customer_id: invoice.customer_id,
      email: 'x@example.com',
      status: 'sent' as const,
      created_at: now,
      sent_at: now,
      expires_at: new Date(now.getTime() + 86_400_000),
    };
    const twice = await d.insertInto('invites').values([sent, sent]).returning('id').execute();
    const breaches = await databaseInvariantBreaches(d);
    await d.deleteFrom('payments').where('id', '=', payment.id).execute();
    await d
      .deleteFrom('invites')
      .where(
        'id',
        'in',
        twice.map((t) => t.id),
      )
      .execute();
    expect(breaches.join('\n')).toContain(
      `invoices.paid_cents ≠ Σ payments (amount − refunded): [{"id":"${invoice.id}"`,
    );
    expect(breaches.join('\n')).toContain('two invites of one customer within 24 h');
    expect(breaches.join('\n')).toContain('more than one live invite link of a customer');
    expect(await databaseInvariantBreaches(d)).toEqual([]);
  });
});
