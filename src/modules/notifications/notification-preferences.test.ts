import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';

/** Waits until the worker finished the order-email job about this document. */
async function jobDone(h: Harness, key: 'estimateId' | 'invoiceId', id: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { rows } = await sql<{ state: string }>`
      SELECT state FROM pgboss.job WHERE name = 'order-email' AND data->>${key} = ${id}`.execute(
      h.deps.database.db,
    );
    if (rows.some((r) => r.state === 'completed')) return;
    if (Date.now() > deadline) throw new Error(`order-email job for ${id}: ${rows.map((r) => r.state)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachEngine('notification preferences', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it('the customer turns estimate emails off: the estimate waits in the portal, invoices still come', async () => {
    const { yard, staff } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const portal = `/api/portal/${yard.slug}`;
    expect((await me.agent.get(`${portal}/me`)).json().notifications).toEqual({
      jobUpdates: true,
      messages: true,
      estimates: true,
      invoices: true,
      reminders: true,
    });

    const off = await me.agent.patch(`${portal}/me/notifications`, { estimates: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ estimates: false, invoices: true });
    expect((await me.agent.get(`${portal}/me`)).json().notifications.estimates).toBe(false);

    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    // Staff see the choice on the customer's profile (why no estimate email went out).
    const profile = (await office.get(`/api/staff/customers/${me.customer.id}`)).json();
    expect(profile.notifications).toMatchObject({ estimates: false, invoices: true });

    const quoted = await makeOrder(db().db, yard.id, me.customer.id, {
      status: 'open_estimate',
      estimate: 'draft',
    });
    const sent = await office.post(`/api/staff/orders/${quoted.order.id}/send-estimate`);
    expect(sent.statusCode, sent.body).toBe(200);
    const billed = await makeOrder(db().db, yard.id, me.customer.id, {
      status: 'in_progress',
      invoice: true,
    });
    await db()
      .db.updateTable('invoices')
      .set({ status: 'draft' })
      .where('id', '=', billed.invoice!.id)
      .execute();
    expect((await office.post(`/api/staff/orders/${billed.order.id}/send-invoice`)).statusCode).toBe(200);

    await jobDone(h, 'estimateId', quoted.estimate!.id);
    const [invoiceMail] = await h.sink.waitForMail(me.customer.email!, 1);
    expect(invoiceMail.parsed.subject).toContain('Invoice');
    const subjects = () => h.sink.mailTo(me.customer.email!).map((m) => m.parsed.subject ?? '');
    expect(subjects().filter((s) => /estimate/i.test(s))).toEqual([]);

    // Turned back on, the next estimate is mailed.
    h.clock.advance(60_000);
    await me.agent.patch(`${portal}/me/notifications`, { estimates: true });
    const again = await makeOrder(db().db, yard.id, me.customer.id, {
      status: 'open_estimate',
      estimate: 'draft',
    });
    expect((await office.post(`/api/staff/orders/${again.order.id}/send-estimate`)).statusCode).toBe(200);
    const mails = await h.sink.waitForMail(me.customer.email!, 2);
    expect(mails.map((m) => m.parsed.subject).join('\n')).toMatch(/Your estimate #/);

    // Both changes are in the audit log, by the customer, with before and after.
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['actor_kind', 'action', 'changes'])
      .where('yard_id', '=', yard.id)
      .where('action', '=', 'notifications changed')
      .orderBy('at')
      .execute();
    expect(audit.map((a) => [a.actor_kind, a.changes])).toEqual([
      ['customer', { estimates: { before: true, after: false } }],
      ['customer', { estimates: { before: false, after: true } }],
    ]);
  });

  it('refuses an empty or unknown change, and answers only the signed-in customer of the yard', async () => {
    const { yard } = await makeYard(db().db);
    const other = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const url = `/api/portal/${yard.slug}/me/notifications`;
    const empty = await me.agent.patch(url, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.json().message).toMatch(/which emails/);
    expect((await me.agent.patch(url, { newsletters: false })).statusCode).toBe(422);
    expect((await me.agent.patch(url, { estimates: 'no' })).statusCode).toBe(422);
    expect((await h.agent().patch(url, { estimates: false })).statusCode).toBe(401);
    expect(
      (await me.agent.patch(`/api/portal/${other.yard.slug}/me/notifications`, { estimates: false }))
        .statusCode,
    ).toBe(401);
    const rows = await db()
      .db.selectFrom('notification_preferences')
      .selectAll()
      .where('yard_id', '=', yard.id)
      .execute();
    expect(rows).toEqual([]);
  });
});
