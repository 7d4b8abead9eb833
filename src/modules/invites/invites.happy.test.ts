import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeOrderHistory, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import { inviteSettled } from '../../../test/support/invites.js';
import { inviteLinkIn } from '../../../test/support/smtp-sink.js';
import { DAY, HOUR } from '../../server/clock.js';

const GOOD_PASSWORD = 'lantern pelican sunrise cobble';

describeEachEngine('portal invite, end to end through the API', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function signedInStaff() {
    const { yard, staff } = await makeYard(db().db, 'Harbor Point Marine');
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, agent };
  }

  // The worker records the outcome just after the mail server accepted the message.
  const settled = (customerId: string) => inviteSettled(db().db, customerId);

  async function inviteAndReadLink(
    agent: ReturnType<Harness['agent']>,
    customerId: string,
    email: string,
    count = 1,
  ) {
    const res = await agent.post(`/api/staff/customers/${customerId}/invites`);
    expect(res.statusCode, res.body).toBe(201);
    const mails = await h.sink.waitForMail(email, count);
    await settled(customerId);
    return { res, mail: mails[count - 1], token: inviteLinkIn(mails[count - 1]).split('/accept/')[1] };
  }

  it('sends one branded email whose link leads to the yard portal, then the button waits 24 hours', async () => {
    const { yard, staff, agent } = await signedInStaff();
    const c = await makeCustomer(db().db, yard.id, { first_name: 'Ava' });
    const before = await agent.get(`/api/staff/customers/${c.id}`);
    expect(before.json().portal.button).toBe('invite');

    const { res, mail } = await inviteAndReadLink(agent, c.id, c.email!);
    expect(res.json().portal.button).toBe('wait');
    expect(mail.parsed.subject).toContain(yard.name);
    expect(mail.parsed.from?.text).toContain(yard.name);
    expect(mail.parsed.text).toContain('Hi Ava,');
    expect(mail.parsed.html).toContain(yard.name);
    const link = inviteLinkIn(mail);
    expect(link.startsWith(`${TEST_PUBLIC_URL}/portal/${yard.slug}/accept/`)).toBe(true);
    expect(link.split('/accept/')[1]).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const profile = (await agent.get(`/api/staff/customers/${c.id}`)).json();
    expect(profile.portal.button).toBe('wait');
    expect(profile.portal.lastInvite.status).toBe('sent');
    const sentAt = new Date(profile.portal.lastInvite.sentAt).getTime();
    expect(new Date(profile.portal.nextInviteAt).getTime()).toBe(sentAt + 24 * HOUR);
    const kinds = profile.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['invite_queued', 'invite_sent']));
    const queued = profile.timeline.find((e: { kind: string }) => e.kind === 'invite_queued');
    expect(queued.actorName).toBe(staff.name);

    // Only the token's hash is stored.
    const row = await db()
      .db.selectFrom('invites')
      .selectAll()
      .where('customer_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(link.split('/accept/')[1]);
  });

  it('opening the link (GET, HEAD, lookups) never uses it up; picking a password does, once', async () => {
    const { yard, agent } = await signedInStaff();
    const c = await makeCustomer(db().db, yard.id, { first_name: 'Noah' });
    const history = await makeOrderHistory(db().db, yard.id, c.id);
    const { token } = await inviteAndReadLink(agent, c.id, c.email!);
    const customer = h.agent();

    for (const method of ['GET', 'HEAD'] as const) {
      const page = await customer.request(method, `/portal/${yard.slug}/accept/${token}`);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
    }
    for (let i = 0; i < 3; i++) {
      const look = await customer.post(`/api/portal/${yard.slug}/invite/lookup`, { token });
      expect(look.statusCode, look.body).toBe(200);
      expect(look.json()).toMatchObject({ firstName: 'Noah', email: c.email, yard: { name: yard.name } });
    }

    const weak = await customer.post(`/api/portal/${yard.slug}/invite/accept`, {
      token,
      password: 'short',
      confirmPassword: 'short',
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    expect(weak.json().message).toMatch(/15 characters/);
    const common = 'passwordpassword';
    const breached = await customer.post(`/api/portal/${yard.slug}/invite/accept`, {
      token,
      password: common,
      confirmPassword: common,
    });
    expect(breached.json().code).toBe('WEAK_PASSWORD');
    expect(breached.json().message).toMatch(/list of passwords/);
    // The customer's own name, even glued to digits, and the yard's name are refused.
    for (const [named, word] of [
      ['noahquintero2026!!', 'noah'],
      ['copper anchor harbor tulip', 'harbor'],
    ] as const) {
      const res = await customer.post(`/api/portal/${yard.slug}/invite/accept`, {
        token,
        password: named,
        confirmPassword: named,
      });
      expect(res.json()).toMatchObject({ code: 'WEAK_PASSWORD' });
      expect(res.json().message).toContain(`contains "${word}"`);
    }
    const mismatch = await customer.post(`/api/portal/${yard.slug}/invite/accept`, {
      token,
      password: GOOD_PASSWORD,
      confirmPassword: `${GOOD_PASSWORD}!`,
    });
    expect(mismatch.json().code).toBe('PASSWORD_MISMATCH');

    const long = `${'tide '.repeat(20)}end`; // 103 characters: allowed, never truncated
    const ok = await customer.post(`/api/portal/${yard.slug}/invite/accept`, {
      token,
      password: long,
      confirmPassword: long,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const me = ok.json();
    expect(me.customer.id).toBe(c.id);
    expect(me.boats.map((b: { name: string }) => b.name)).toContain(history.boat.name);
    expect(me.orders.map((o: { number: number }) => o.number)).toContain(history.order.number);
    expect(me.invoices[0]).toMatchObject({ totalCents: 128400, balanceCents: 128400 });

    expect((await customer.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(200);
    const again = await h.agent().post(`/api/portal/${yard.slug}/invite/accept`, {
      token,
      password: GOOD_PASSWORD,
      confirmPassword: GOOD_PASSWORD,
    });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('INVITE_USED');

    // A truncated password must not work: the whole 103 characters count.
    await customer.post(`/api/portal/${yard.slug}/sign-out`);
    const truncated = await customer.post(`/api/portal/${yard.slug}/sign-in`, {
      email: c.email,
      password: long.slice(0, 72),
    });
    expect(truncated.statusCode).toBe(401);
    const signIn = await customer.post(`/api/portal/${yard.slug}/sign-in`, {
      email: c.email!.toUpperCase(),
      password: long,
    });
    expect(signIn.statusCode, signIn.body).toBe(200);

    const profile = (await agent.get(`/api/staff/customers/${c.id}`)).json();
    expect(profile.portal.button).toBe('in_portal');
    expect(profile.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['link_opened', 'invite_accepted', 'signed_in']),
    );
    const refused = await agent.post(`/api/staff/customers/${c.id}/invites`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('ALREADY_IN_PORTAL');
  });

  it('re-sends after 24 hours; the newer link replaces the older one', async () => {
    const { yard, staff, agent } = await signedInStaff();
    const c = await makeCustomer(db().db, yard.id);
    const first = await inviteAndReadLink(agent, c.id, c.email!);

    const early = await agent.post(`/api/staff/customers/${c.id}/invites`);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('INVITE_TOO_SOON');
    expect(early.json().message).toMatch(/24 hours/);
    expect(early.json().details.nextInviteAt).toBeTruthy();

    h.clock.advance(24 * HOUR + 1000);
    // A day unused ends the staff session (12 h idle): sign in again, as the next morning.
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const second = await inviteAndReadLink(agent, c.id, c.email!, 2);
    expect(second.token).not.toBe(first.token);
    const old = await h.agent().post(`/api/portal/${yard.slug}/invite/lookup`, { token: first.token });
    expect(old.statusCode).toBe(410);
    expect(old.json().code).toBe('INVITE_SUPERSEDED');
    const fresh = await h.agent().post(`/api/portal/${yard.slug}/invite/lookup`, { token: second.token });
    expect(fresh.statusCode).toBe(200);
  });

  it('expires links after 7 days and lets the customer ask for a new one', async () => {
    const { yard, agent } = await signedInStaff();
    const c = await makeCustomer(db().db, yard.id);
    const { token } = await inviteAndReadLink(agent, c.id, c.email!);
    h.clock.advance(7 * DAY + 1000);
    const expired = await h.agent().post(`/api/portal/${yard.slug}/invite/lookup`, { token });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('INVITE_EXPIRED');

    const ask = await h.agent().post(`/api/portal/${yard.slug}/invite/request-new`, { email: c.email });
    expect(ask.statusCode).toBe(202);
    const unknown = await h
      .agent()
      .post(`/api/portal/${yard.slug}/invite/request-new`, { email: 'nobody@example.com' });
    expect(unknown.json().message.replace('nobody@example.com', c.email!)).toBe(ask.json().message);
    const mails = await h.sink.waitForMail(c.email!, 2);
    await settled(c.id);
    const again = await h
      .agent()
      .post(`/api/portal/${yard.slug}/invite/lookup`, { token: inviteLinkIn(mails[1]).split('/accept/')[1] });
    expect(again.statusCode).toBe(200);
  });

  it('an email change voids links sent to the old address', async () => {
    const { yard, agent } = await signedInStaff();
    const c = await makeCustomer(db().db, yard.id);
    const { token } = await inviteAndReadLink(agent, c.id, c.email!);
    const changed = await agent.patch(`/api/staff/customers/${c.id}`, { email: `new.${c.email}` });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().customer.email).toBe(`new.${c.email}`);
    const res = await h.agent().post(`/api/portal/${yard.slug}/invite/accept`, {
      token,
      password: GOOD_PASSWORD,
      confirmPassword: GOOD_PASSWORD,
    });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('INVITE_SUPERSEDED');
    expect(
      await db().db.selectFrom('portal_accounts').select('id').where('customer_id', '=', c.id).execute(),
    ).toHaveLength(0);
  });
});
