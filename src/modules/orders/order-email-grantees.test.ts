import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { multipartBody } from '../../../test/support/photos.js';
import {
  CUSTOMER_PASSWORD,
  grantedAccount,
  makePortalCustomer,
  signInCustomer,
} from '../../../test/support/portal-accounts.js';

/** Waits until the worker finished the order-email job about this estimate, invoice or update. */
async function jobDone(h: Harness, key: 'estimateId' | 'invoiceId' | 'updateId', id: string) {
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

/**
 * Order emails reach the people the owner shared the boat with (docs/shared-access.md):
 * estimates those who may approve, invoices those who may pay, job updates everyone the boat
 * is shared with, each by their own email choices; an address refused for good is skipped.
 */
describeEachEngine('order emails to the people with access', (db) => {
  let h: Harness;
  // A greylisting mail server: the first attempt to each greylist-… address is put off (451).
  const greylisted = new Set<string>();
  beforeAll(async () => {
    h = await startHarness(db(), {
      rejectRecipient: (a) => a.startsWith('bounce'),
      deferRecipient: (a) => a.startsWith('greylist') && !greylisted.has(a) && !!greylisted.add(a),
    });
  });
  afterAll(() => h.close());

  it('estimates, invoices and job updates go to the grantees whose role and boat they concern', async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const quoted = await makeOrder(db().db, yard.id, owner.customer.id, {
      status: 'open_estimate',
      estimate: 'draft',
    });
    const boatA = quoted.boat.id;
    // An invoice for the same boat, and another boat's order.
    const billed = await makeOrder(db().db, yard.id, owner.customer.id, {
      status: 'in_progress',
      invoice: true,
    });
    await db().db.updateTable('orders').set({ boat_id: boatA }).where('id', '=', billed.order.id).execute();
    await db()
      .db.updateTable('invoices')
      .set({ status: 'draft' })
      .where('id', '=', billed.invoice!.id)
      .execute();
    const other = await makeOrder(db().db, yard.id, owner.customer.id, { status: 'in_progress' });

    const tag = randomUUID().slice(0, 8);
    const grant = (email: string, name: string, role: 'view' | 'approve' | 'pay', boatId: string | null) =>
      grantedAccount(db().db, {
        yardId: yard.id,
        ownerCustomerId: owner.customer.id,
        email,
        name,
        role,
        boatId,
      });
    const viewer = `viewer-${tag}@boat.test`;
    await grant(viewer, 'Vic Viewer', 'view', boatA);
    const approver = `approver-${tag}@boat.test`;
    await grant(approver, 'Ada Approver', 'approve', null);
    await grant(`bounce-${tag}@boat.test`, 'Old Crew', 'pay', null);
    // A payer of boat A who is a customer of the yard too, and turned job updates off there.
    const payer = await makePortalCustomer(db().db, yard.id, {
      first_name: 'Pam',
      email: `payer-${tag}@boat.test`,
    });
    await db()
      .db.insertInto('access_grants')
      .values({
        yard_id: yard.id,
        owner_customer_id: owner.customer.id,
        email: payer.account.login_email,
        name: 'Pam Payer',
        role: 'pay',
        boat_id: boatA,
        account_id: payer.account.id,
        invited_at: new Date(),
        accepted_at: new Date(),
      })
      .execute();
    const off = h.agent();
    const signIn = await off.post(`/api/portal/${yard.slug}/sign-in`, {
      email: payer.account.login_email,
      password: 'mooring buoy cedar evening',
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(
      (await off.patch(`/api/portal/${yard.slug}/me/notifications`, { jobUpdates: false })).statusCode,
    ).toBe(200);
    const payerEmail = payer.account.login_email;

    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    expect((await office.post(`/api/staff/orders/${quoted.order.id}/send-estimate`)).statusCode).toBe(200);
    await jobDone(h, 'estimateId', quoted.estimate!.id);
    expect((await office.post(`/api/staff/orders/${billed.order.id}/send-invoice`)).statusCode).toBe(200);
    await jobDone(h, 'invoiceId', billed.invoice!.id);
    const postUpdate = async (orderId: string, text: string) => {
      const { payload, contentType } = multipartBody([{ name: 'body', value: text }]);
      const res = await office.postRaw(`/api/staff/orders/${orderId}/updates`, payload, contentType);
      expect(res.statusCode, res.body).toBe(201);
      await jobDone(h, 'updateId', res.json().update.id);
    };
    await postUpdate(billed.order.id, 'Boat A is hauled.');
    await postUpdate(other.order.id, 'Boat B is launched.');

    const kinds = (address: string) =>
      h.sink.mailTo(address).map((m) => {
        const s = m.parsed.subject ?? '';
        if (/estimate/i.test(s)) return 'estimate';
        if (/^Invoice/.test(s)) return 'invoice';
        return /Boat A/.test(m.parsed.text ?? '') ? 'update A' : 'update B';
      });
    expect(kinds(owner.customer.email!).sort()).toEqual(['estimate', 'invoice', 'update A', 'update B']);
    expect(kinds(viewer)).toEqual(['update A']);
    expect(kinds(approver).sort()).toEqual(['estimate', 'update A', 'update B']);
    expect(kinds(payerEmail).sort()).toEqual(['estimate', 'invoice']);

    // Greeted by their own name, told whose boat it is, with the PDF.
    const [estimate] = h.sink.mailTo(approver);
    expect(estimate.parsed.text).toMatch(/^Hi Ada,/);
    expect(estimate.parsed.text).toContain(
      `because ${owner.customer.first_name} ${owner.customer.last_name} shared their boat with you`,
    );
    expect(estimate.parsed.attachments?.map((a) => a.contentType)).toEqual(['application/pdf']);
  });

  it('a mail put off for one person with access is tried again for them alone; nobody gets it twice', async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const job = await makeOrder(db().db, yard.id, owner.customer.id, { status: 'in_progress' });
    const tag = randomUUID().slice(0, 8);
    const crew = `crew-${tag}@boat.test`;
    const late = `greylist-${tag}@boat.test`;
    const grant = (email: string, name: string) =>
      grantedAccount(db().db, {
        yardId: yard.id,
        ownerCustomerId: owner.customer.id,
        email,
        name,
        role: 'view',
      });
    await grant(crew, 'Cal Crew');
    const lateAccount = await grant(late, 'Gil Late');

    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const { payload, contentType } = multipartBody([{ name: 'body', value: 'Zincs replaced.' }]);
    const res = await office.postRaw(`/api/staff/orders/${job.order.id}/updates`, payload, contentType);
    expect(res.statusCode, res.body).toBe(201);
    await jobDone(h, 'updateId', res.json().update.id);
    // The first job mailed the owner and Cal and is done; Gil's server said "later".
    expect(greylisted.has(late)).toBe(true);
    await h.sink.waitForMail(late, 1);
    const { rows } = await sql<{ only: string[] }>`
      SELECT data->'only' AS only FROM pgboss.job
      WHERE name = 'order-email' AND data->>'updateId' = ${res.json().update.id} AND data ? 'only'`.execute(
      db().db,
    );
    expect(rows).toEqual([{ only: [lateAccount.id] }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.sink.mailTo(owner.customer.email!)).toHaveLength(1);
    expect(h.sink.mailTo(crew)).toHaveLength(1);
    expect(h.sink.mailTo(late).map((m) => m.parsed.text)).toEqual([
      expect.stringMatching(/^Hi Gil,[\s\S]*Zincs replaced\./),
    ]);
  });

  it('someone with shared access only turns job updates off for themselves; the owner still gets them', async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const job = await makeOrder(db().db, yard.id, owner.customer.id, { status: 'in_progress' });
    const email = `crew-${randomUUID().slice(0, 8)}@boat.test`;
    const crew = await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email,
      name: 'Cal Crew',
      role: 'view',
      password: CUSTOMER_PASSWORD,
    });
    const agent = h.agent();
    await signInCustomer(agent, yard.slug, email);
    const portal = `/api/portal/${yard.slug}`;
    // Their own choices, not the owner's; reminders are the owner's only.
    const off = await agent.patch(`${portal}/me/notifications`, { jobUpdates: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ jobUpdates: false, messages: true });
    expect((await agent.get(`${portal}/me`)).json().notifications.jobUpdates).toBe(false);
    expect((await owner.agent.get(`${portal}/me`)).json().notifications.jobUpdates).toBe(true);
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['entity', 'entity_id', 'customer_id'])
      .where('yard_id', '=', yard.id)
      .where('action', '=', 'notifications changed')
      .execute();
    expect(audit).toEqual([{ entity: 'account', entity_id: crew.id, customer_id: null }]);

    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const { payload, contentType } = multipartBody([{ name: 'body', value: 'Bottom paint is on.' }]);
    const res = await office.postRaw(`/api/staff/orders/${job.order.id}/updates`, payload, contentType);
    expect(res.statusCode, res.body).toBe(201);
    await jobDone(h, 'updateId', res.json().update.id);
    expect(h.sink.mailTo(owner.customer.email!).map((m) => m.parsed.text)).toEqual([
      expect.stringContaining('Bottom paint is on.'),
    ]);
    expect(h.sink.mailTo(email)).toEqual([]);

    // Turned back on, the next update reaches them.
    await agent.patch(`${portal}/me/notifications`, { jobUpdates: true });
    const again = multipartBody([{ name: 'body', value: 'Launched.' }]);
    const next = await office.postRaw(
      `/api/staff/orders/${job.order.id}/updates`,
      again.payload,
      again.contentType,
    );
    await jobDone(h, 'updateId', next.json().update.id);
    await h.sink.waitForMail(email, 1);
  });

  it('the receipt of a payment made by someone with shared access goes to them and to the owner', async () => {
    const { yard, staff } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const billed = await makeOrder(db().db, yard.id, owner.customer.id, {
      status: 'in_progress',
      invoice: true,
    });
    const email = `payer-${randomUUID().slice(0, 8)}@boat.test`;
    await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.customer.id,
      email,
      name: 'Pat Payer',
      role: 'pay',
      password: CUSTOMER_PASSWORD,
    });
    const agent = h.agent();
    await signInCustomer(agent, yard.slug, email);
    const paid = await agent.post(
      `/api/portal/${yard.slug}/invoices/${billed.invoice!.id}/payments`,
      { amountCents: 1_000, cardNumber: '4242424242424242' },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect(paid.statusCode, paid.body).toBe(200);
    const [mine] = await h.sink.waitForMail(email, 1);
    expect(mine.parsed.subject).toMatch(/receipt/i);
    expect(mine.parsed.text).toMatch(/^Hi Pat,/);
    expect(mine.parsed.text).toContain(
      `because ${owner.customer.first_name} ${owner.customer.last_name} shared their boat with you`,
    );
    expect(mine.parsed.attachments?.map((a) => a.contentType)).toEqual(['application/pdf']);
    const [owners] = await h.sink.waitForMail(owner.customer.email!, 1);
    expect(owners.parsed.subject).toBe(mine.parsed.subject);
    expect(owners.parsed.text).not.toContain('shared their boat with you');

    // The owner removes the access: a refund of that payment reaches the owner only.
    const grant = await db()
      .db.selectFrom('access_grants')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const revoked = await owner.agent.post(`/api/portal/${yard.slug}/access/${grant.id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    const payment = await db()
      .db.selectFrom('payments')
      .select('id')
      .where('invoice_id', '=', billed.invoice!.id)
      .executeTakeFirstOrThrow();
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const refunded = await office.post(`/api/staff/payments/${payment.id}/refunds`, {
      amountCents: 500,
      reason: 'Overcharged for oil',
    });
    expect(refunded.statusCode, refunded.body).toBe(200);
    const [, refund] = await h.sink.waitForMail(owner.customer.email!, 2);
    expect(refund.parsed.subject).toContain('Refund');
    expect(h.sink.mailTo(email)).toHaveLength(1);
  });
});
