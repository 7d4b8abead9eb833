import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { CUSTOMER_PASSWORD, makePortalCustomer } from '../../../test/support/portal-accounts.js';
import { SIGN_IN_LIMITS } from './sign-in-limits.js';

const PER_ACCOUNT_AND_CLIENT = SIGN_IN_LIMITS.failuresPerAccountAndClient.limit;
const PER_CLIENT = SIGN_IN_LIMITS.failuresPerClient.limit;
const SLOW_AFTER = SIGN_IN_LIMITS.slowDownPerAccount.limit;
const WRONG = 'not the password at all';

let addressCount = 0;
/** A client address no other test uses (documentation range, RFC 3849). */
const newAddress = () => `2001:db8::${(++addressCount).toString(16)}`;

describeEachEngine('sign-in limits', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  interface Target {
    url: string;
    email: string;
    password: string;
  }
  const targets: Array<[string, () => Promise<Target>]> = [
    [
      'staff',
      async () => {
        const { staff } = await makeYard(db().db);
        return { url: '/api/staff/sign-in', email: staff.email, password: STAFF_PASSWORD };
      },
    ],
    [
      'portal',
      async () => {
        const { yard } = await makeYard(db().db);
        const { customer } = await makePortalCustomer(db().db, yard.id);
        return {
          url: `/api/portal/${yard.slug}/sign-in`,
          email: customer.email!,
          password: CUSTOMER_PASSWORD,
        };
      },
    ],
  ];

  const attempt = (address: string, t: Target, password: string, email = t.email) =>
    h.agent({ remoteAddress: address }).post(t.url, { email, password });

  async function fail(address: string, t: Target, times: number) {
    const agent = h.agent({ remoteAddress: address });
    const codes: number[] = [];
    for (let i = 0; i < times; i++) {
      codes.push((await agent.post(t.url, { email: t.email, password: WRONG })).statusCode);
    }
    return codes;
  }

  for (const [name, make] of targets) {
    it(`${name}: 50 failures from one address do not keep the right password out from another`, async () => {
      const t = await make();
      const codes = await fail(newAddress(), t, 50);
      expect(codes.slice(0, PER_ACCOUNT_AND_CLIENT).every((c) => c === 401)).toBe(true);
      expect(codes.slice(PER_ACCOUNT_AND_CLIENT).every((c) => c === 429)).toBe(true);
      const before = h.clock.now().getTime();
      const ok = await attempt(newAddress(), t, t.password);
      expect(ok.statusCode).toBe(200);
      // The refused attempts were never checked, so they do not slow the account either.
      expect(h.clock.now().getTime()).toBe(before);
    });

    it(`${name}: failures from one address lock that address out of the account, with Retry-After`, async () => {
      const t = await make();
      const a = newAddress();
      const codes = await fail(a, t, PER_ACCOUNT_AND_CLIENT);
      expect(codes.every((c) => c === 401)).toBe(true);
      const locked = await attempt(a, t, t.password);
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('RATE_LIMITED');
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.failuresPerAccountAndClient.windowMs / 1000);
      h.clock.advance(retryAfter * 1000);
      expect((await attempt(a, t, t.password)).statusCode).toBe(200);
    });

    it(`${name}: a success clears the failures of that account from that address`, async () => {
      const t = await make();
      const a = newAddress();
      await fail(a, t, PER_ACCOUNT_AND_CLIENT - 1);
      expect((await attempt(a, t, t.password)).statusCode).toBe(200);
      const codes = await fail(a, t, PER_ACCOUNT_AND_CLIENT + 1);
      expect(codes.slice(0, PER_ACCOUNT_AND_CLIENT).every((c) => c === 401)).toBe(true);
      expect(codes[PER_ACCOUNT_AND_CLIENT]).toBe(429);
    });
  }

  it('successes never count: neither toward the lock nor toward the slow-down', async () => {
    const [, make] = targets[0];
    const t = await make();
    const a = newAddress();
    const agent = h.agent({ remoteAddress: a });
    for (let i = 0; i < SLOW_AFTER + 5; i++) {
      expect((await agent.post(t.url, { email: t.email, password: t.password })).statusCode).toBe(200);
    }
    const before = h.clock.now().getTime();
    const codes = await fail(a, t, PER_ACCOUNT_AND_CLIENT + 1);
    expect(codes.slice(0, PER_ACCOUNT_AND_CLIENT).every((c) => c === 401)).toBe(true);
    expect(codes[PER_ACCOUNT_AND_CLIENT]).toBe(429);
    expect(h.clock.now().getTime()).toBe(before);
  });

  it('one address failing across many accounts is stopped; other addresses are not', async () => {
    const [, make] = targets[0];
    const t = await make();
    const a = newAddress();
    const agent = h.agent({ remoteAddress: a });
    for (let i = 0; i < PER_CLIENT; i++) {
      const res = await agent.post(t.url, {
        email: `nobody-${i}-${a.replace(/:/g, '')}@example.com`,
        password: WRONG,
      });
      expect(res.statusCode, `attempt ${i + 1}`).toBe(401);
    }
    const stopped = await agent.post(t.url, { email: t.email, password: t.password });
    expect(stopped.statusCode).toBe(429);
    expect(Number(stopped.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(newAddress(), t, t.password)).statusCode).toBe(200);
    // A hundred real password checks (argon2, ~50 ms each when the machine is idle).
  }, 120_000);

  it('many addresses failing on one account slow it down, growing and capped, but never lock it', async () => {
    const [, make] = targets[1];
    const t = await make();
    const waits: number[] = [];
    for (let i = 0; i < SLOW_AFTER + 6; i++) {
      const before = h.clock.now().getTime();
      expect((await attempt(newAddress(), t, WRONG)).statusCode).toBe(401);
      waits.push(h.clock.now().getTime() - before);
    }
    expect(waits.slice(0, SLOW_AFTER).every((w) => w === 0)).toBe(true);
    expect(waits.slice(SLOW_AFTER)).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000]);
    // The owner, from their own address, still gets in: later, not never.
    const before = h.clock.now().getTime();
    expect((await attempt(newAddress(), t, t.password)).statusCode).toBe(200);
    expect(h.clock.now().getTime() - before).toBe(15_000);
  });
});
