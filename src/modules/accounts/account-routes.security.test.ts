import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeOrderHistory, makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { multipartBody } from '../../../test/support/photos.js';
import {
  CUSTOMER_PASSWORD,
  linkTokenIn,
  makePortalCustomer,
  signInCustomer,
} from '../../../test/support/portal-accounts.js';

type Method = 'POST' | 'PATCH';
/** Every portal route of a signed-in customer added for accounts and service requests. */
const signedInRoutes = (slug: string, boatId: string): Array<[Method, string, unknown]> => [
  ['PATCH', `/api/portal/${slug}/me`, { city: 'Mallorytown' }],
  [
    'POST',
    `/api/portal/${slug}/me/email`,
    { newEmail: 'mallory@example.com', currentPassword: CUSTOMER_PASSWORD },
  ],
  [
    'POST',
    `/api/portal/${slug}/me/password`,
    {
      currentPassword: CUSTOMER_PASSWORD,
      password: 'mallory owns this now ok',
      confirmPassword: 'mallory owns this now ok',
    },
  ],
  ['POST', `/api/portal/${slug}/me/sign-out-everywhere`, {}],
  ['POST', `/api/portal/${slug}/service-requests`, { boatId, description: 'multipart is sent below' }],
];

describeEachEngine('security of the account and service-request routes', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function victimAndAttacker() {
    const { yard } = await makeYard(db().db);
    const other = await makeYard(db().db);
    const victim = await makePortalCustomer(db().db, yard.id, { last_name: 'VictimMarker7313' });
    const boat = (await makeOrderHistory(db().db, yard.id, victim.customer.id)).boat;
    const attacker = await makePortalCustomer(db().db, other.yard.id, { last_name: 'Attacker' });
    return { yard, other: other.yard, victim, boat, attacker };
  }

  async function call(agent: ReturnType<Harness['agent']>, method: Method, url: string, body: unknown) {
    if (url.endsWith('/service-requests')) {
      const b = body as { boatId: string; description: string };
      const { payload, contentType } = multipartBody([
        { name: 'boatId', value: b.boatId },
        { name: 'description', value: b.description },
      ]);
      return agent.postRaw(url, payload, contentType);
    }
    return agent.request(method, url, body);
  }

  async function unchanged(victim: Awaited<ReturnType<typeof makePortalCustomer>>) {
    const c = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', victim.customer.id)
      .executeTakeFirstOrThrow();
    expect(c.city).toBeNull();
    expect(c.email).toBe(victim.customer.email);
    const a = await db()
      .db.selectFrom('portal_accounts')
      .selectAll()
      .where('id', '=', victim.account.id)
      .executeTakeFirstOrThrow();
    expect(a.password_hash).toBe(victim.account.password_hash);
    const orders = await db()
      .db.selectFrom('orders')
      .select('id')
      .where('customer_id', '=', victim.customer.id)
      .execute();
    expect(orders).toHaveLength(1);
    const requests = await db()
      .db.selectFrom('email_change_requests')
      .select('id')
      .where('account_id', '=', victim.account.id)
      .execute();
    expect(requests).toHaveLength(0);
  }

  it('signed out: 401 everywhere, nothing revealed or changed', async () => {
    const { yard, victim, boat } = await victimAndAttacker();
    for (const [method, url, body] of signedInRoutes(yard.slug, boat.id)) {
      const res = await call(h.agent(), method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.body).not.toContain('VictimMarker7313');
    }
    await unchanged(victim);
  });

  it("another yard's customer: 401 on this yard's portal, 404 on an unknown one, nothing changed", async () => {
    const { yard, other, victim, boat, attacker } = await victimAndAttacker();
    const a = h.agent();
    await signInCustomer(a, other.slug, attacker.customer.email!);
    for (const [method, url, body] of signedInRoutes(yard.slug, boat.id)) {
      const res = await call(a, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.body).not.toContain('VictimMarker7313');
    }
    for (const [method, url, body] of signedInRoutes('no-such-yard-here', boat.id)) {
      const res = await call(a, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    // Their own portal, with the victim's boat id: not found, and no trace of it.
    const own = await call(a, 'POST', `/api/portal/${other.slug}/service-requests`, {
      boatId: boat.id,
      description: 'service on a boat that is not mine',
    });
    expect(own.statusCode).toBe(404);
    expect(own.body).not.toContain(boat.name);
    await unchanged(victim);
  });

  it("another customer of the same yard cannot reach the victim's records or links", async () => {
    const { yard, other, victim, boat } = await victimAndAttacker();
    const neighbour = await makePortalCustomer(db().db, yard.id);
    const n = h.agent();
    await signInCustomer(n, yard.slug, neighbour.customer.email!);
    const me = await n.get(`/api/portal/${yard.slug}/me`);
    expect(me.body).not.toContain('VictimMarker7313');
    const res = await call(n, 'POST', `/api/portal/${yard.slug}/service-requests`, {
      boatId: boat.id,
      description: "the neighbour's boat, please",
    });
    expect(res.statusCode).toBe(404);
    // The victim's reset link does not work at another yard.
    await h.agent().post(`/api/portal/${yard.slug}/password/forgot`, { email: victim.customer.email });
    const [mail] = await h.sink.waitForMail(victim.customer.email!, 1);
    const { token } = linkTokenIn(mail, 'reset');
    for (const path of ['password/reset/lookup', 'email-change/lookup', 'email-change/confirm']) {
      const r = await h.agent().post(`/api/portal/${other.slug}/${path}`, { token });
      expect(r.statusCode, path).toBe(404);
      expect(r.body).not.toContain(victim.customer.email!);
    }
    const cross = await h.agent().post(`/api/portal/${other.slug}/password/reset`, {
      token,
      password: 'mallory owns this now ok',
      confirmPassword: 'mallory owns this now ok',
    });
    expect(cross.statusCode).toBe(404);
    await unchanged(victim);
  });

  it('every new state-changing route refuses a request without the CSRF token', async () => {
    const { yard, victim, boat } = await victimAndAttacker();
    const v = h.agent();
    await signInCustomer(v, yard.slug, victim.customer.email!);
    const open: Array<[Method, string, unknown]> = [
      ['POST', `/api/portal/${yard.slug}/password/forgot`, { email: victim.customer.email }],
      ['POST', `/api/portal/${yard.slug}/password/reset/lookup`, { token: 'a'.repeat(43) }],
      [
        'POST',
        `/api/portal/${yard.slug}/password/reset`,
        { token: 'a'.repeat(43), password: 'x', confirmPassword: 'x' },
      ],
      ['POST', `/api/portal/${yard.slug}/email-change/lookup`, { token: 'a'.repeat(43) }],
      ['POST', `/api/portal/${yard.slug}/email-change/confirm`, { token: 'a'.repeat(43) }],
    ];
    for (const [method, url, body] of [...signedInRoutes(yard.slug, boat.id), ...open]) {
      const res = await v.request(method, url, body, { csrf: false });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('CSRF_INVALID');
    }
    expect((await v.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(200);
    await unchanged(victim);
  });
});
