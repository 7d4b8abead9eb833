import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Agent, type Harness, startHarness } from '../../../test/support/harness.js';
import {
  CUSTOMER_PASSWORD,
  makePortalCustomer,
  signInCustomer,
} from '../../../test/support/portal-accounts.js';
import { DAY, HOUR } from '../../server/clock.js';
import { SESSION_POLICIES, TOUCH_AFTER_MS } from './sessions.js';

interface SetCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  maxAge?: number;
  expires?: Date;
}
const setCookies = (res: { cookies: unknown[] }) => res.cookies as SetCookie[];
const SECOND = 1000;

describeEachEngine('sessions and cookies', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  async function staffSignedIn() {
    const { staff } = await makeYard(db().db);
    const a = h.agent();
    const res = await a.signInStaff(staff.email, STAFF_PASSWORD);
    return { a, staff, res };
  }

  async function customerSignedIn(keepSignedIn?: boolean) {
    const { yard } = await makeYard(db().db);
    const { customer } = await makePortalCustomer(db().db, yard.id);
    const a = h.agent();
    const res = await a.post(`/api/portal/${yard.slug}/sign-in`, {
      email: customer.email,
      password: CUSTOMER_PASSWORD,
      ...(keepSignedIn === undefined ? {} : { keepSignedIn }),
    });
    expect(res.statusCode).toBe(200);
    return { a, yard, res, me: () => a.get(`/api/portal/${yard.slug}/me`) };
  }

  describe('cookies over https', () => {
    it('carry the __Host- prefix, Secure, Path=/ and no Domain: both sessions and the CSRF secret', async () => {
      const staff = await staffSignedIn();
      const portal = await customerSignedIn();
      const cookies = [...setCookies(staff.res), ...setCookies(portal.res)];
      for (const name of ['__Host-slipway_staff', '__Host-slipway_portal', '__Host-slipway_csrf']) {
        const c = cookies.find((x) => x.name === name);
        expect(c, name).toBeDefined();
        expect(c).toMatchObject({ secure: true, path: '/', httpOnly: true });
        expect(c?.domain).toBeUndefined();
      }
      // Signing out clears the cookie with the same attributes, or browsers would ignore it.
      const out = await staff.a.post('/api/staff/sign-out');
      const cleared = setCookies(out).find((x) => x.name === '__Host-slipway_staff');
      expect(cleared).toMatchObject({ value: '', secure: true, path: '/' });
    });
  });

  describe('CSRF secret', () => {
    for (const area of ['staff', 'portal'] as const) {
      it(`${area}: is replaced at sign-in; a token from before is refused, the fresh one works`, async () => {
        const { yard, staff } = await makeYard(db().db);
        const { customer } = await makePortalCustomer(db().db, yard.id);
        const a: Agent = h.agent();
        const before = await a.token();
        const res =
          area === 'staff'
            ? await a.signInStaff(staff.email, STAFF_PASSWORD)
            : await signInCustomer(a, yard.slug, customer.email!);
        const fresh = res.headers['x-csrf-token'];
        expect(typeof fresh).toBe('string');
        expect(fresh).not.toBe(before);
        const signOut = area === 'staff' ? '/api/staff/sign-out' : `/api/portal/${yard.slug}/sign-out`;
        const me = area === 'staff' ? '/api/staff/me' : `/api/portal/${yard.slug}/me`;
        const stale = await a.post(signOut, {}, { csrf: false, headers: { 'x-csrf-token': before } });
        expect(stale.statusCode).toBe(403);
        expect(stale.json().code).toBe('CSRF_INVALID');
        expect((await a.get(me)).statusCode).toBe(200);
        // What the web app does after signing in: fetch a token again; it matches the new secret.
        const refetched = (await a.get('/api/csrf')).json().token as string;
        const ok = await a.post(signOut, {}, { csrf: false, headers: { 'x-csrf-token': refetched } });
        expect(ok.statusCode).toBe(204);
        expect((await a.get(me)).statusCode).toBe(401);
      });
    }
  });

  describe('idle and absolute limits', () => {
    it('staff: unused past the idle limit, the session ends', async () => {
      const { a } = await staffSignedIn();
      h.clock.advance(SESSION_POLICIES.staff.idleMs - 10 * SECOND);
      expect((await a.get('/api/staff/me')).statusCode).toBe(200);
      h.clock.advance(SESSION_POLICIES.staff.idleMs + SECOND);
      expect((await a.get('/api/staff/me')).statusCode).toBe(401);
    });

    it('staff: use keeps the session alive past the idle limit', async () => {
      const { a } = await staffSignedIn();
      for (let i = 0; i < 4; i++) {
        h.clock.advance(SESSION_POLICIES.staff.idleMs - HOUR);
        expect((await a.get('/api/staff/me')).statusCode, `after ${i + 1} stretches`).toBe(200);
      }
    });

    it('staff: the absolute limit holds however busy the session', async () => {
      const { a } = await staffSignedIn();
      const step = SESSION_POLICIES.staff.idleMs - HOUR;
      let elapsed = 0;
      while (elapsed + step < SESSION_POLICIES.staff.absoluteMs) {
        h.clock.advance(step);
        elapsed += step;
        expect((await a.get('/api/staff/me')).statusCode).toBe(200);
      }
      h.clock.advance(SESSION_POLICIES.staff.absoluteMs - elapsed + SECOND);
      expect((await a.get('/api/staff/me')).statusCode).toBe(401);
    });

    it('use is written at most every few minutes, not on every request', async () => {
      const { a, staff } = await staffSignedIn();
      const lastSeen = async () =>
        (
          await db()
            .db.selectFrom('sessions')
            .select('last_seen_at')
            .where('staff_id', '=', staff.id)
            .executeTakeFirstOrThrow()
        ).last_seen_at.getTime();
      const signedInAt = await lastSeen();
      h.clock.advance(TOUCH_AFTER_MS - SECOND);
      expect((await a.get('/api/staff/me')).statusCode).toBe(200);
      expect(await lastSeen()).toBe(signedInAt);
      h.clock.advance(2 * SECOND);
      expect((await a.get('/api/staff/me')).statusCode).toBe(200);
      expect(await lastSeen()).toBe(h.clock.now().getTime());
    });

    it('portal, not kept: a browser-session cookie and the short idle limit', async () => {
      const { res, me } = await customerSignedIn();
      const c = setCookies(res).find((x) => x.name === h.cookieNames.customer);
      expect(c?.maxAge).toBeUndefined();
      expect(c?.expires).toBeUndefined();
      h.clock.advance(SESSION_POLICIES.customer.idleMs + SECOND);
      expect((await me()).statusCode).toBe(401);
    });

    it('portal, "keep me signed in": a cookie with Max-Age, the long idle limit, and still an absolute end', async () => {
      const kept = SESSION_POLICIES.customerKept;
      const { res, me } = await customerSignedIn(true);
      const c = setCookies(res).find((x) => x.name === h.cookieNames.customer);
      expect(c?.maxAge).toBe(kept.absoluteMs / 1000);
      // Well past the short idle limit, unused: still signed in.
      h.clock.advance(SESSION_POLICIES.customer.idleMs + HOUR);
      expect((await me()).statusCode).toBe(200);
      h.clock.advance(kept.idleMs - DAY);
      expect((await me()).statusCode).toBe(200);
      let elapsed = SESSION_POLICIES.customer.idleMs + HOUR + kept.idleMs - DAY;
      while (elapsed + 20 * DAY < kept.absoluteMs) {
        h.clock.advance(20 * DAY);
        elapsed += 20 * DAY;
        expect((await me()).statusCode).toBe(200);
      }
      h.clock.advance(kept.absoluteMs - elapsed + SECOND);
      expect((await me()).statusCode).toBe(401);
    });

    it('portal, "keep me signed in": unused past the long idle limit, the session ends', async () => {
      const { me } = await customerSignedIn(true);
      h.clock.advance(SESSION_POLICIES.customerKept.idleMs + SECOND);
      expect((await me()).statusCode).toBe(401);
    });
  });
});

describeEachEngine('cookies over plain http (the demo on localhost)', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false, publicUrl: 'http://localhost:3000' });
  });
  afterAll(() => h.close());

  it('keep their plain names and no Secure flag, which browsers would refuse over http', async () => {
    const { staff } = await makeYard(db().db);
    const res = await h.agent().signInStaff(staff.email, STAFF_PASSWORD);
    const cookies = setCookies(res);
    for (const name of ['slipway_staff', 'slipway_csrf']) {
      const c = cookies.find((x) => x.name === name);
      expect(c, name).toBeDefined();
      expect(c?.secure).toBeFalsy();
    }
    expect(cookies.some((c) => c.name.startsWith('__Host-'))).toBe(false);
  });
});
