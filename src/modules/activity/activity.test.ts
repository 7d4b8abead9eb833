import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { approval } from '../../../test/support/estimate-fixtures.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { inviteSettled } from '../../../test/support/invites.js';
import { makeOrder, newKey, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { multipartBody } from '../../../test/support/photos.js';
import { signedInStaff } from '../../../test/support/staff-links.js';
import { DAY } from '../../server/clock.js';
import type { ActivityListResponse } from '../../shared/api-types.js';
import { customerActor } from '../audit/audit-actor.js';
import { ownPrincipal } from '../auth/sessions.js';
import type { PaymentProvider } from '../orders/payment-provider.js';
import { createPaymentsService } from '../orders/payments.service.js';
import { recordActivity } from './activity.repo.js';

describeEachEngine('activity inbox', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function yardWithCustomer() {
    const { yard, staff } = await makeYard(db().db);
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const me = await signedInCustomer(h, db().db, yard);
    await db()
      .db.updateTable('customers')
      .set({ first_name: 'Ava', last_name: 'Thompson' })
      .where('id', '=', me.customer.id)
      .execute();
    const inbox = async (qs = '') => {
      const res = await office.get(`/api/staff/activity${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as ActivityListResponse;
    };
    const unread = async () => (await office.get('/api/staff/activity/unread-count')).json().unread as number;
    return { yard, staff, office, me, inbox, unread };
  }

  it('records each customer action with its sentence, newest first, and counts it unread', async () => {
    const y = await yardWithCustomer();
    const declined = await makeOrder(db().db, y.yard.id, y.me.customer.id, { estimate: 'sent' });
    const accepted = await makeOrder(db().db, y.yard.id, y.me.customer.id, { estimate: 'sent' });
    const paid = await makeOrder(db().db, y.yard.id, y.me.customer.id, { status: 'invoiced', invoice: true });
    expect(await y.unread()).toBe(0);

    const { payload, contentType } = multipartBody([
      { name: 'boatId', value: declined.boat.id },
      { name: 'description', value: 'Bilge pump runs every hour' },
    ]);
    const req = await y.me.agent.postRaw(`/api/portal/${y.yard.slug}/service-requests`, payload, contentType);
    expect(req.statusCode, req.body).toBe(201);
    // A second between actions, so that newest first is one order.
    const later = () => h.clock.advance(1000);
    later();
    const portal = `/api/portal/${y.yard.slug}`;
    expect(
      (
        await y.me.agent.post(`${portal}/estimates/${declined.estimate!.id}/decline`, {
          reason: 'Going with a cheaper paint',
        })
      ).statusCode,
    ).toBe(200);
    later();
    expect(
      (await y.me.agent.post(`${portal}/estimates/${accepted.estimate!.id}/accept`, approval())).statusCode,
    ).toBe(200);
    later();
    const pay = await y.me.agent.post(
      `${portal}/invoices/${paid.invoice!.id}/payments`,
      { amountCents: 12_345, cardNumber: '4242424242424242' },
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(pay.statusCode, pay.body).toBe(200);

    const list = await y.inbox();
    expect(list.unread).toBe(4);
    expect(await y.unread()).toBe(4);
    expect(list.items.map((i) => [i.kind, i.sentence])).toEqual([
      ['invoice_paid', `Ava Thompson paid $123.45 on invoice #${paid.invoice!.number}`],
      ['estimate_accepted', `Ava Thompson accepted estimate #${accepted.estimate!.number} for $738.87`],
      [
        'estimate_declined',
        `Ava Thompson declined estimate #${declined.estimate!.number}: Going with a cheaper paint`,
      ],
      [
        'service_requested',
        expect.stringMatching(
          /^Ava Thompson requested service: order #\d+ Bilge pump runs every hour \(Sea Otter \w+\)$/,
        ),
      ],
    ]);
    expect(list.items[0]).toMatchObject({
      customer: { id: y.me.customer.id, name: 'Ava Thompson' },
      order: { id: paid.order.id, number: paid.order.number, title: paid.order.title },
      amountCents: 12_345,
      read: false,
    });
    // A refused action (the estimate was already answered) records nothing.
    expect(
      (await y.me.agent.post(`${portal}/estimates/${accepted.estimate!.id}/accept`, approval())).statusCode,
    ).toBe(409);
    expect(await y.unread()).toBe(4);
  });

  it('records a payment confirmed by the provider webhook', async () => {
    const y = await yardWithCustomer();
    const o = await makeOrder(db().db, y.yard.id, y.me.customer.id, { status: 'invoiced', invoice: true });
    const provider: PaymentProvider = {
      name: 'stripe',
      synchronous: false,
      charge: async (r) => ({ status: 'pending', reference: `pi_${r.attemptId}`, clientSecret: 's' }),
      // The event as the provider would have verified it.
      parseWebhook: (body) => JSON.parse(body.toString()),
    };
    const payments = createPaymentsService(h.deps, provider);
    const principal = ownPrincipal({
      yardId: y.yard.id,
      customerId: y.me.customer.id,
      accountId: y.me.account.id,
    });
    await payments.payInvoice(
      principal,
      o.invoice!.id,
      { amountCents: 5_000, idempotencyKey: newKey() },
      customerActor(principal, { ip: '127.0.0.1' }),
    );
    expect(await y.unread()).toBe(0);
    const attempt = await db()
      .db.selectFrom('payment_attempts')
      .selectAll()
      .where('invoice_id', '=', o.invoice!.id)
      .executeTakeFirstOrThrow();
    const event = {
      eventId: `evt_${attempt.id}`,
      attemptId: attempt.id,
      yardId: y.yard.id,
      reference: attempt.provider_ref,
      amountCents: 5_000,
      label: 'Visa ending 4242',
    };
    expect(await payments.handleWebhook(Buffer.from(JSON.stringify(event)), 'sig')).toEqual({
      recorded: true,
    });
    // The provider confirmed it: the audit log names the system, not a person.
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['actor_kind', 'action', 'ip'])
      .where('yard_id', '=', y.yard.id)
      .where('entity', '=', 'payment')
      .execute();
    expect(audit).toEqual([{ actor_kind: 'system', action: 'received', ip: null }]);
    const list = await y.inbox();
    expect(list.items.map((i) => i.sentence)).toEqual([
      `Ava Thompson paid $50.00 on invoice #${o.invoice!.number}`,
    ]);
  });

  it('records a request for a new invite link only for a customer on file', async () => {
    const { yard, staff } = await makeYard(db().db);
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const c = await makeCustomer(db().db, yard.id, { first_name: 'Noor', last_name: 'Haddad' });
    expect((await office.post(`/api/staff/customers/${c.id}/invites`)).statusCode).toBe(201);
    await h.sink.waitForMail(c.email!, 1);
    await inviteSettled(db().db, c.id);
    h.clock.advance(7 * DAY + 1000);
    await h.agent().post(`/api/portal/${yard.slug}/invite/request-new`, { email: 'nobody@example.com' });
    expect(
      (await h.agent().post(`/api/portal/${yard.slug}/invite/request-new`, { email: c.email })).statusCode,
    ).toBe(202);
    // The new invite goes out after the activity is recorded.
    await h.sink.waitForMail(c.email!, 2);
    // A week later the office signs in again.
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const list = (await office.get('/api/staff/activity')).json() as ActivityListResponse;
    expect(list.items.map((i) => [i.kind, i.sentence, i.order])).toEqual([
      [
        'invite_requested',
        `Noor Haddad asked for a new portal invite link (${c.email}): new invite sent`,
        null,
      ],
    ]);
  });

  it('marks one read, then all; pages by cursor; filters unread; another yard sees none of it', async () => {
    const y = await yardWithCustomer();
    for (let i = 0; i < 5; i++) {
      const o = await makeOrder(db().db, y.yard.id, y.me.customer.id, { estimate: 'sent' });
      await y.me.agent.post(`/api/portal/${y.yard.slug}/estimates/${o.estimate!.id}/decline`, {
        reason: `no ${i}`,
      });
      h.clock.advance(1000);
    }
    const first = await y.inbox('?limit=3');
    expect(first.items).toHaveLength(3);
    const second = await y.inbox(`?limit=3&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((i) => i.id)).size).toBe(5);
    expect(all.map((i) => i.sentence.slice(-4))).toEqual(['no 4', 'no 3', 'no 2', 'no 1', 'no 0']);

    const other = await yardWithCustomer();
    expect((await other.inbox()).items).toEqual([]);
    expect(await other.unread()).toBe(0);
    expect((await other.office.post(`/api/staff/activity/${all[0].id}/read`)).statusCode).toBe(404);
    expect((await other.office.post('/api/staff/activity/read-all')).json()).toEqual({ unread: 0 });
    expect(await y.unread()).toBe(5);

    const read = await y.office.post(`/api/staff/activity/${all[0].id}/read`);
    expect(read.json()).toEqual({ unread: 4 });
    const unreadOnly = await y.inbox('?unread=true');
    expect(unreadOnly.items.map((i) => i.id)).toEqual(all.slice(1).map((i) => i.id));
    expect((await y.inbox()).items[0].read).toBe(true);
    expect((await y.office.post('/api/staff/activity/read-all')).json()).toEqual({ unread: 0 });
    expect((await y.inbox('?unread=true')).items).toEqual([]);
  });

  it("a technician's inbox holds only their assigned orders' items, without money or invites", async () => {
    const y = await yardWithCustomer();
    const tech = await signedInStaff(h, db().db, y.yard.id, 'technician');
    const mine = await makeOrder(db().db, y.yard.id, y.me.customer.id, { estimate: 'sent' });
    const theirs = await makeOrder(db().db, y.yard.id, y.me.customer.id, { estimate: 'sent' });
    await db()
      .db.updateTable('orders')
      .set({ assigned_to: tech.id })
      .where('id', '=', mine.order.id)
      .execute();
    for (const o of [mine, theirs]) {
      await y.me.agent.post(`/api/portal/${y.yard.slug}/estimates/${o.estimate!.id}/decline`, {
        reason: 'later',
      });
      h.clock.advance(1000);
    }
    // A payment on the technician's own order is still the office's business.
    await recordActivity(db().db, {
      yardId: y.yard.id,
      customerId: y.me.customer.id,
      orderId: mine.order.id,
      kind: 'invoice_paid',
      at: h.clock.now(),
      detail: { amountCents: 5_000, invoiceNumber: 7001 },
    });

    const techInbox = (await tech.agent.get('/api/staff/activity')).json() as ActivityListResponse;
    expect(techInbox.items.map((i) => [i.kind, i.order?.id])).toEqual([['estimate_declined', mine.order.id]]);
    expect(techInbox.unread).toBe(1);
    expect((await tech.agent.get('/api/staff/activity/unread-count')).json()).toEqual({ unread: 1 });

    const office = await y.inbox();
    expect(office.items).toHaveLength(3);
    const other = office.items.find((i) => i.order?.id === theirs.order.id)!;
    expect((await tech.agent.post(`/api/staff/activity/${other.id}/read`)).statusCode).toBe(404);
    expect((await tech.agent.post('/api/staff/activity/read-all')).json()).toEqual({ unread: 0 });
    // The office's inbox keeps what the technician could not see unread.
    expect(await y.unread()).toBe(2);
  });

  it('answers 401 signed out, 403 without a CSRF token, 422 for bad input', async () => {
    const anon = h.agent();
    expect((await anon.get('/api/staff/activity')).statusCode).toBe(401);
    expect((await anon.get('/api/staff/activity/unread-count')).statusCode).toBe(401);
    expect((await anon.post('/api/staff/activity/read-all')).statusCode).toBe(401);
    const y = await yardWithCustomer();
    expect((await y.office.post('/api/staff/activity/read-all', {}, { csrf: false })).statusCode).toBe(403);
    expect((await y.office.get('/api/staff/activity?cursor=nope')).statusCode).toBe(422);
    expect((await y.office.get('/api/staff/activity?unread=maybe')).statusCode).toBe(422);
    expect((await y.office.post('/api/staff/activity/12/read')).statusCode).toBe(422);
  });
});
