// Longer than most files on purpose: the permission table lists every route of the app by
// hand in one place, and the test fails when a route is missing from it (docs/yards.md).
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  acceptedEstimateOrder,
  billingYard,
  counterPay,
  sentInvoice,
} from '../../test/support/billing-fixtures.js';
import { previewOf } from '../../test/support/bulk-invites.js';
import { describeEachEngine } from '../../test/support/databases.js';
import { STAFF_PASSWORD } from '../../test/support/factories.js';
import { type Agent, type Harness, startHarness } from '../../test/support/harness.js';
import { multipartBody, SAMPLE_PHOTOS } from '../../test/support/photos.js';
import { hashPassword } from '../modules/accounts/password-hash.js';
import { buildApp } from './app.js';
import { type Access, isStaffPermission, roleMay, STAFF_ROLES, type StaffRole } from './permissions.js';

/**
 * Who may call every route of the API, written out by hand (docs/yards.md, "Roles"). The
 * test fails when the app has a route this table does not name, or the table names a route
 * the app does not have.
 */
const MATRIX: Record<string, Access> = {
  'GET /api/csrf': 'public',
  'GET /api/health': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/mailbox': 'public',
  'GET /api/mailbox/:id': 'public',
  'POST /api/payments/webhook': 'public',

  'POST /api/staff/sign-in': 'public',
  'POST /api/staff/sign-out': 'public',
  'GET /api/staff/me': 'staff:read',

  'GET /api/portal/:yard': 'public',
  'POST /api/portal/:yard/sign-in': 'public',
  'POST /api/portal/:yard/sign-out': 'public',
  'POST /api/portal/:yard/email-change/lookup': 'public',
  'POST /api/portal/:yard/email-change/confirm': 'public',
  'POST /api/portal/:yard/password/forgot': 'public',
  'POST /api/portal/:yard/password/reset/lookup': 'public',
  'POST /api/portal/:yard/password/reset': 'public',
  'POST /api/portal/:yard/invite/lookup': 'public',
  'POST /api/portal/:yard/invite/accept': 'public',
  'POST /api/portal/:yard/invite/request-new': 'public',
  'GET /api/portal/:yard/me': 'customer',
  'PATCH /api/portal/:yard/me': 'customer',
  'POST /api/portal/:yard/me/email': 'customer',
  'POST /api/portal/:yard/me/password': 'customer',
  'POST /api/portal/:yard/me/sign-out-everywhere': 'customer',
  'GET /api/portal/:yard/orders': 'customer',
  'GET /api/portal/:yard/orders/:id': 'customer',
  'POST /api/portal/:yard/estimates/:id/accept': 'customer',
  'POST /api/portal/:yard/estimates/:id/decline': 'customer',
  'GET /api/portal/:yard/estimates/:id/pdf': 'customer',
  'POST /api/portal/:yard/invoices/:id/payments': 'customer',
  'GET /api/portal/:yard/invoices/:id/pdf': 'customer',
  'GET /api/portal/:yard/payments/:id/receipt.pdf': 'customer',
  'POST /api/portal/:yard/service-requests': 'customer',
  'GET /api/portal/:yard/service-requests/:orderId': 'customer',
  'GET /api/portal/:yard/service-requests/:orderId/photos/:photoId': 'customer',

  'GET /api/staff/activity': 'staff:read',
  'GET /api/staff/activity/unread-count': 'staff:read',
  'POST /api/staff/activity/read-all': 'staff:read',
  'POST /api/staff/activity/:id/read': 'staff:read',

  'GET /api/staff/customers': 'staff:read',
  'GET /api/staff/customers/:id': 'staff:read',
  'PATCH /api/staff/customers/:id': 'staff:records',
  'POST /api/staff/customers': 'staff:records',
  'POST /api/staff/customers/:id/archive': 'staff:records',
  'POST /api/staff/customers/:id/restore': 'staff:records',
  'GET /api/staff/customers/:id/merge-preview': 'staff:records',
  'POST /api/staff/customers/:id/merge': 'staff:records',
  'POST /api/staff/customers/:id/boats': 'staff:records',
  'GET /api/staff/boats/:id': 'staff:read',
  'PATCH /api/staff/boats/:id': 'staff:records',
  'POST /api/staff/boats/:id/transfer': 'staff:records',
  'POST /api/staff/boats/:id/archive': 'staff:records',
  'POST /api/staff/boats/:id/restore': 'staff:records',
  'GET /api/staff/users': 'staff:owner',
  'POST /api/staff/users': 'staff:owner',
  'PATCH /api/staff/users/:id': 'staff:owner',
  'POST /api/staff/users/:id/deactivate': 'staff:owner',
  'POST /api/staff/users/:id/reactivate': 'staff:owner',
  'POST /api/staff/users/:id/resend-invite': 'staff:owner',
  'PUT /api/staff/yard/logo': 'staff:owner',
  'DELETE /api/staff/yard/logo': 'staff:owner',
  'POST /api/staff/imports': 'staff:records',
  'GET /api/staff/imports': 'staff:records',
  'GET /api/staff/imports/:id': 'staff:records',
  'PUT /api/staff/imports/:id/mapping': 'staff:records',
  'GET /api/staff/imports/:id/rows': 'staff:records',
  'POST /api/staff/imports/:id/confirm': 'staff:records',
  'POST /api/staff/imports/:id/discard': 'staff:records',
  'GET /api/staff/imports/:id/report.csv': 'staff:records',
  'POST /api/staff/imports/:id/invite': 'staff:invites',
  'GET /api/staff/audit': 'staff:audit',
  'GET /api/staff/audit.csv': 'staff:audit',
  'GET /api/staff/invite/:token': 'public',
  'POST /api/staff/invite/:token': 'public',
  'POST /api/operator/yards': 'operator',
  'GET /api/yards/:slug/logo': 'public',

  'GET /api/staff/orders': 'staff:read',
  'POST /api/staff/orders': 'staff:records',
  'GET /api/staff/orders/:id': 'staff:read',
  'PATCH /api/staff/orders/:id': 'staff:records',
  'PUT /api/staff/orders/:id/lines': 'staff:work',
  'POST /api/staff/orders/:id/lines/from-catalog': 'staff:work',
  'POST /api/staff/orders/:id/status': 'staff:work',
  'GET /api/staff/orders/:orderId/service-request': 'staff:read',
  'GET /api/staff/orders/:orderId/service-request/photos/:photoId': 'staff:read',

  'GET /api/staff/catalog': 'staff:read',
  'POST /api/staff/catalog': 'staff:records',
  'PATCH /api/staff/catalog/:id': 'staff:records',
  'DELETE /api/staff/catalog/:id': 'staff:records',

  'GET /api/staff/orders/:id/estimates': 'staff:read',
  'POST /api/staff/orders/:id/estimates': 'staff:records',
  'PATCH /api/staff/estimates/:id': 'staff:records',
  'POST /api/staff/estimates/:id/refresh': 'staff:records',
  'POST /api/staff/estimates/:id/revise': 'staff:records',
  'POST /api/staff/estimates/:id/send': 'staff:records',
  'POST /api/staff/orders/:id/send-estimate': 'staff:records',
  'GET /api/staff/estimates/:id/pdf': 'staff:read',

  'GET /api/staff/orders/:id/billing': 'staff:read',
  'POST /api/staff/orders/:id/invoices': 'staff:money',
  'POST /api/staff/orders/:id/send-invoice': 'staff:money',
  'POST /api/staff/invoices/:id/send': 'staff:money',
  'POST /api/staff/invoices/:id/void': 'staff:money',
  'POST /api/staff/invoices/:id/reissue': 'staff:money',
  'POST /api/staff/invoices/:id/credit-note': 'staff:money',
  'DELETE /api/staff/invoices/:id': 'staff:money',
  'POST /api/staff/invoices/:id/payments': 'staff:money',
  'POST /api/staff/payments/:id/refunds': 'staff:money',
  'GET /api/staff/invoices/:id/pdf': 'staff:read',
  'GET /api/staff/payments/:id/receipt.pdf': 'staff:read',

  'POST /api/staff/customers/:id/invites': 'staff:invites',
  'GET /api/staff/invite-template': 'staff:invites',
  'PUT /api/staff/invite-template': 'staff:invites',
  'DELETE /api/staff/invite-template': 'staff:invites',
  'POST /api/staff/invite-template/preview': 'staff:invites',
  'GET /api/staff/invite-batches/template.csv': 'staff:invites',
  'GET /api/staff/invite-batches/template.xlsx': 'staff:invites',
  'POST /api/staff/invite-batches': 'staff:invites',
  'POST /api/staff/invite-batches/from-search': 'staff:invites',
  'GET /api/staff/invite-batches': 'staff:invites',
  'GET /api/staff/invite-batches/:id': 'staff:invites',
  'GET /api/staff/invite-batches/:id/rows': 'staff:invites',
  'GET /api/staff/invite-batches/:id/report.csv': 'staff:invites',
  'GET /api/staff/invite-batches/:id/report.xlsx': 'staff:invites',
  'POST /api/staff/invite-batches/:id/confirm': 'staff:invites',
  'POST /api/staff/invite-batches/:id/cancel': 'staff:invites',

  'GET /api/staff/yard/settings': 'staff:read',
  'PATCH /api/staff/yard/settings': 'staff:owner',
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

describeEachEngine('permission matrix', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  /** Every route of the app as 'METHOD /path', the mail catcher's mailbox included. */
  async function appRoutes() {
    const app = await buildApp(
      { ...h.deps, config: { ...h.deps.config, useMailCatcher: true } },
      { cookieSecret: 'test-cookie-secret-0123456789abcdef0123' },
    );
    await app.ready();
    const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    await app.close();
    const routes: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        routes.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    // The API, and the probes of a load balancer (src/server/health.ts).
    const probes = ['/healthz', '/readyz'];
    return routes.filter((r) => r.split(' ')[1].startsWith('/api/') || probes.includes(r.split(' ')[1]));
  }

  it('the table names every route of the app, and every route it names exists', async () => {
    const routes = await appRoutes();
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

  /** A yard with one real record of every kind a staff route's path names. */
  async function yardWithEverything() {
    const y = await billingYard(h, db().db);
    const agents = {} as Record<StaffRole, Agent>;
    const staffIds = {} as Record<StaffRole, string>;
    agents.owner = y.agent;
    staffIds.owner = y.staff.id;
    for (const role of STAFF_ROLES.filter((r) => r !== 'owner')) {
      const email = `${role}-${randomUUID().slice(0, 8)}@yard.test`;
      const row = await db()
        .db.insertInto('staff_users')
        .values({
          yard_id: y.yard.id,
          email,
          name: `Pat ${role}`,
          role,
          password_hash: await hashPassword(STAFF_PASSWORD),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      staffIds[role] = row.id;
      agents[role] = h.agent();
      await agents[role].signInStaff(email, STAFF_PASSWORD);
    }
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    const invoiceId = await sentInvoice(y.agent, o.order.id, {
      from: 'estimate',
      estimateId: o.estimate!.id,
    });
    const paid = await counterPay(y.agent, invoiceId, {
      method: 'check',
      amountCents: 10_000,
      reference: '1',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    const paymentId = paid.json().billing.payments[0].id as string;
    const job = await y.agent.post('/api/staff/catalog', {
      name: 'Haul and block',
      lines: [{ kind: 'labor', description: 'Haul and block', quantity: '1', unitPriceCents: 45_000 }],
    });
    expect(job.statusCode, job.body).toBe(201);
    const batch = await previewOf(
      y.agent,
      `Customer number,Email,First name,Last name,Phone\n${y.me.customer.customer_number},${y.me.customer.email},,,\n`,
    );
    const { payload, contentType } = multipartBody([
      { name: 'boatId', value: o.boat.id },
      { name: 'description', value: 'Bilge pump runs all night.' },
      {
        name: 'photos',
        file: { fileName: 'bilge.jpg', contentType: 'image/jpeg', data: SAMPLE_PHOTOS.jpeg },
      },
    ]);
    const request = await y.me.agent.postRaw(
      `/api/portal/${y.yard.slug}/service-requests`,
      payload,
      contentType,
    );
    expect(request.statusCode, request.body).toBe(201);
    const requestOrderId = request.json().order.id as string;
    const photo = await db()
      .db.selectFrom('service_request_photos')
      .select('id')
      .where('order_id', '=', requestOrderId)
      .executeTakeFirstOrThrow();
    const activity = await y.agent.get('/api/staff/activity');
    const activityId = activity.json().items[0].id as string;
    // The technician's reads reach the orders assigned to them: these are.
    await db()
      .db.updateTable('orders')
      .set({ assigned_to: staffIds.technician })
      .where('id', 'in', [o.order.id, requestOrderId])
      .execute();

    // Someone for the owner's staff routes to act on, apart from the people signed in here.
    const colleague = await db()
      .db.insertInto('staff_users')
      .values({
        yard_id: y.yard.id,
        email: `colleague-${randomUUID().slice(0, 8)}@yard.test`,
        name: 'Sam Colleague',
        role: 'office',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const fill = (path: string) =>
      path
        .replace(':yard', y.yard.slug)
        .replace('/boats/:id', `/boats/${o.boat.id}`)
        // No import of this yard: the handler answers 404, after the role check it is about.
        .replace('/imports/:id', `/imports/${randomUUID()}`)
        .replace('/users/:id', `/users/${colleague.id}`)
        .replace('/customers/:id', `/customers/${y.me.customer.id}`)
        .replace(':orderId', requestOrderId)
        .replace('/orders/:id', `/orders/${o.order.id}`)
        .replace('/estimates/:id', `/estimates/${o.estimate!.id}`)
        .replace('/invoices/:id', `/invoices/${invoiceId}`)
        .replace('/payments/:id', `/payments/${paymentId}`)
        .replace('/catalog/:id', `/catalog/${job.json().id}`)
        .replace('/invite-batches/:id', `/invite-batches/${batch.id}`)
        .replace('/activity/:id', `/activity/${activityId}`)
        .replace(':photoId', photo.id);
    return { agents, fill };
  }

  const send = (agent: Agent, method: Method, url: string) =>
    method === 'GET' || method === 'DELETE' ? agent.request(method, url) : agent.request(method, url, {});

  it('every staff route answers each role by its permission: 403 ROLE_FORBIDDEN without it, never 401/403 with it; 401 signed out', async () => {
    const { agents, fill } = await yardWithEverything();
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
    const { agents, fill } = await yardWithEverything();
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
    const { agents } = await yardWithEverything();
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
