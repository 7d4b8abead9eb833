import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { billingYard } from '../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../test/support/databases.js';
import { type Agent, type Harness, startHarness } from '../../test/support/harness.js';
import {
  apiOperations,
  MATRIX,
  type RouteOperation,
  yardWithEverything,
} from '../../test/support/route-table.js';
import { type Access, isStaffPermission } from './permissions.js';

/**
 * Every route of the OpenAPI document × who is asking, against the answer each should get
 * (docs/security.md, "Route sweep"). The access of each route comes from the hand-written
 * table in test/support/route-table.ts; a route of the document missing from it, or a row
 * of it with no route, fails the sweep.
 */

/** Routes whose caller is no browser, so they take no CSRF token: their own check guards them. */
const CSRF_EXEMPT = new Set([
  'POST /api/payments/webhook',
  'POST /api/operator/yards',
  // A mail gateway's POST, guarded by INBOUND_EMAIL_TOKEN (docs/messages.md).
  'POST /api/inbound/email',
]);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const OPERATOR_TOKEN = 'sweep-operator-token-0123456789abcdef0123456789';

interface Row extends RouteOperation {
  access: Access;
  /** The path names a record (not only the yard): another yard's people must get 404. */
  namesRecord: boolean;
}

/** Answers that refuse without looking at anything: the session check, or the input's shape. */
const refused = (res: LightMyRequestResponse, status: number) =>
  res.statusCode === status || (res.statusCode === 422 && res.json().code === 'VALIDATION');

const show = (res: LightMyRequestResponse) => `${res.statusCode} ${res.body.slice(0, 160)}`;

describeEachEngine('route sweep', (db) => {
  let h: Harness;
  let rows: Row[];
  beforeAll(async () => {
    h = await startHarness(db(), {
      worker: false,
      config: { useMailCatcher: true, operatorToken: OPERATOR_TOKEN },
    });
    const ops = await apiOperations(h);
    rows = ops
      .filter((o) => o.route in MATRIX)
      .map((o) => ({
        ...o,
        access: MATRIX[o.route],
        namesRecord: /:(?!yard\b|slug\b|token\b)\w+/.test(o.path),
      }))
      // Signing out last, so the sessions the sweep uses live through every other route.
      .sort((a, b) => Number(a.path.includes('sign-out')) - Number(b.path.includes('sign-out')));
  });
  afterAll(() => h.close());

  it('the route table names every route of the OpenAPI document, and every route it names exists', async () => {
    const routes = (await apiOperations(h)).map((o) => o.route);
    expect(
      routes.filter((r) => !(r in MATRIX)),
      'routes of the OpenAPI document the table lacks',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((r) => !routes.includes(r)),
      'table rows with no route',
    ).toEqual([]);
  });

  it('every route × signed out, the yard’s customer, another yard’s customer and staff, no CSRF token, a wrong method', async () => {
    const a = await yardWithEverything(h, db());
    const b = await billingYard(h, db().db);
    const slugA = a.y.yard.slug;
    const fill = (path: string) =>
      a
        .fill(path)
        .replace(':slug', slugA)
        .replace(':token', 'no-such-token-0123456789')
        .replace(/:\w+/g, () => randomUUID());
    const send = (agent: Agent, method: Method, url: string, csrf = true) =>
      agent.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {}, { csrf });

    const wrong: string[] = [];
    const expectThat = (ok: boolean, who: string, row: Row, res: LightMyRequestResponse, want: string) => {
      if (res.statusCode >= 500) wrong.push(`${who} ${row.route}: ${show(res)}`);
      else if (!ok) wrong.push(`${who} ${row.route}: expected ${want}, got ${show(res)}`);
    };
    const swept = { signedOut: 0, customer: 0, otherCustomer: 0, otherStaff: 0, csrf: 0, wrongMethod: 0 };

    // Signed out: public routes answer; every other one is 401 (the operator's: its token is missing).
    const stranger = h.agent();
    for (const row of rows) {
      const res = await send(stranger, row.method as Method, fill(row.path));
      swept.signedOut++;
      if (row.access === 'public')
        expectThat(res.statusCode !== 401 && res.statusCode !== 403, 'signed out', row, res, 'an answer');
      else if (row.access === 'operator') expectThat(res.statusCode === 401, 'signed out', row, res, '401');
      else expectThat(refused(res, 401), 'signed out', row, res, '401');
    }

    // The yard's own customer: customer routes answer; staff routes are 401 (no staff session).
    for (const row of rows) {
      if (row.access === 'operator' || row.access === 'public') continue;
      const res = await send(a.y.me.agent, row.method as Method, fill(row.path));
      swept.customer++;
      if (row.access === 'customer')
        expectThat(res.statusCode !== 401 && res.statusCode !== 403, 'customer', row, res, 'an answer');
      else expectThat(refused(res, 401), 'customer', row, res, '401');
    }

    // Another yard's customer: at this yard's address 401; at their own, this yard's records are 404.
    for (const row of rows) {
      if (row.access !== 'customer') continue;
      const here = await send(b.me.agent, row.method as Method, fill(row.path));
      swept.otherCustomer++;
      expectThat(refused(here, 401), 'other yard’s customer', row, here, '401');
      if (!row.namesRecord) continue;
      const own = await send(b.me.agent, row.method as Method, fill(row.path.replace(':yard', b.yard.slug)));
      swept.otherCustomer++;
      expectThat(refused(own, 404), 'other yard’s customer at their yard', row, own, '404');
    }

    // Another yard's owner: this yard's records are 404; routes of "my yard" answer about theirs.
    for (const row of rows) {
      if (!isStaffPermission(row.access)) continue;
      const res = await send(b.agent, row.method as Method, fill(row.path));
      swept.otherStaff++;
      if (row.namesRecord) expectThat(refused(res, 404), 'other yard’s owner', row, res, '404');
      else
        expectThat(
          res.statusCode !== 401 && res.statusCode !== 403,
          'other yard’s owner',
          row,
          res,
          'an answer',
        );
    }

    // No CSRF token: every state-changing route refuses before it looks at anything.
    const fresh = await yardWithEverything(h, db());
    for (const row of rows) {
      if (row.method === 'GET') continue;
      const agent = row.access === 'customer' ? fresh.y.me.agent : fresh.agents.owner;
      const res = await send(
        agent,
        row.method as Method,
        fresh.fill(row.path).replace(/:\w+/g, randomUUID()),
        false,
      );
      swept.csrf++;
      const isCsrf = res.statusCode === 403 && res.json().code === 'CSRF_INVALID';
      if (CSRF_EXEMPT.has(row.route))
        expectThat(!isCsrf, 'no CSRF token (exempt)', row, res, 'no CSRF check');
      else expectThat(isCsrf, 'no CSRF token', row, res, '403 CSRF_INVALID');
    }

    // A method the path does not have: 404 NOT_FOUND, the app's answer to any unknown route (no 405).
    const byPath = new Map<string, Set<string>>();
    for (const row of rows) byPath.set(row.path, (byPath.get(row.path) ?? new Set()).add(row.method));
    for (const [path, methods] of byPath) {
      // A method no route of that method would take for this path (GET …/from-search is GET …/:id).
      const takes = (m: Method) =>
        rows.some((r) => r.method === m && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(path));
      const method = METHODS.find((m) => !methods.has(m) && !takes(m));
      if (!method) continue;
      const res = await send(fresh.agents.owner, method, fill(path));
      swept.wrongMethod++;
      const row = { route: `${method} ${path}` } as Row;
      expectThat(
        res.statusCode === 404 && res.json().code === 'NOT_FOUND',
        'wrong method',
        row,
        res,
        '404 NOT_FOUND',
      );
    }

    console.log(`route sweep: ${rows.length} routes, requests per case ${JSON.stringify(swept)}`);
    expect(wrong).toEqual([]);
  }, 300_000);
});
