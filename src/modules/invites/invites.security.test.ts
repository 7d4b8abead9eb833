import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { inviteSettled } from '../../../test/support/invites.js';
import { inviteLinkIn } from '../../../test/support/smtp-sink.js';

type Method = 'GET' | 'POST' | 'PATCH';
const staffRoutes = (customerId: string): Array<[Method, string, unknown?]> => [
  ['GET', '/api/staff/customers'],
  ['GET', `/api/staff/customers/${customerId}`],
  ['PATCH', `/api/staff/customers/${customerId}`, { firstName: 'Mallory' }],
  ['POST', `/api/staff/customers/${customerId}/invites`, {}],
];

describeEachEngine('security of the staff and portal routes', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it('every staff route refuses a signed-out visitor with 401 and never reveals data', async () => {
    const { yard } = await makeYard(db().db);
    const victim = await makeCustomer(db().db, yard.id, { last_name: 'VictimMarker9271' });
    for (const [method, url, body] of staffRoutes(victim.id)) {
      const res = await h.agent().request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.body).not.toContain('VictimMarker9271');
    }
  });

  it('every /api/staff route the server has, as its OpenAPI document lists them, answers 401 signed out', async () => {
    const doc = (await h.agent().get('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    // Signing in and out, and a new staff member's link from their email (docs/yards.md).
    const open = new Set([
      'POST /api/staff/sign-in',
      'POST /api/staff/sign-out',
      'GET /api/staff/invite/{token}',
      'POST /api/staff/invite/{token}',
    ]);
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/staff/')) continue;
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const method of Object.keys(methods)) {
        const m = method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        if (open.has(`${m} ${path}`) || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m)) continue;
        const res = await h.agent().request(m, url, m === 'GET' || m === 'DELETE' ? undefined : {});
        expect(res.statusCode, `${m} ${path}`).toBe(401);
        checked.push(`${m} ${path}`);
      }
    }
    // The document really lists the staff API (customers, invites, bulk invites, orders, the template).
    expect(checked.length).toBeGreaterThanOrEqual(20);
  });

  it("staff of another yard get 404 for this yard's customer and change nothing", async () => {
    const { yard } = await makeYard(db().db);
    const victim = await makeCustomer(db().db, yard.id, { last_name: 'VictimMarker4410' });
    const attacker = await makeYard(db().db);
    const a = h.agent();
    await a.signInStaff(attacker.staff.email, STAFF_PASSWORD);
    for (const [method, url, body] of staffRoutes(victim.id).slice(1)) {
      const res = await a.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).not.toContain('VictimMarker4410');
    }
    const list = await a.get('/api/staff/customers?q=VictimMarker4410');
    expect(list.json().customers).toEqual([]);
    const after = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', victim.id)
      .executeTakeFirstOrThrow();
    expect(after.first_name).toBe(victim.first_name);
    expect(
      await db().db.selectFrom('invites').select('id').where('customer_id', '=', victim.id).execute(),
    ).toHaveLength(0);
  });

  it('every state-changing request without the CSRF token is refused with 403', async () => {
    const { yard, staff } = await makeYard(db().db);
    const c = await makeCustomer(db().db, yard.id);
    const a = h.agent();
    await a.signInStaff(staff.email, STAFF_PASSWORD);
    const posts: Array<[Method, string, unknown]> = [
      ['PATCH', `/api/staff/customers/${c.id}`, { firstName: 'Changed' }],
      ['POST', `/api/staff/customers/${c.id}/invites`, {}],
      ['POST', '/api/staff/sign-out', {}],
      ['POST', '/api/staff/sign-in', { email: staff.email, password: STAFF_PASSWORD }],
      ['POST', `/api/portal/${yard.slug}/sign-in`, { email: c.email, password: 'x'.repeat(20) }],
      [
        'POST',
        `/api/portal/${yard.slug}/invite/accept`,
        { token: 'a'.repeat(43), password: 'x'.repeat(20), confirmPassword: 'x'.repeat(20) },
      ],
    ];
    for (const [method, url, body] of posts) {
      const res = await a.request(method, url, body, { csrf: false });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('CSRF_INVALID');
    }
    expect((await a.get(`/api/staff/customers/${c.id}`)).json().customer.firstName).toBe(c.first_name);
  });

  it("a customer sees only their own records, and a session does not open another yard's portal", async () => {
    const { yard, staff } = await makeYard(db().db);
    const other = await makeYard(db().db);
    const mine = await makeCustomer(db().db, yard.id);
    const neighbour = await makeCustomer(db().db, yard.id, { last_name: 'NeighbourMarker5521' });
    const s = h.agent();
    await s.signInStaff(staff.email, STAFF_PASSWORD);
    await s.post(`/api/staff/customers/${mine.id}/invites`);
    const [mail] = await h.sink.waitForMail(mine.email!, 1);
    await inviteSettled(db().db, mine.id);
    const token = inviteLinkIn(mail).split('/accept/')[1];
    const customer = h.agent();
    const password = 'regatta lighthouse ferry autumn';
    const accepted = await customer.post(`/api/portal/${yard.slug}/invite/accept`, {
      token,
      password,
      confirmPassword: password,
    });
    expect(accepted.statusCode).toBe(200);
    const me = await customer.get(`/api/portal/${yard.slug}/me`);
    expect(me.json().customer.id).toBe(mine.id);
    expect(me.body).not.toContain('NeighbourMarker5521');
    expect(me.body).not.toContain(neighbour.id);
    // The same token against another yard's portal is unknown there.
    const cross = await h.agent().post(`/api/portal/${other.yard.slug}/invite/lookup`, { token });
    expect(cross.statusCode).toBe(404);
    expect((await customer.get(`/api/portal/${other.yard.slug}/me`)).statusCode).toBe(401);
    // A portal session is not a staff session.
    expect((await customer.get('/api/staff/customers')).statusCode).toBe(401);
  });

  it('sessions rotate on sign-in and cookies are HttpOnly and SameSite', async () => {
    const { staff } = await makeYard(db().db);
    const a = h.agent();
    const first = await a.signInStaff(staff.email, STAFF_PASSWORD);
    const cookie = first.cookies.find((c) => c.name === h.cookieNames.staff) as {
      httpOnly?: boolean;
      sameSite?: string;
      value: string;
    };
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const firstValue = a.cookie(h.cookieNames.staff);
    await a.signInStaff(staff.email, STAFF_PASSWORD);
    expect(a.cookie(h.cookieNames.staff)).not.toBe(firstValue);
    // The old session no longer works.
    const stale = await h.app.inject({
      method: 'GET',
      url: '/api/staff/me',
      headers: { cookie: `${h.cookieNames.staff}=${firstValue}` },
    });
    expect(stale.statusCode).toBe(401);
    // Only a hash of the session token is stored.
    const stored = await db()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('staff_id', '=', staff.id)
      .execute();
    expect(stored.map((r) => r.id_hash)).not.toContain(a.cookie(h.cookieNames.staff));
  });

  it('rate-limits sign-in attempts for one account', async () => {
    const { staff } = await makeYard(db().db);
    const a = h.agent();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      codes.push(
        (await a.post('/api/staff/sign-in', { email: staff.email, password: 'wrong password attempt' }))
          .statusCode,
      );
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    const blocked = await a.post('/api/staff/sign-in', { email: staff.email, password: STAFF_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeTruthy();
    expect(blocked.json().message).toMatch(/Too many attempts/);
  });

  it('rate-limits the invite token endpoints', async () => {
    const { yard } = await makeYard(db().db);
    const a = h.agent();
    let limited = 0;
    for (let i = 0; i < 70; i++) {
      const res = await a.post(`/api/portal/${yard.slug}/invite/lookup`, { token: 'b'.repeat(43) });
      if (res.statusCode === 429) limited++;
      else expect(res.statusCode).toBe(404);
    }
    expect(limited).toBeGreaterThan(0);
  });
});
