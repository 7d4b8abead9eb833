import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import { inviteJobsDone, inviteSettled } from '../../../test/support/invites.js';
import { makePortalCustomer, signInCustomer } from '../../../test/support/portal-accounts.js';
import { QUEUES } from '../../jobs/queue.js';
import { HOUR } from '../../server/clock.js';
import type { ActivityListResponse } from '../../shared/api-types.js';

/**
 * "Lost your invite email or the link expired?": the visitor gets the same answer for any
 * address; the worker invites a customer on file without an account, reminds one with an
 * account how to sign in, and does nothing for an address not on file or an archived customer.
 */
describeEachEngine('a visitor asks for a new invite link', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function setup() {
    const { yard, staff } = await makeYard(db().db);
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const activity = async () =>
      ((await office.get('/api/staff/activity')).json() as ActivityListResponse).items.map((i) => i.sentence);
    const timeline = async (customerId: string) =>
      ((await office.get(`/api/staff/customers/${customerId}`)).json().timeline as { summary: string }[]).map(
        (e) => e.summary,
      );
    return { yard, office, activity, timeline };
  }

  /** Asks, and waits until the worker has handled every request of the yard and its invite mail. */
  async function ask(yardSlug: string, yardId: string, email: string) {
    const res = await h.agent().post(`/api/portal/${yardSlug}/invite/request-new`, { email });
    expect(res.statusCode, res.body).toBe(202);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pgboss.job
        WHERE name = ${QUEUES.inviteRequest} AND data->>'yardId' = ${yardId} AND state <> 'completed'`.execute(
        db().db,
      );
      if (rows[0].n === 0) break;
      if (Date.now() > deadline) throw new Error('invite request still waiting for the worker');
      await new Promise((r) => setTimeout(r, 50));
    }
    await inviteJobsDone(h.deps.boss);
    return res;
  }

  it('invites a customer on file who was never invited, once per 24 hours, and tells the office', async () => {
    const { yard, activity, timeline } = await setup();
    const c = await makeCustomer(db().db, yard.id, { first_name: 'Ava', last_name: 'Thompson' });
    await ask(yard.slug, yard.id, c.email!.toUpperCase());
    const [invite] = await h.sink.waitForMail(c.email!, 1);
    expect(invite.parsed.text).toMatch(new RegExp(`/portal/${yard.slug}/accept/[A-Za-z0-9_-]{43}`));
    await inviteSettled(db().db, c.id);
    expect(await timeline(c.id)).toContain(
      `Invite requested by the customer (${c.email}) from the portal: new invite sent`,
    );

    h.clock.advance(HOUR);
    await ask(yard.slug, yard.id, c.email!);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.sink.mailTo(c.email!)).toHaveLength(1);
    expect(await activity()).toEqual([
      `Ava Thompson asked for a new portal invite link (${c.email}): no invite sent, because an invite was sent less than 24 hours ago`,
      `Ava Thompson asked for a new portal invite link (${c.email}): new invite sent`,
    ]);
    expect((await timeline(c.id))[0]).toBe(
      `Invite requested by the customer (${c.email}) from the portal: no invite sent, because an invite was sent less than 24 hours ago`,
    );
  });

  it('emails an account holder how to sign in, with working links, at most once a day', async () => {
    const { yard, activity } = await setup();
    const { customer } = await makePortalCustomer(db().db, yard.id, { first_name: 'Imogen' });
    const email = customer.email!;
    await ask(yard.slug, yard.id, email);
    const [mail] = await h.sink.waitForMail(email, 1);
    expect(mail.parsed.subject).toBe(`You already have a ${yard.name} portal account`);
    expect(mail.parsed.text).toContain('Hi Imogen,');
    const signIn = `${TEST_PUBLIC_URL}/portal/${yard.slug}/sign-in`;
    const forgot = `${TEST_PUBLIC_URL}/portal/${yard.slug}/forgot-password`;
    expect(mail.parsed.text).toContain(signIn);
    expect(mail.parsed.text).toContain(forgot);
    expect(mail.parsed.text).not.toMatch(/\/accept\//);
    // The sign-in page's form works with this address (the page is the web app's /sign-in).
    await signInCustomer(h.agent(), yard.slug, email);
    // The forgot-password page's form works for this address: a reset link follows.
    expect((await h.agent().post(`/api/portal/${yard.slug}/password/forgot`, { email })).statusCode).toBe(
      202,
    );
    await h.sink.waitForMail(email, 2);

    h.clock.advance(HOUR);
    await ask(yard.slug, yard.id, email);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.sink.mailTo(email).filter((m) => m.parsed.subject?.startsWith('You already have'))).toHaveLength(
      1,
    );
    expect(await activity()).toEqual([
      `Imogen ${customer.last_name} asked for a new portal invite link (${email}): already has a portal account; already emailed how to sign in within 24 hours, so nothing was sent`,
      `Imogen ${customer.last_name} asked for a new portal invite link (${email}): already has a portal account; emailed how to sign in or reset the password`,
    ]);
    h.clock.advance(24 * HOUR);
    await ask(yard.slug, yard.id, email);
    await h.sink.waitForMail(email, 3);
  });

  it('sends nothing for an unknown address or an archived customer, and records nothing', async () => {
    const { yard, activity } = await setup();
    const archived = await makeCustomer(db().db, yard.id);
    await db()
      .db.updateTable('customers')
      .set({ archived_at: h.clock.now() })
      .where('id', '=', archived.id)
      .execute();
    const unknown = `nobody-${Date.now()}@example.com`;
    await ask(yard.slug, yard.id, unknown);
    await ask(yard.slug, yard.id, archived.email!);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.sink.mailTo(unknown)).toHaveLength(0);
    expect(h.sink.mailTo(archived.email!)).toHaveLength(0);
    expect(await activity()).toEqual([]);
    const invites = await db().db.selectFrom('invites').select('id').where('yard_id', '=', yard.id).execute();
    expect(invites).toEqual([]);
  });

  it('answers the same for a never-invited customer, an account holder, an unknown address and an archived customer', async () => {
    const { yard } = await setup();
    const fresh = await makeCustomer(db().db, yard.id);
    const { customer: holder } = await makePortalCustomer(db().db, yard.id);
    const archived = await makeCustomer(db().db, yard.id);
    await db()
      .db.updateTable('customers')
      .set({ archived_at: h.clock.now() })
      .where('id', '=', archived.id)
      .execute();
    const emails = [fresh.email!, holder.email!, `nobody-${Date.now()}@example.com`, archived.email!];
    const answers = [];
    for (const email of emails) {
      const res = await h.agent().post(`/api/portal/${yard.slug}/invite/request-new`, { email });
      answers.push({ status: res.statusCode, body: res.body.replace(email, '<email>') });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].status).toBe(202);
  });
});
