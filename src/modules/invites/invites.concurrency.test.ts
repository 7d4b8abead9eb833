import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { inviteJobsDone, inviteSettled } from '../../../test/support/invites.js';
import { inviteLinkIn } from '../../../test/support/smtp-sink.js';
import type { Database } from '../../db/connection.js';

describeEachEngine('invites under concurrency', (db, engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  /** 50 Invite clicks for one customer at once, from several staff sessions (two people and a script). */
  async function fiftyClicks(on: Harness, staffEmail: string, customerId: string) {
    const agents = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const a = on.agent();
        await a.signInStaff(staffEmail, STAFF_PASSWORD);
        await a.token();
        return a;
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        agents[i % agents.length].post(`/api/staff/customers/${customerId}/invites`),
      ),
    );
    return { agents, results };
  }

  /** A customer the office invited, and the token of the link the invite email holds. */
  async function invitedCustomer() {
    const { yard, staff } = await makeYard(db().db);
    const c = await makeCustomer(db().db, yard.id);
    const a = h.agent();
    await a.signInStaff(staff.email, STAFF_PASSWORD);
    await a.post(`/api/staff/customers/${c.id}/invites`);
    const [mail] = await h.sink.waitForMail(c.email!, 1);
    await inviteSettled(db().db, c.id);
    return { yard, c, token: inviteLinkIn(mail).split('/accept/')[1] };
  }

  /** Each refusal is the 24-hour rule's: on its way (no time yet) or sent (the time it allows the next). */
  function expectTooSoonRefusals(results: LightMyRequestResponse[], sentBy: number) {
    const refused = results.filter((r) => r.statusCode === 409);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      const body = r.json();
      expect(body.code).toBe('INVITE_TOO_SOON');
      expect(body.details).toHaveProperty('nextInviteAt');
      if (body.details.nextInviteAt === null) expect(body.message).toMatch(/being sent right now/);
      else expect(Date.parse(body.details.nextInviteAt)).toBeGreaterThan(sentBy);
    }
  }

  async function invitesOf(on: Database, customerId: string) {
    return on.db.selectFrom('invites').select(['status']).where('customer_id', '=', customerId).execute();
  }

  it('50 simultaneous Invite clicks for one customer make exactly one invite and one email', async () => {
    const { yard, staff } = await makeYard(db().db);
    const c = await makeCustomer(db().db, yard.id);
    const { agents, results } = await fiftyClicks(h, staff.email, c.id);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expectTooSoonRefusals(results, h.clock.now().getTime());

    await h.sink.waitForMail(c.email!, 1);
    await inviteSettled(db().db, c.id);
    // Refusals after the send name the time the next invite is allowed.
    const later = await agents[0].post(`/api/staff/customers/${c.id}/invites`);
    expect(later.statusCode).toBe(409);
    expect(Date.parse(later.json().details.nextInviteAt)).toBeGreaterThan(Date.now());
    // Every job that could send a duplicate has finished before counting.
    await inviteJobsDone(h.deps.boss);
    expect(h.sink.mailTo(c.email!)).toHaveLength(1);
    expect(await invitesOf(db(), c.id)).toEqual([{ status: 'sent' }]);
  });

  it('without the one-queued-invite index, the customer lock and the 24-hour rule alone still make one invite', async () => {
    // A database of its own: the backstop index is dropped, so a duplicate could only be
    // stopped by the row lock and the policy deciding inside it.
    const bare = await openTestDatabase(engine);
    const other = await startHarness(bare);
    try {
      await sql`DROP INDEX invites_one_queued`.execute(bare.db);
      const { yard, staff } = await makeYard(bare.db);
      const c = await makeCustomer(bare.db, yard.id);
      const { results } = await fiftyClicks(other, staff.email, c.id);
      expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expectTooSoonRefusals(results, other.clock.now().getTime());
      await other.sink.waitForMail(c.email!, 1);
      await inviteSettled(bare.db, c.id);
      await inviteJobsDone(other.deps.boss);
      expect(other.sink.mailTo(c.email!)).toHaveLength(1);
      expect(await invitesOf(bare, c.id)).toEqual([{ status: 'sent' }]);
    } finally {
      await other.close();
      await bare.close();
    }
  }, 60_000);

  it('20 simultaneous password submissions with one token activate exactly one account', async () => {
    const { yard, c, token } = await invitedCustomer();
    const password = 'mooring line compass breeze';
    const browsers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const b = h.agent();
        await b.token();
        return b;
      }),
    );
    const results = await Promise.all(
      browsers.map((b) =>
        b.post(`/api/portal/${yard.slug}/invite/accept`, { token, password, confirmPassword: password }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode).toBe(410);
      expect(r.json().code).toBe('INVITE_USED');
    }
    const accounts = await db()
      .db.selectFrom('portal_accounts')
      .select('id')
      .where('customer_id', '=', c.id)
      .execute();
    expect(accounts).toHaveLength(1);
    const sessions = await db()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('account_id', '=', accounts[0].id)
      .execute();
    expect(sessions).toHaveLength(1);
  });

  it('a click whose link check ran just before another click committed is told the link was used', async () => {
    const { yard, c, token } = await invitedCustomer();
    // The state the late click reads: the winner's account is in, the link it checked still 'sent'.
    const invite = await db()
      .db.selectFrom('invites')
      .select('id')
      .where('customer_id', '=', c.id)
      .executeTakeFirstOrThrow();
    await db()
      .db.insertInto('portal_accounts')
      .values({
        yard_id: yard.id,
        customer_id: c.id,
        login_email: c.email!,
        password_hash: 'x',
        invite_id: invite.id,
        activated_at: new Date(),
      })
      .execute();
    const b = h.agent();
    await b.token();
    const password = 'mooring line compass breeze';
    const late = await b.post(`/api/portal/${yard.slug}/invite/accept`, {
      token,
      password,
      confirmPassword: password,
    });
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe('INVITE_USED');
  });
});
