import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  allRows,
  csvOf,
  previewOf,
  TEMPLATE_HEADER,
  waitForBatch,
} from '../../../test/support/bulk-invites.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import { inviteJobsDone, inviteSettled } from '../../../test/support/invites.js';
import { inviteLinkIn } from '../../../test/support/smtp-sink.js';
import { HOUR } from '../../server/clock.js';

describeEachEngine('bulk invites: sending a batch', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { rejectRecipient: (a) => a.startsWith('bounce') });
  });
  afterAll(() => h.close());

  async function signedInStaff() {
    const { yard, staff } = await makeYard(db().db, 'Harbor Point Marine');
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, agent };
  }
  const byNumbers = (...numbers: number[]) =>
    csvOf([TEMPLATE_HEADER, ...numbers.map((n) => [n, '', '', '', ''])]);
  const confirm = async (agent: Awaited<ReturnType<typeof signedInStaff>>['agent'], id: string) => {
    const res = await agent.post(`/api/staff/invite-batches/${id}/confirm`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('sends each eligible customer the same invite as a single one, on their timeline, and reports every row', async () => {
    const { yard, staff, agent } = await signedInStaff();
    const ava = await makeCustomer(db().db, yard.id, { first_name: 'Ava' });
    const liam = await makeCustomer(db().db, yard.id, { first_name: 'Liam' });
    const noEmail = await makeCustomer(db().db, yard.id, { email: null });
    const batch = await previewOf(
      agent,
      byNumbers(ava.customer_number, liam.customer_number, noEmail.customer_number),
    );
    const started = await confirm(agent, batch.id);
    expect(started.status).toBe('running');
    expect(started.progress.skipped).toBe(1);

    const done = await waitForBatch(agent, batch.id);
    expect(done.progress).toMatchObject({ sent: 2, skipped: 1, failed: 0, pending: 0, queued: 0, total: 3 });
    expect(done.finishedAt).not.toBeNull();

    const [mail] = await h.sink.waitForMail(ava.email!);
    expect(h.sink.mailTo(ava.email!)).toHaveLength(1);
    expect(mail.parsed.subject).toContain(yard.name);
    expect(mail.parsed.text).toContain('Hi Ava,');
    const link = inviteLinkIn(mail);
    expect(link.startsWith(`${TEST_PUBLIC_URL}/portal/${yard.slug}/accept/`)).toBe(true);
    const lookup = await h.agent().post(`/api/portal/${yard.slug}/invite/lookup`, {
      token: link.split('/accept/')[1],
    });
    expect(lookup.statusCode, lookup.body).toBe(200);

    const profile = (await agent.get(`/api/staff/customers/${ava.id}`)).json();
    expect(profile.portal.button).toBe('wait');
    const events = await db()
      .db.selectFrom('portal_events')
      .select(['kind', 'actor_staff_id'])
      .where('customer_id', '=', ava.id)
      .orderBy('created_at')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['invite_queued', 'invite_sent', 'link_opened']);
    expect(events[0].actor_staff_id).toBe(staff.id);

    const rows = await allRows(agent, batch.id);
    expect(rows.map((r) => r.result)).toEqual(['sent', 'sent', 'skipped']);
    expect(rows[2].resultReason).toContain('No email on file');
  });

  it('a customer archived after the preview is not invited when the batch runs', async () => {
    const { yard, agent } = await signedInStaff();
    const ava = await makeCustomer(db().db, yard.id, { first_name: 'Ava' });
    const gone = await makeCustomer(db().db, yard.id, { first_name: 'Gone' });
    const batch = await previewOf(agent, byNumbers(ava.customer_number, gone.customer_number));
    const archived = await agent.post(`/api/staff/customers/${gone.id}/archive`);
    expect(archived.statusCode, archived.body).toBe(200);
    await confirm(agent, batch.id);
    const done = await waitForBatch(agent, batch.id);
    expect(done.progress).toMatchObject({ sent: 1, skipped: 1, failed: 0, pending: 0, queued: 0 });
    await h.sink.waitForMail(ava.email!);
    const invites = await db()
      .db.selectFrom('invites')
      .select('id')
      .where('yard_id', '=', yard.id)
      .where('customer_id', '=', gone.id)
      .execute();
    expect(invites).toEqual([]);
    const rows = await allRows(agent, batch.id);
    expect(rows.map((r) => r.result)).toEqual(['sent', 'skipped']);
    expect(rows[1].resultReason).toContain('archived');
  });

  it('never invites a customer twice within 24 hours across two batches and single invites at once', async () => {
    const { yard, staff, agent } = await signedInStaff();
    const customers = await Promise.all(Array.from({ length: 12 }, () => makeCustomer(db().db, yard.id)));
    const numbers = customers.map((c) => c.customer_number);
    const first = await previewOf(agent, byNumbers(...numbers));
    const second = await previewOf(agent, byNumbers(...[...numbers].reverse()));
    expect(first.preview.will_invite).toBe(12);
    expect(second.preview.will_invite).toBe(12);

    await Promise.all([
      confirm(agent, first.id),
      confirm(agent, second.id),
      ...customers.slice(0, 4).map((c) => agent.post(`/api/staff/customers/${c.id}/invites`)),
    ]);
    const [a, b] = await Promise.all([waitForBatch(agent, first.id), waitForBatch(agent, second.id)]);
    for (const c of customers) await inviteSettled(db().db, c.id);
    // The single invites' queue jobs are the only other senders: once they are done, every
    // mail there will be has arrived.
    await inviteJobsDone(h.deps.boss);
    for (const c of customers) expect(h.sink.mailTo(c.email!), c.email!).toHaveLength(1);
    expect(a.progress.sent + b.progress.sent).toBeLessThanOrEqual(12);
    const skipped = [...(await allRows(agent, first.id)), ...(await allRows(agent, second.id))].filter(
      (r) => r.result === 'skipped',
    );
    expect(skipped.length).toBeGreaterThanOrEqual(12);
    for (const r of skipped) expect(r.resultReason).toMatch(/24 hours|right now/);

    // A day later (signed in again: the session ended after 12 idle hours) the same file
    // invites them again.
    h.clock.advance(25 * HOUR);
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const again = await previewOf(agent, byNumbers(...numbers));
    expect(again.preview.will_invite).toBe(12);
  });

  it('waits out a mail server outage with retries, then finishes', async () => {
    const { yard, agent } = await signedInStaff();
    const customers = await Promise.all(Array.from({ length: 5 }, () => makeCustomer(db().db, yard.id)));
    const batch = await previewOf(agent, byNumbers(...customers.map((c) => c.customer_number)));
    await h.sink.stop();
    try {
      await confirm(agent, batch.id);
      const paused = await waitForBatch(agent, batch.id, [], 30_000, (s) => s.paused !== null);
      expect(paused.status).toBe('running');
      expect(paused.paused?.reason).toMatch(/ECONNREFUSED|connect/i);
      expect(paused.progress.sent).toBe(0);
      // Each customer's button says the invite is on its way, not that it failed.
      expect((await agent.get(`/api/staff/customers/${customers[0].id}`)).json().portal.button).toBe('wait');
    } finally {
      await h.sink.start();
    }
    const done = await waitForBatch(agent, batch.id, ['completed'], 60_000);
    expect(done.progress).toMatchObject({ sent: 5, failed: 0 });
    expect(done.paused).toBeNull();
    for (const c of customers) expect(h.sink.mailTo(c.email!)).toHaveLength(1);
  });

  it("reports the server's reason for a rejected address, and a corrected address can be invited at once", async () => {
    const { yard, agent } = await signedInStaff();
    const good = await makeCustomer(db().db, yard.id);
    const bad = await makeCustomer(db().db, yard.id, { email: `bounce-${Date.now()}@example.com` });
    const batch = await previewOf(agent, byNumbers(bad.customer_number, good.customer_number));
    await confirm(agent, batch.id);
    const done = await waitForBatch(agent, batch.id);
    expect(done.progress).toMatchObject({ sent: 1, failed: 1 });
    const [badRow] = await allRows(agent, batch.id);
    expect(badRow.result).toBe('failed');
    expect(badRow.resultReason).toContain('User unknown');

    const fixed = await agent.patch(`/api/staff/customers/${bad.id}`, { email: 'fixed@example.com' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const resend = await agent.post(`/api/staff/customers/${bad.id}/invites`);
    expect(resend.statusCode, resend.body).toBe(201);
    await h.sink.waitForMail('fixed@example.com');
  });

  it('cancels a running batch: rows not sent are skipped and their customers can be invited again', async () => {
    const { yard, agent } = await signedInStaff();
    const customers = await Promise.all(Array.from({ length: 20 }, () => makeCustomer(db().db, yard.id)));
    const batch = await previewOf(agent, byNumbers(...customers.map((c) => c.customer_number)));
    await h.sink.stop();
    try {
      await confirm(agent, batch.id);
      await waitForBatch(agent, batch.id, [], 30_000, (s) => s.paused !== null);
      const res = await agent.post(`/api/staff/invite-batches/${batch.id}/cancel`);
      expect(res.statusCode, res.body).toBe(200);
      const done = await waitForBatch(agent, batch.id, ['cancelled'], 30_000);
      expect(done.progress).toMatchObject({ sent: 0, skipped: 20, pending: 0, queued: 0 });
      for (const r of await allRows(agent, batch.id)) expect(r.resultReason).toContain('Cancelled');
      const profile = (await agent.get(`/api/staff/customers/${customers[0].id}`)).json();
      expect(profile.portal.button).toBe('invite');
    } finally {
      await h.sink.start();
    }
    expect((await agent.post(`/api/staff/invite-batches/${batch.id}/cancel`)).statusCode).toBe(409);
    expect((await agent.post(`/api/staff/invite-batches/${batch.id}/confirm`)).statusCode).toBe(409);
  });

  it('writes a report whose cells cannot run as formulas in a spreadsheet', async () => {
    const { yard, agent } = await signedInStaff();
    const c = await makeCustomer(db().db, yard.id, {
      first_name: '=HYPERLINK("http://evil.test")',
      last_name: '+1',
    });
    const batch = await previewOf(agent, byNumbers(c.customer_number));
    await confirm(agent, batch.id);
    await waitForBatch(agent, batch.id);
    const res = await agent.get(`/api/staff/invite-batches/${batch.id}/report.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="invite-report-.*\.csv"$/);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toContain('Row,Customer number,Customer name');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"") +1"`);
    expect(lines[1]).toContain(`,Sent,Invite sent to ${c.email}.,`);
    const xlsx = await agent.get(`/api/staff/invite-batches/${batch.id}/report.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
