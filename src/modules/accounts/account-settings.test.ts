// Longer than 300 lines: one file per page of the portal account (contact, email change, password,
// sessions), whose cases share the signed-in setup; splitting it would split that page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import {
  CUSTOMER_PASSWORD,
  linkTokenIn,
  makePortalCustomer,
  signInCustomer,
} from '../../../test/support/portal-accounts.js';

const NEW_PASSWORD = 'saltmarsh beacon orchard violet';

describeEachEngine('the customer account page', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function signedIn(over: Parameters<typeof makePortalCustomer>[2] = {}) {
    const { yard, staff } = await makeYard(db().db);
    const { customer, account } = await makePortalCustomer(db().db, yard.id, over);
    const agent = h.agent();
    await signInCustomer(agent, yard.slug, customer.email!);
    return { yard, staff, customer, account, agent, email: customer.email! };
  }

  it('edits phone and address, refuses name or email edits, and staff see the change', async () => {
    const { yard, staff, customer, agent } = await signedIn();
    const res = await agent.patch(`/api/portal/${yard.slug}/me`, {
      phone: '+1 (786) 555-0199',
      street: '12 Dock Road',
      city: 'Key Largo',
      state: 'FL',
      postalCode: '33037',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().customer).toMatchObject({
      phone: '+1 (786) 555-0199',
      street: '12 Dock Road',
      city: 'Key Largo',
    });
    const row = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(row.phone_digits).toBe('7865550199');

    const bad = await agent.patch(`/api/portal/${yard.slug}/me`, { phone: 'call me maybe' });
    expect(bad.statusCode).toBe(422);
    // Too few digits for the yard's country: refused, saying so, and nothing is saved.
    const short = await agent.patch(`/api/portal/${yard.slug}/me`, { phone: '305-555-01', city: 'Miami' });
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({
      code: 'VALIDATION',
      message: '305-555-01 is not a complete phone number for the United States; check the digits.',
      details: {
        fields: {
          phone: '305-555-01 is not a complete phone number for the United States; check the digits.',
        },
      },
    });
    const kept = await db()
      .db.selectFrom('customers')
      .select(['phone', 'phone_digits', 'city'])
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ phone: '+1 (786) 555-0199', phone_digits: '7865550199', city: 'Key Largo' });
    for (const body of [{ email: 'x@example.com' }, { firstName: 'Mallory' }]) {
      const refused = await agent.patch(`/api/portal/${yard.slug}/me`, body);
      expect(refused.statusCode).toBe(422);
    }
    const s = h.agent();
    await s.signInStaff(staff.email, STAFF_PASSWORD);
    const profile = (await s.get(`/api/staff/customers/${customer.id}`)).json();
    expect(profile.customer.city).toBe('Key Largo');
    expect(profile.timeline.map((e: { kind: string }) => e.kind)).toContain('contact_updated');
  });

  it('changes the email only after the link sent to the new address is opened', async () => {
    const { yard, staff, customer, agent, email } = await signedIn();
    // A live invite to the old address must die with the change.
    const invite = await db()
      .db.insertInto('invites')
      .values({
        yard_id: yard.id,
        customer_id: customer.id,
        email,
        status: 'sent',
        created_at: new Date(),
        sent_at: new Date(),
        expires_at: new Date(Date.now() + 86_400_000),
        token_hash: 'f'.repeat(64),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const newEmail = `moved-${Date.now()}@example.net`;
    const wrong = await agent.post(`/api/portal/${yard.slug}/me/email`, {
      newEmail,
      currentPassword: 'not my password at all',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('BAD_CREDENTIALS');
    const res = await agent.post(`/api/portal/${yard.slug}/me/email`, {
      newEmail,
      currentPassword: CUSTOMER_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(202);
    const [mail] = await h.sink.waitForMail(newEmail, 1);
    expect(h.sink.mailTo(email)).toHaveLength(0);
    const { link, token } = linkTokenIn(mail, 'confirm-email');
    expect(link).toBe(`${TEST_PUBLIC_URL}/portal/${yard.slug}/confirm-email/${token}`);

    // Until confirmed, nothing changed.
    expect((await agent.get(`/api/portal/${yard.slug}/me`)).json().customer.email).toBe(email);
    const page = await h.agent().get(`/portal/${yard.slug}/confirm-email/${token}`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const look = await h.agent().post(`/api/portal/${yard.slug}/email-change/lookup`, { token });
    expect(look.json()).toMatchObject({ newEmail });
    expect((await agent.get(`/api/portal/${yard.slug}/me`)).json().customer.email).toBe(email);

    const confirm = await h.agent().post(`/api/portal/${yard.slug}/email-change/confirm`, { token });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const again = await h.agent().post(`/api/portal/${yard.slug}/email-change/confirm`, { token });
    expect(again.statusCode).toBe(410);

    const row = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(row.email).toBe(newEmail);
    const acc = await db()
      .db.selectFrom('portal_accounts')
      .selectAll()
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(acc.login_email).toBe(newEmail);
    const inv = await db()
      .db.selectFrom('invites')
      .selectAll()
      .where('id', '=', invite.id)
      .executeTakeFirstOrThrow();
    expect(inv.status).toBe('revoked');

    expect(
      (await h.agent().post(`/api/portal/${yard.slug}/sign-in`, { email, password: CUSTOMER_PASSWORD }))
        .statusCode,
    ).toBe(401);
    await signInCustomer(h.agent(), yard.slug, newEmail);
    const s = h.agent();
    await s.signInStaff(staff.email, STAFF_PASSWORD);
    const profile = (await s.get(`/api/staff/customers/${customer.id}`)).json();
    expect(profile.customer.email).toBe(newEmail);
    expect(profile.timeline.map((e: { kind: string }) => e.kind)).toContain('customer_email_changed');
  });

  /** Asks for a change to `newEmail` from `agent` and returns the token of the link sent there. */
  async function requestChange(agent: ReturnType<Harness['agent']>, yardSlug: string, newEmail: string) {
    const res = await agent.post(`/api/portal/${yardSlug}/me/email`, {
      newEmail,
      currentPassword: CUSTOMER_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(202);
    const [mail] = await h.sink.waitForMail(newEmail, 1);
    return linkTokenIn(mail, 'confirm-email').token;
  }

  it('a confirmed change tells the old address and ends the other sessions, not the confirming one', async () => {
    const { yard, agent, email } = await signedIn();
    const laptop = h.agent();
    await signInCustomer(laptop, yard.slug, email);
    const neighbour = h.agent();
    await signInCustomer(neighbour, yard.slug, (await makePortalCustomer(db().db, yard.id)).customer.email!);
    const newEmail = `nautilus-${Date.now()}@example.net`;
    const token = await requestChange(agent, yard.slug, newEmail);
    expect(h.sink.mailTo(email)).toHaveLength(0);

    const confirm = await agent.post(`/api/portal/${yard.slug}/email-change/confirm`, { token });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect((await agent.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(200);
    expect((await laptop.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);
    expect((await neighbour.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(200);

    const [notice] = await h.sink.waitForMail(email, 1);
    expect(notice.to).toEqual([email]);
    expect(notice.parsed.subject).toBe(`Your ${yard.name} portal email address was changed`);
    const when = h.clock.now().toLocaleDateString('en-US', { dateStyle: 'long', timeZone: yard.timezone });
    for (const body of [notice.parsed.text ?? '', notice.parsed.html || '']) {
      expect(body).toContain('n***@example.net');
      expect(body).toContain(when);
      expect(body).toContain(`contact ${yard.name} at ${yard.phone} or ${yard.email}`);
      // Only the owner should recognise the new address; the old inbox may be someone else's.
      expect(body).not.toContain(newEmail);
    }
    // Nothing more to the new address than the link.
    expect(h.sink.mailTo(newEmail)).toHaveLength(1);
  });

  it('a change confirmed from a signed-out browser ends every session of the account', async () => {
    const { yard, agent, email } = await signedIn();
    const newEmail = `kelp-${Date.now()}@example.net`;
    const token = await requestChange(agent, yard.slug, newEmail);
    const confirm = await h.agent().post(`/api/portal/${yard.slug}/email-change/confirm`, { token });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect((await agent.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);
    await h.sink.waitForMail(email, 1);
  });

  it('refuses a new address another account of the yard already uses', async () => {
    const { yard, agent } = await signedIn();
    const taken = await makePortalCustomer(db().db, yard.id);
    const res = await agent.post(`/api/portal/${yard.slug}/me/email`, {
      newEmail: taken.customer.email,
      currentPassword: CUSTOMER_PASSWORD,
    });
    expect(res.statusCode).toBe(202);
    const [mail] = await h.sink.waitForMail(taken.customer.email!, 1);
    const { token } = linkTokenIn(mail, 'confirm-email');
    const confirm = await h.agent().post(`/api/portal/${yard.slug}/email-change/confirm`, { token });
    expect(confirm.statusCode).toBe(409);
    expect(confirm.json().code).toBe('EMAIL_TAKEN');
  });

  it('changes the password with the current one; other sessions end, this one stays', async () => {
    const { yard, agent, email } = await signedIn({ first_name: 'Ava', last_name: 'Thompson' });
    const laptop = h.agent();
    await signInCustomer(laptop, yard.slug, email);
    const wrong = await agent.post(`/api/portal/${yard.slug}/me/password`, {
      currentPassword: 'wrong wrong wrong wrong',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(wrong.statusCode).toBe(401);
    const weak = await agent.post(`/api/portal/${yard.slug}/me/password`, {
      currentPassword: CUSTOMER_PASSWORD,
      password: 'passwordpassword',
      confirmPassword: 'passwordpassword',
    });
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    for (const [named, word] of [
      ['avathompson2026!!', 'thompson'],
      [`${yard.name} forever`, 'test'],
    ]) {
      const res = await agent.post(`/api/portal/${yard.slug}/me/password`, {
        currentPassword: CUSTOMER_PASSWORD,
        password: named,
        confirmPassword: named,
      });
      expect(res.json()).toMatchObject({ code: 'WEAK_PASSWORD' });
      expect(res.json().message).toContain(`contains "${word}"`);
    }
    const ok = await agent.post(`/api/portal/${yard.slug}/me/password`, {
      currentPassword: CUSTOMER_PASSWORD,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await agent.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(200);
    expect((await laptop.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);
    const [changed] = await h.sink.waitForMail(email, 1);
    expect(changed.parsed.subject).toMatch(/password was changed/);
    await signInCustomer(h.agent(), yard.slug, email, NEW_PASSWORD);
  });

  it('a password change ends a pending email change; its link is then refused', async () => {
    const { yard, agent, email, customer } = await signedIn();
    const newEmail = `hijack-${Date.now()}@example.net`;
    const res = await agent.post(`/api/portal/${yard.slug}/me/email`, {
      newEmail,
      currentPassword: CUSTOMER_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(202);
    const [mail] = await h.sink.waitForMail(newEmail, 1);
    const { token } = linkTokenIn(mail, 'confirm-email');
    const ok = await agent.post(`/api/portal/${yard.slug}/me/password`, {
      currentPassword: CUSTOMER_PASSWORD,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const confirm = await h.agent().post(`/api/portal/${yard.slug}/email-change/confirm`, { token });
    expect(confirm.statusCode).toBe(410);
    expect(confirm.json().code).toBe('EMAIL_LINK_CANCELLED');
    // The link says why it no longer works, when, and what to do.
    const when = h.clock.now().toLocaleString('en-US', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: yard.timezone,
    });
    expect(confirm.json().message).toBe(
      `This confirmation link was cancelled because the password of the account was changed on ${when}. If you still want to use this address, sign in and ask for the change again from your account page.`,
    );
    const look = await h.agent().post(`/api/portal/${yard.slug}/email-change/lookup`, { token });
    expect(look.json()).toMatchObject({ code: 'EMAIL_LINK_CANCELLED', message: confirm.json().message });
    // A newer request, not a password change, still says "replaced".
    const first = await agent.post(`/api/portal/${yard.slug}/me/email`, {
      newEmail,
      currentPassword: NEW_PASSWORD,
    });
    expect(first.statusCode, first.body).toBe(202);
    const older = linkTokenIn((await h.sink.waitForMail(newEmail, 2))[1], 'confirm-email').token;
    await agent.post(`/api/portal/${yard.slug}/me/email`, { newEmail, currentPassword: NEW_PASSWORD });
    await h.sink.waitForMail(newEmail, 3);
    const replaced = await h.agent().post(`/api/portal/${yard.slug}/email-change/confirm`, { token: older });
    expect(replaced.json().code).toBe('EMAIL_LINK_SUPERSEDED');
    const row = await db()
      .db.selectFrom('customers')
      .select('email')
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(row.email).toBe(email);
  });

  it('"sign out everywhere" ends every session of the account, this one included', async () => {
    const { yard, agent, email } = await signedIn();
    const tablet = h.agent();
    await signInCustomer(tablet, yard.slug, email);
    const other = await makePortalCustomer(db().db, yard.id);
    const neighbour = h.agent();
    await signInCustomer(neighbour, yard.slug, other.customer.email!);
    const res = await agent.post(`/api/portal/${yard.slug}/me/sign-out-everywhere`);
    expect(res.statusCode).toBe(204);
    expect((await agent.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);
    expect((await tablet.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);
    expect((await neighbour.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(200);
  });
});
