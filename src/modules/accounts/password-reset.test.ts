import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import {
  CUSTOMER_PASSWORD,
  linkTokenIn,
  makePortalCustomer,
  signInCustomer,
} from '../../../test/support/portal-accounts.js';

const MINUTE_MS = 60_000;

const NEW_PASSWORD = 'driftwood compass heron lantern';

describeEachEngine('forgot password and reset by email', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function setup() {
    const { yard } = await makeYard(db().db);
    const { customer, account } = await makePortalCustomer(db().db, yard.id, { first_name: 'Imogen' });
    return { yard, customer, account, email: customer.email! };
  }

  async function requestLink(yardSlug: string, email: string, count = 1) {
    const res = await h.agent().post(`/api/portal/${yardSlug}/password/forgot`, { email });
    expect(res.statusCode, res.body).toBe(202);
    const mails = await h.sink.waitForMail(email, count);
    return { res, mail: mails[count - 1], ...linkTokenIn(mails[count - 1], 'reset') };
  }

  it('answers a known and an unknown email identically, and mails only the account holder', async () => {
    const { yard, email } = await setup();
    const unknown = `nobody-${Date.now()}@example.com`;
    const a = await h.agent().post(`/api/portal/${yard.slug}/password/forgot`, { email });
    const b = await h.agent().post(`/api/portal/${yard.slug}/password/forgot`, { email: unknown });
    expect(a.statusCode).toBe(202);
    expect(b.statusCode).toBe(202);
    expect(a.json().message.replace(email, 'X')).toBe(b.json().message.replace(unknown, 'X'));
    expect(Object.keys(a.json())).toEqual(Object.keys(b.json()));
    const [mail] = await h.sink.waitForMail(email, 1);
    expect(mail.parsed.subject).toContain(yard.name);
    expect(mail.parsed.text).toContain('Hi Imogen,');
    const { link, token } = linkTokenIn(mail, 'reset');
    expect(link).toBe(`${TEST_PUBLIC_URL}/portal/${yard.slug}/reset/${token}`);
    expect(h.sink.mailTo(unknown)).toHaveLength(0);
    const rows = await db()
      .db.selectFrom('password_resets')
      .selectAll()
      .where('yard_id', '=', yard.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(token);
  });

  it('opening the link never uses it; the reset does, once; it does not sign in and ends the sessions', async () => {
    const { yard, email } = await setup();
    const oldDevice = h.agent();
    await signInCustomer(oldDevice, yard.slug, email);
    const { token } = await requestLink(yard.slug, email);
    const visitor = h.agent();
    for (const method of ['GET', 'HEAD'] as const) {
      const page = await visitor.request(method, `/portal/${yard.slug}/reset/${token}`);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
    }
    for (let i = 0; i < 3; i++) {
      const look = await visitor.post(`/api/portal/${yard.slug}/password/reset/lookup`, { token });
      expect(look.statusCode, look.body).toBe(200);
      expect(look.json()).toMatchObject({ email, passwordRules: { minLength: 15 } });
    }
    const weak = await visitor.post(`/api/portal/${yard.slug}/password/reset`, {
      token,
      password: 'short',
      confirmPassword: 'short',
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    const mismatch = await visitor.post(`/api/portal/${yard.slug}/password/reset`, {
      token,
      password: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}x`,
    });
    expect(mismatch.json().code).toBe('PASSWORD_MISMATCH');
    const named = await visitor.post(`/api/portal/${yard.slug}/password/reset`, {
      token,
      password: 'imogen2026 copper anchor',
      confirmPassword: 'imogen2026 copper anchor',
    });
    expect(named.json()).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(named.json().message).toContain('contains "imogen", which is part of your name');

    const ok = await visitor.post(`/api/portal/${yard.slug}/password/reset`, {
      token,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.cookies.find((c) => c.name === h.cookieNames.customer)).toBeUndefined();
    expect((await visitor.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);
    expect((await oldDevice.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);

    const again = await h.agent().post(`/api/portal/${yard.slug}/password/reset`, {
      token,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('RESET_USED');
    expect(
      (await h.agent().post(`/api/portal/${yard.slug}/password/reset/lookup`, { token })).statusCode,
    ).toBe(410);

    const confirmation = await h.sink.waitForMail(email, 2);
    expect(confirmation[1].parsed.subject).toMatch(/password was changed/);
    expect(confirmation[1].parsed.text).not.toMatch(/\/reset\//);

    const oldPw = await h
      .agent()
      .post(`/api/portal/${yard.slug}/sign-in`, { email, password: CUSTOMER_PASSWORD });
    expect(oldPw.statusCode).toBe(401);
    await signInCustomer(h.agent(), yard.slug, email, NEW_PASSWORD);
  });

  it('a password reset ends a pending email change; its link is then refused', async () => {
    const { yard, customer, email } = await setup();
    const intruder = h.agent();
    await signInCustomer(intruder, yard.slug, email);
    const newEmail = `hijack-${Date.now()}@example.net`;
    const change = await intruder.post(`/api/portal/${yard.slug}/me/email`, {
      newEmail,
      currentPassword: CUSTOMER_PASSWORD,
    });
    expect(change.statusCode, change.body).toBe(202);
    const [changeMail] = await h.sink.waitForMail(newEmail, 1);
    const changeToken = linkTokenIn(changeMail, 'confirm-email').token;
    const { token } = await requestLink(yard.slug, email);
    const ok = await h.agent().post(`/api/portal/${yard.slug}/password/reset`, {
      token,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const confirm = await h
      .agent()
      .post(`/api/portal/${yard.slug}/email-change/confirm`, { token: changeToken });
    expect(confirm.statusCode).toBe(410);
    expect(confirm.json().code).toBe('EMAIL_LINK_CANCELLED');
    expect(confirm.json().message).toMatch(
      /^This confirmation link was cancelled because the password of the account was reset on .+\. If you still want to use this address, sign in and ask for the change again from your account page\.$/,
    );
    const acc = await db()
      .db.selectFrom('portal_accounts')
      .select('login_email')
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(acc.login_email).toBe(email);
  });

  it('keeps other sessions when the customer unticks "sign out everywhere"', async () => {
    const { yard, email } = await setup();
    const phone = h.agent();
    await signInCustomer(phone, yard.slug, email);
    const { token } = await requestLink(yard.slug, email);
    const ok = await h.agent().post(`/api/portal/${yard.slug}/password/reset`, {
      token,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
      endSessions: false,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await phone.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(200);
  });

  it('a link expires after one hour, and a newer link replaces the older one', async () => {
    const { yard, email } = await setup();
    const first = await requestLink(yard.slug, email, 1);
    const second = await requestLink(yard.slug, email, 2);
    const replaced = await h.agent().post(`/api/portal/${yard.slug}/password/reset/lookup`, {
      token: first.token,
    });
    expect(replaced.statusCode).toBe(410);
    expect(replaced.json().code).toBe('RESET_SUPERSEDED');
    expect(
      (await h.agent().post(`/api/portal/${yard.slug}/password/reset/lookup`, { token: second.token }))
        .statusCode,
    ).toBe(200);

    h.clock.advance(61 * MINUTE_MS);
    try {
      const expired = await h.agent().post(`/api/portal/${yard.slug}/password/reset`, {
        token: second.token,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      expect(expired.statusCode).toBe(410);
      expect(expired.json().code).toBe('RESET_EXPIRED');
    } finally {
      h.clock.advance(-61 * MINUTE_MS);
    }
    await signInCustomer(h.agent(), yard.slug, email);
  });

  it('of many concurrent resets with one link exactly one succeeds', async () => {
    const { yard, email } = await setup();
    const { token } = await requestLink(yard.slug, email);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        h.agent().post(`/api/portal/${yard.slug}/password/reset`, {
          token,
          password: `${NEW_PASSWORD} ${i}`,
          confirmPassword: `${NEW_PASSWORD} ${i}`,
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 410, 410, 410, 410]);
    const winner = results.findIndex((r) => r.statusCode === 200);
    await signInCustomer(h.agent(), yard.slug, email, `${NEW_PASSWORD} ${winner}`);
  });

  it('refuses unknown, malformed and other-yard tokens alike', async () => {
    const { yard, email } = await setup();
    const other = await makeYard(db().db);
    const { token } = await requestLink(yard.slug, email);
    for (const [slug, t] of [
      [other.yard.slug, token],
      [yard.slug, 'a'.repeat(43)],
      [yard.slug, 'not a token'],
    ]) {
      const res = await h.agent().post(`/api/portal/${slug}/password/reset/lookup`, { token: t });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('RESET_UNKNOWN');
    }
  });

  it('rate-limits asking for links per email, known or not, with the same answer', async () => {
    const { yard, email } = await setup();
    const unknown = `ghost-${Date.now()}@example.com`;
    // Fresh windows: the suite's earlier requests all came from the same address.
    h.clock.advance(61 * MINUTE_MS);
    for (const address of [email, unknown]) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await h.agent().post(`/api/portal/${yard.slug}/password/forgot`, { email: address })).statusCode,
        );
      }
      expect(statuses).toEqual([202, 202, 202, 429]);
    }
  });
});
