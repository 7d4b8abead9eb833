import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Agent, type Harness, startHarness } from '../../../test/support/harness.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { type SoftAuthenticator, softAuthenticator } from '../../../test/support/webauthn.js';

/** Adds a passkey from a signed-in agent's account page; answers the final response. */
async function addPasskey(agent: Agent, slug: string, device: SoftAuthenticator, name = 'Ann’s iPhone') {
  const opts = await agent.post(`/api/portal/${slug}/me/passkeys/options`, {});
  expect(opts.statusCode, opts.body).toBe(200);
  const credential = device.register(opts.json().options);
  return agent.post(`/api/portal/${slug}/me/passkeys`, { name, credential });
}

/** The whole passkey sign-in from a browser at `slug`: a challenge, the device's answer, the check. */
async function passkeySignIn(agent: Agent, slug: string, device: SoftAuthenticator) {
  const opts = await agent.post(`/api/portal/${slug}/passkeys/sign-in/options`);
  expect(opts.statusCode, opts.body).toBe(200);
  const credential = device.assert(opts.json().options);
  const res = await agent.post(`/api/portal/${slug}/passkeys/sign-in`, { credential });
  return { res, credential };
}

describeEachEngine('passkeys', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it('a customer adds a passkey and signs in with it: new session, CSRF token, counter, notice, audit, staff see it', async () => {
    const { yard, staff } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const portal = `/api/portal/${yard.slug}`;
    expect((await me.agent.get(`${portal}/me/passkeys`)).json()).toEqual({
      passkeys: [],
      needsPassword: false,
    });

    const phone = softAuthenticator({ counter: 5, synced: true });
    const opts = (await me.agent.post(`${portal}/me/passkeys/options`, {})).json().options;
    // RP ID from PUBLIC_URL's host; a discoverable credential with user verification.
    expect(opts.rp).toEqual({ name: yard.name, id: 'portal.slipway.test' });
    expect(opts.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    expect(opts.user.name).toBe(`${me.customer.email} (${yard.name})`);
    const added = await me.agent.post(`${portal}/me/passkeys`, {
      name: 'Ann’s iPhone',
      credential: phone.register(opts),
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().passkeys).toEqual([
      {
        id: expect.any(String),
        name: 'Ann’s iPhone',
        createdAt: expect.any(String),
        lastUsedAt: null,
        synced: true,
      },
    ]);

    const [notice] = await h.sink.waitForMail(me.customer.email!, 1);
    expect(notice.parsed.subject).toBe(`A passkey was added to your ${yard.name} portal account`);
    expect(notice.parsed.text).toContain('"Ann’s iPhone"');

    // Another browser, already holding an old customer session cookie: it is replaced.
    const browser = h.agent();
    await browser.post(`${portal}/sign-in`, { email: me.customer.email, password: CUSTOMER_PASSWORD });
    const oldCookie = browser.cookie(h.cookieNames.customer);
    h.clock.advance(60_000);
    const { res } = await passkeySignIn(browser, yard.slug, phone);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().customer.id).toBe(me.customer.id);
    expect(res.headers['x-csrf-token']).toEqual(expect.any(String));
    expect(browser.cookie(h.cookieNames.customer)).not.toBe(oldCookie);
    const { rows: old } =
      await sql`SELECT 1 FROM sessions WHERE kind = 'customer' AND account_id = ${me.account.id}`.execute(
        db().db,
      );
    expect(old).toHaveLength(2); // the first agent's and the new one: the replaced one is gone
    expect((await browser.get(`${portal}/me`)).statusCode).toBe(200);
    // The rotated CSRF token works for the next write.
    expect((await browser.patch(`${portal}/me/notifications`, { estimates: false })).statusCode).toBe(200);

    const stored = await db()
      .db.selectFrom('passkeys')
      .select(['counter', 'last_used_at', 'backed_up', 'device_type'])
      .where('account_id', '=', me.account.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ counter: 6, backed_up: true, device_type: 'multiDevice' });
    expect(stored.last_used_at?.getTime()).toBe(h.clock.now().getTime());

    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const list = await office.get(`/api/staff/customers/${me.customer.id}/passkeys`);
    expect(
      list.json().passkeys.map((p: { name: string; lastUsedAt: string }) => [p.name, !!p.lastUsedAt]),
    ).toEqual([['Ann’s iPhone', true]]);
    const profile = (await office.get(`/api/staff/customers/${me.customer.id}`)).json();
    expect(profile.timeline.map((e: { summary: string }) => e.summary)).toContain(
      'Customer signed in to the portal with a passkey',
    );
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['actor_kind', 'action', 'changes'])
      .where('yard_id', '=', yard.id)
      .where('action', 'like', 'passkey%')
      .execute();
    expect(audit).toEqual([
      {
        actor_kind: 'customer',
        action: 'passkey added',
        changes: { passkey: { before: null, after: 'Ann’s iPhone' } },
      },
    ]);
  });

  it("a passkey of yard A never signs in at yard B, nor does A's challenge", async () => {
    const a = await makeYard(db().db, 'Alpha Marine');
    const b = await makeYard(db().db, 'Bravo Boatworks');
    const me = await signedInCustomer(h, db().db, a.yard);
    const phone = softAuthenticator();
    expect((await addPasskey(me.agent, a.yard.slug, phone)).statusCode).toBe(201);
    // The same person is a customer of yard B too.
    await signedInCustomer(h, db().db, b.yard);

    const visitor = h.agent();
    const atB = await passkeySignIn(visitor, b.yard.slug, phone);
    expect(atB.res.statusCode).toBe(401);
    expect(atB.res.json().code).toBe('PASSKEY_NOT_RECOGNISED');
    expect(visitor.cookie(h.cookieNames.customer)).toBeUndefined();

    // A challenge handed out by yard A, answered at yard B's address.
    const optsA = (await visitor.post(`/api/portal/${a.yard.slug}/passkeys/sign-in/options`)).json().options;
    const crossed = await visitor.post(`/api/portal/${b.yard.slug}/passkeys/sign-in`, {
      credential: phone.assert(optsA),
    });
    expect(crossed.json().code).toBe('PASSKEY_CHALLENGE_INVALID');
    expect((await passkeySignIn(visitor, a.yard.slug, phone)).res.statusCode).toBe(200);
  });

  it('a challenge works once and for five minutes; a registration challenge only for its session', async () => {
    const { yard } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const phone = softAuthenticator();
    expect((await addPasskey(me.agent, yard.slug, phone)).statusCode).toBe(201);
    const portal = `/api/portal/${yard.slug}`;

    const visitor = h.agent();
    const first = await passkeySignIn(visitor, yard.slug, phone);
    expect(first.res.statusCode).toBe(200);
    const replay = await h.agent().post(`${portal}/passkeys/sign-in`, { credential: first.credential });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('PASSKEY_CHALLENGE_INVALID');

    const opts = (await visitor.post(`${portal}/passkeys/sign-in/options`)).json().options;
    h.clock.advance(5 * 60_000 + 1000);
    const late = await visitor.post(`${portal}/passkeys/sign-in`, { credential: phone.assert(opts) });
    expect(late.json().code).toBe('PASSKEY_CHALLENGE_INVALID');

    // Registration: the challenge of one session, answered from another of the same account.
    const regOpts = (
      await me.agent.post(`${portal}/me/passkeys/options`, { currentPassword: CUSTOMER_PASSWORD })
    ).json().options;
    const other = h.agent();
    await other.post(`${portal}/sign-in`, { email: me.customer.email, password: CUSTOMER_PASSWORD });
    const stolen = await other.post(`${portal}/me/passkeys`, {
      name: 'Laptop',
      credential: phone.register(regOpts),
    });
    expect(stolen.json().code).toBe('PASSKEY_CHALLENGE_INVALID');
    const { rows } =
      await sql`SELECT count(*)::int AS n FROM passkey_challenges WHERE yard_id = ${yard.id}`.execute(
        db().db,
      );
    // Every challenge handed out was used up by its answer, the late one and the stolen one too.
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('refuses answers a phishing page, a device without user verification or a cloned key would give', async () => {
    const { yard } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const phished = await addPasskey(
      me.agent,
      yard.slug,
      softAuthenticator({ origin: 'https://portal.slipway.test.evil.example' }),
    );
    expect(phished.json().code).toBe('PASSKEY_NOT_VERIFIED');
    const noUv = await addPasskey(me.agent, yard.slug, softAuthenticator({ userVerified: false }));
    expect(noUv.json().code).toBe('PASSKEY_NOT_VERIFIED');

    const key = softAuthenticator({ counter: 10 });
    expect((await addPasskey(me.agent, yard.slug, key)).statusCode).toBe(201);
    expect((await passkeySignIn(h.agent(), yard.slug, key)).res.statusCode).toBe(200);
    key.credentials[0].counter = 3; // a copy of the key that lags behind
    const cloned = await passkeySignIn(h.agent(), yard.slug, key);
    expect(cloned.res.json().code).toBe('PASSKEY_NOT_RECOGNISED');
  });

  it('a removed passkey, or one of an archived or merged-away account, no longer signs in', async () => {
    const { yard, staff } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const portal = `/api/portal/${yard.slug}`;
    const phone = softAuthenticator();
    const laptop = softAuthenticator();
    await addPasskey(me.agent, yard.slug, phone, 'Phone');
    const both = (await addPasskey(me.agent, yard.slug, laptop, 'Laptop')).json().passkeys;
    const phoneId = both.find((p: { name: string }) => p.name === 'Phone').id;
    const laptopId = both.find((p: { name: string }) => p.name === 'Laptop').id;

    // Ten minutes after signing in, removing asks for the password.
    h.clock.advance(11 * 60_000);
    expect((await me.agent.get(`${portal}/me/passkeys`)).json().needsPassword).toBe(true);
    const asked = await me.agent.post(`${portal}/me/passkeys/${phoneId}/remove`, {});
    expect(asked.statusCode).toBe(403);
    expect(asked.json().code).toBe('RECENT_SIGN_IN_NEEDED');
    const wrong = await me.agent.post(`${portal}/me/passkeys/${phoneId}/remove`, {
      currentPassword: 'not it at all',
    });
    expect(wrong.json().code).toBe('BAD_CREDENTIALS');
    const removed = await me.agent.post(`${portal}/me/passkeys/${phoneId}/remove`, {
      currentPassword: CUSTOMER_PASSWORD,
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().passkeys.map((p: { name: string }) => p.name)).toEqual(['Laptop']);
    expect((await passkeySignIn(h.agent(), yard.slug, phone)).res.json().code).toBe('PASSKEY_NOT_RECOGNISED');

    // A fresh passkey sign-in counts as a recent sign-in.
    const fresh = h.agent();
    expect((await passkeySignIn(fresh, yard.slug, laptop)).res.statusCode).toBe(200);
    expect((await fresh.get(`${portal}/me/passkeys`)).json().needsPassword).toBe(false);

    // Archived, the customer's passkey stops working; restored, it works again.
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    expect((await office.post(`/api/staff/customers/${me.customer.id}/archive`)).statusCode).toBe(200);
    expect((await passkeySignIn(h.agent(), yard.slug, laptop)).res.json().code).toBe(
      'PASSKEY_NOT_RECOGNISED',
    );
    expect((await office.post(`/api/staff/customers/${me.customer.id}/restore`)).statusCode).toBe(200);
    expect((await passkeySignIn(h.agent(), yard.slug, laptop)).res.statusCode).toBe(200);
    await db()
      .db.updateTable('portal_accounts')
      .set({ disabled_at: new Date() })
      .where('id', '=', me.account.id)
      .execute();
    expect((await passkeySignIn(h.agent(), yard.slug, laptop)).res.json().code).toBe(
      'PASSKEY_NOT_RECOGNISED',
    );
    await db()
      .db.updateTable('portal_accounts')
      .set({ disabled_at: null })
      .where('id', '=', me.account.id)
      .execute();

    // The office removes the lost laptop's passkey; the customer is told.
    const gone = await office.delete(`/api/staff/customers/${me.customer.id}/passkeys/${laptopId}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json().passkeys).toEqual([]);
    expect((await passkeySignIn(h.agent(), yard.slug, laptop)).res.json().code).toBe(
      'PASSKEY_NOT_RECOGNISED',
    );
    const mails = await h.sink.waitForMail(me.customer.email!, 4);
    expect(mails.map((m) => m.parsed.subject)).toContain(
      `A passkey was removed from your ${yard.name} portal account`,
    );
    expect(mails.map((m) => m.parsed.text).join('\n')).toContain(`${yard.name} removed the passkey "Laptop"`);
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['actor_kind', 'action'])
      .where('yard_id', '=', yard.id)
      .where('action', 'like', 'passkey%')
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((r) => `${r.actor_kind} ${r.action}`).sort()).toEqual(
      [
        'customer passkey added',
        'customer passkey added',
        'customer passkey removed',
        'staff passkey removed',
      ].sort(),
    );
    // Another yard's office, and another customer's passkey id, find nothing.
    const other = await makeYard(db().db);
    const stranger = h.agent();
    await stranger.signInStaff(other.staff.email, STAFF_PASSWORD);
    expect((await stranger.get(`/api/staff/customers/${me.customer.id}/passkeys`)).statusCode).toBe(404);
  });

  it('passkey sign-in failures share the sign-in limit of the client address', async () => {
    const { yard } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const phone = softAuthenticator();
    await addPasskey(me.agent, yard.slug, phone);
    const portal = `/api/portal/${yard.slug}`;
    const attacker = h.agent({ remoteAddress: '203.0.113.77' });
    const opts = (await attacker.post(`${portal}/passkeys/sign-in/options`)).json().options;
    const answer = phone.assert(opts);
    // A hundred failed answers (an unknown challenge each), then even a good one is refused.
    for (let i = 0; i < 100; i++) {
      const bad = phone.assert({ challenge: Buffer.from(`guess-${i}`).toString('base64url') });
      expect((await attacker.post(`${portal}/passkeys/sign-in`, { credential: bad })).statusCode).toBe(400);
    }
    const limited = await attacker.post(`${portal}/passkeys/sign-in`, { credential: answer });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Password sign-in from that address is limited too: the same counter.
    const pw = await attacker.post(`${portal}/sign-in`, {
      email: me.customer.email,
      password: CUSTOMER_PASSWORD,
    });
    expect(pw.statusCode).toBe(429);
    // Another address is not affected.
    expect(
      (await passkeySignIn(h.agent({ remoteAddress: '198.51.100.9' }), yard.slug, phone)).res.statusCode,
    ).toBe(200);
    // Fifteen minutes on, the address may try again.
    h.clock.advance(15 * 60_000 + 1000);
    expect((await passkeySignIn(attacker, yard.slug, phone)).res.statusCode).toBe(200);
  });
});
