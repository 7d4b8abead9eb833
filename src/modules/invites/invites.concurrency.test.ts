import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { inviteSettled } from '../../../test/support/invites.js';
import { inviteLinkIn } from '../../../test/support/smtp-sink.js';

describeEachEngine('invites under concurrency', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it('50 simultaneous Invite clicks for one customer make exactly one invite and one email', async () => {
    const { yard, staff } = await makeYard(db().db);
    const c = await makeCustomer(db().db, yard.id);
    // Several staff sessions, as when two people and a script click at once.
    const agents = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const a = h.agent();
        await a.signInStaff(staff.email, STAFF_PASSWORD);
        await a.token();
        return a;
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        agents[i % agents.length].post(`/api/staff/customers/${c.id}/invites`),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((s) => s === 201)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().code).toBe('INVITE_TOO_SOON');
      expect(r.json().message.length).toBeGreaterThan(10);
    }

    await h.sink.waitForMail(c.email!, 1);
    await inviteSettled(db().db, c.id);
    // Refusals after the send name the time the next invite is allowed.
    const later = await agents[0].post(`/api/staff/customers/${c.id}/invites`);
    expect(later.statusCode).toBe(409);
    expect(Date.parse(later.json().details.nextInviteAt)).toBeGreaterThan(Date.now());
    // Give a would-be duplicate time to arrive before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.sink.mailTo(c.email!)).toHaveLength(1);
    const rows = await db()
      .db.selectFrom('invites')
      .select(['status'])
      .where('customer_id', '=', c.id)
      .execute();
    expect(rows).toEqual([{ status: 'sent' }]);
  });

  it('20 simultaneous password submissions with one token activate exactly one account', async () => {
    const { yard, staff } = await makeYard(db().db);
    const c = await makeCustomer(db().db, yard.id);
    const a = h.agent();
    await a.signInStaff(staff.email, STAFF_PASSWORD);
    await a.post(`/api/staff/customers/${c.id}/invites`);
    const [mail] = await h.sink.waitForMail(c.email!, 1);
    await inviteSettled(db().db, c.id);
    const token = inviteLinkIn(mail).split('/accept/')[1];
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
});
