import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/databases.js';
import { type Agent, type Harness, startHarness } from '../../test/support/harness.js';
import { appRoutes, MATRIX, yardWithEverything } from '../../test/support/route-table.js';
import { isStaffPermission, roleMay, STAFF_ROLES } from './permissions.js';

/**
 * Who may call every route of the API is written out by hand in MATRIX
 * (test/support/route-table.ts; docs/yards.md, "Roles"). The test fails when the app has a
 * route the table does not name, or the table names a route the app does not have.
 */
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

describeEachEngine('permission matrix', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('the table names every route of the app, and every route it names exists', async () => {
    const routes = await appRoutes(h);
    const missing = routes.filter((r) => !(r in MATRIX));
    const stale = Object.keys(MATRIX).filter((r) => !routes.includes(r));
    expect(missing, 'routes the permission table does not list').toEqual([]);
    expect(stale, 'table rows with no route').toEqual([]);
  });

  it('the app refuses to start when an /api route declares no access, naming the route', async () => {
    const app = Fastify();
    const { requireDeclaredAccess } = await import('./permissions.js');
    app.addHook('onRoute', requireDeclaredAccess);
    expect(() => app.get('/api/staff/forgotten', async () => ({}))).toThrow(
      /GET \/api\/staff\/forgotten declares no access/,
    );
    await app.close();
  });

  const send = (agent: Agent, method: Method, url: string) =>
    method === 'GET' || method === 'DELETE' ? agent.request(method, url) : agent.request(method, url, {});

  it('every staff route answers each role by its permission: 403 ROLE_FORBIDDEN without it, never 401/403 with it; 401 signed out', async () => {
    const { agents, fill } = await yardWithEverything(h, db());
    const stranger = h.agent();
    const wrong: string[] = [];
    for (const [route, access] of Object.entries(MATRIX)) {
      if (!isStaffPermission(access)) continue;
      const [method, path] = route.split(' ') as [Method, string];
      const url = fill(path);
      expect(url, `${route}: a path parameter was left unfilled`).not.toMatch(/:\w/);
      // The roles without the permission first, so a handler that runs cannot change what they see.
      const order = [...STAFF_ROLES].sort((a, b) => Number(roleMay(a, access)) - Number(roleMay(b, access)));
      for (const role of order) {
        const res = await send(agents[role], method, url);
        if (roleMay(role, access)) {
          if (res.statusCode === 401 || res.statusCode === 403) {
            wrong.push(`${role} ${route}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
        } else if (res.statusCode !== 403 || res.json().code !== 'ROLE_FORBIDDEN') {
          wrong.push(
            `${role} ${route}: expected 403 ROLE_FORBIDDEN, got ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        }
      }
      const anon = await send(stranger, method, url);
      if (anon.statusCode !== 401) wrong.push(`signed out ${route}: expected 401, got ${anon.statusCode}`);
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  // A customer route checks the portal session in its handler, after its input is read: a
  // request whose input is wrong may hear 422 first, never an answer with data.
  it('customer routes answer 401 to a signed-out visitor and to a staff session', async () => {
    const { agents, fill } = await yardWithEverything(h, db());
    const wrong: string[] = [];
    for (const [route, access] of Object.entries(MATRIX)) {
      if (access !== 'customer') continue;
      const [method, path] = route.split(' ') as [Method, string];
      for (const [who, agent] of [
        ['signed out', h.agent()],
        ['owner', agents.owner],
      ] as const) {
        const res = await send(agent, method, fill(path));
        const refused =
          res.statusCode === 401 || (res.statusCode === 422 && res.json().code === 'VALIDATION');
        if (!refused)
          wrong.push(`${who} ${route}: expected 401, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a deactivated staff member is signed out at once: their live session answers 401', async () => {
    const { agents } = await yardWithEverything(h, db());
    expect((await agents.office.get('/api/staff/me')).statusCode).toBe(200);
    const me = (await agents.office.get('/api/staff/me')).json().staff as { id: string };
    await db()
      .db.updateTable('staff_users')
      .set({ deactivated_at: new Date() })
      .where('id', '=', me.id)
      .execute();
    for (const url of ['/api/staff/me', '/api/staff/orders', '/api/staff/customers']) {
      const res = await agents.office.get(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
    expect((await agents.owner.get('/api/staff/me')).statusCode).toBe(200);
  });
});
