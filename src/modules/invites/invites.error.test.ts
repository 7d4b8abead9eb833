import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { inviteJobIn, inviteSettled } from '../../../test/support/invites.js';

describeEachEngine('invite errors and bad input', (db) => {
  let h: Harness;
  beforeAll(async () => {
    // This mail server refuses any address with "bounce" in it, as for an unknown mailbox.
    h = await startHarness(db(), { rejectRecipient: (a) => a.includes('bounce') });
  });
  afterAll(() => h.close());

  async function staffAgent() {
    const { yard, staff } = await makeYard(db().db);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, agent };
  }

  it('a permanently refused email shows the failure and does not block a corrected re-send', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id, { email: `typo.bounce.${Date.now()}@example.com` });
    expect((await agent.post(`/api/staff/customers/${c.id}/invites`)).statusCode).toBe(201);
    await inviteSettled(db().db, c.id);
    const failed = (await agent.get(`/api/staff/customers/${c.id}`)).json();
    expect(failed.portal.button).toBe('invite');
    expect(failed.portal.lastInvite.status).toBe('failed');
    expect(failed.portal.lastInvite.failureReason).toMatch(/550|User unknown/);
    expect(failed.timeline.map((e: { kind: string }) => e.kind)).toContain('invite_failed');

    const fixed = `fixed.${Date.now()}@example.com`;
    expect((await agent.patch(`/api/staff/customers/${c.id}`, { email: fixed })).statusCode).toBe(200);
    expect((await agent.post(`/api/staff/customers/${c.id}/invites`)).statusCode).toBe(201);
    await h.sink.waitForMail(fixed, 1);
    await inviteSettled(db().db, c.id);
    expect((await agent.get(`/api/staff/customers/${c.id}`)).json().portal.button).toBe('wait');
  });

  it('an SMTP outage is retried with backoff and the invite goes out when the server returns', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id);
    await h.sink.stop();
    try {
      expect((await agent.post(`/api/staff/customers/${c.id}/invites`)).statusCode).toBe(201);
      const { id: inviteId } = await db()
        .db.selectFrom('invites')
        .select('id')
        .where('customer_id', '=', c.id)
        .executeTakeFirstOrThrow();
      // The first attempt failed and the queue holds the job for a retry: the invite stays
      // queued, and blocks a second one.
      await inviteJobIn(db().db, inviteId, ['retry']);
      const profile = (await agent.get(`/api/staff/customers/${c.id}`)).json();
      expect(profile.portal.button).toBe('wait');
      expect(profile.portal.lastInvite.status).toBe('queued');
      expect((await agent.post(`/api/staff/customers/${c.id}/invites`)).statusCode).toBe(409);
    } finally {
      await h.sink.start();
    }
    await h.sink.waitForMail(c.email!, 1, 45_000);
    await inviteSettled(db().db, c.id);
    const row = await db()
      .db.selectFrom('invites')
      .selectAll()
      .where('customer_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.attempts).toBeGreaterThan(1);
  }, 60_000);

  it('a customer without an email cannot be invited, and the answer says why', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id, { email: null });
    const profile = (await agent.get(`/api/staff/customers/${c.id}`)).json();
    expect(profile.portal.button).toBe('no_email');
    expect(profile.portal.reason).toMatch(/no email address/);
    const res = await agent.post(`/api/staff/customers/${c.id}/invites`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'NO_EMAIL' });
    expect(
      await db().db.selectFrom('invites').select('id').where('customer_id', '=', c.id).execute(),
    ).toHaveLength(0);
  });

  it('bad input gets a 4xx with a message that says what to fix, and changes nothing', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id);
    const badEmail = await agent.patch(`/api/staff/customers/${c.id}`, { email: 'not-an-email' });
    expect(badEmail.statusCode).toBe(422);
    expect(badEmail.json().code).toBe('VALIDATION');
    expect(badEmail.json().message).toMatch(/valid email/);
    expect(badEmail.json().details.fields.email).toBeTruthy();

    const tooLong = await agent.patch(`/api/staff/customers/${c.id}`, { city: 'x'.repeat(500) });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().message).toMatch(/at most 100 characters/);

    const wrongType = await agent.patch(`/api/staff/customers/${c.id}`, { firstName: 42 });
    expect(wrongType.statusCode).toBe(422);

    const unknownField = await agent.patch(`/api/staff/customers/${c.id}`, { portalPassword: 'x' });
    expect(unknownField.statusCode).toBe(422);

    const badPhone = await agent.patch(`/api/staff/customers/${c.id}`, {
      phone: 'call me maybe',
      email: 'ok@example.com',
    });
    expect(badPhone.statusCode).toBe(422);
    expect(badPhone.json().message).toMatch(/phone number/);

    const notUuid = await agent.get('/api/staff/customers/12345');
    expect(notUuid.statusCode).toBe(422);
    expect(notUuid.json().message).toMatch(/UUID/);
    const unknown = await agent.post('/api/staff/customers/00000000-0000-4000-8000-000000000000/invites');
    expect(unknown.statusCode).toBe(404);

    const after = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(after.email).toBe(c.email);
    expect(after.city).toBe(c.city);
    expect(after.phone).toBe(c.phone);
  });

  it('phone edits are normalised so search finds them by digits', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id);
    const res = await agent.patch(`/api/staff/customers/${c.id}`, { phone: '+1 (786) 555-0199' });
    expect(res.statusCode, res.body).toBe(200);
    const row = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.phone_e164).toBe('+17865550199');
    expect(row.phone_digits).toBe('7865550199');
  });

  it('malformed or unknown invite links get a friendly answer, never a stack trace', async () => {
    const { yard } = await staffAgent();
    const a = h.agent();
    for (const token of ['short', 'a'.repeat(43), '../../etc/passwd', '<script>']) {
      const res = await a.post(`/api/portal/${yard.slug}/invite/lookup`, { token });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('INVITE_UNKNOWN');
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
    const noYard = await a.post('/api/portal/no-such-yard/invite/lookup', { token: 'a'.repeat(43) });
    expect(noYard.statusCode).toBe(404);
  });

  it('an invite whose job failed for good is marked failed, so it does not block the button', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id);
    const invite = await db()
      .db.insertInto('invites')
      .values({
        yard_id: yard.id,
        customer_id: c.id,
        email: c.email!,
        status: 'queued',
        created_at: h.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await agent.get(`/api/staff/customers/${c.id}`)).json().portal.button).toBe('wait');
    await h.invites.abandonInvite(
      { inviteId: invite.id },
      'The invite email could not be sent after several attempts.',
    );
    const profile = (await agent.get(`/api/staff/customers/${c.id}`)).json();
    expect(profile.portal.button).toBe('invite');
    expect(profile.portal.lastInvite.failureReason).toMatch(/several attempts/);
  });

  it('text the database cannot store (a NUL character) is refused as bad input, not a 500', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id);
    const res = await agent.patch(`/api/staff/customers/${c.id}`, { firstName: 'Bo\u0000b' });
    expect(res.statusCode).toBe(422);
    expect(res.json().details.fields.firstName).toMatch(/without control characters/);
    const search = await agent.get('/api/staff/customers?q=ab%00c');
    expect(search.statusCode).toBeLessThan(500);
    const slug = await h.agent().post('/api/portal/ab%00c/invite/request-new', { email: 'a@example.com' });
    expect(slug.statusCode).toBe(422);
  });

  it('a spoofed X-Forwarded-For does not get around the per-address sign-in limit', async () => {
    const a = h.agent();
    const token = await a.token();
    let limited = 0;
    // Different accounts each time, so only the per-address limit (100 in 15 minutes) can stop them.
    for (let i = 0; i < 105; i++) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/portal/no-such-yard-here/sign-in',
        headers: {
          'x-forwarded-for': `203.0.113.${i}`,
          'x-csrf-token': token,
          cookie: `${h.cookieNames.csrf}=${encodeURIComponent(a.cookie(h.cookieNames.csrf)!)}`,
        },
        payload: { email: `guess${i}@example.com`, password: 'not the password at all' },
      });
      if (res.statusCode === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
  });
});
