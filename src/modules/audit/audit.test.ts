// One file for the audit log's behaviour end to end (trigger, rollback, each covered write, read, CSV,
// isolation, roles): longer than most, so the shared fixtures are set up once.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { billingYard, counterPay, sentInvoice } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { approval } from '../../../test/support/estimate-fixtures.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newOrder } from '../../../test/support/order-editing-fixtures.js';
import { makeOrder, newKey } from '../../../test/support/order-fixtures.js';
import { hashPassword } from '../accounts/password-hash.js';
import { auditRepo } from './audit.repo.js';

const OFFICE_IP = '203.0.113.7';

describeEachEngine('audit log', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  /** A yard with a customer (signed in to the portal), a boat, and its owner signed in from OFFICE_IP. */
  async function yardWithOffice() {
    const y = await billingYard(h, db().db);
    const office = h.agent({ remoteAddress: OFFICE_IP });
    await office.signInStaff(y.staff.email, STAFF_PASSWORD);
    const boat = await db()
      .db.insertInto('boats')
      .values({ yard_id: y.yard.id, customer_id: y.me.customer.id, name: 'Windfall', length_ft: '30' })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...y, office, boat };
  }

  const rows = (yardId: string) =>
    db()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('yard_id', '=', yardId)
      .orderBy('at')
      .orderBy('id')
      .execute();

  async function staffOf(yardId: string, role: 'office' | 'technician' | 'viewer') {
    const email = `${role}-${Math.random().toString(36).slice(2)}@yard.test`;
    await db()
      .db.insertInto('staff_users')
      .values({
        yard_id: yardId,
        email,
        name: `Pat ${role}`,
        role,
        password_hash: await hashPassword(STAFF_PASSWORD),
      })
      .execute();
    const agent = h.agent();
    await agent.signInStaff(email, STAFF_PASSWORD);
    return agent;
  }

  it('the database refuses to change or remove audit rows, even by raw SQL', async () => {
    const { yard } = await makeYard(db().db);
    await auditRepo(db().db).record({
      yardId: yard.id,
      actor: { kind: 'system' },
      entity: 'settings',
      action: 'updated',
      changes: { name: { before: 'a', after: 'b' } },
      at: new Date(),
    });
    for (const statement of [
      sql`UPDATE audit_log SET action = 'tampered' WHERE yard_id = ${yard.id}`,
      sql`DELETE FROM audit_log WHERE yard_id = ${yard.id}`,
      sql`TRUNCATE audit_log`,
    ]) {
      await expect(statement.execute(db().db)).rejects.toMatchObject({ code: '55000' });
    }
    const left = await rows(yard.id);
    expect(left).toHaveLength(1);
    expect(left[0].action).toBe('updated');
  });

  it('a change that fails after its audit row leaves no audit row', async () => {
    const { yard } = await makeYard(db().db);
    await expect(
      db()
        .db.transaction()
        .execute(async (trx) => {
          await auditRepo(db().db).record(
            {
              yardId: yard.id,
              actor: { kind: 'system' },
              entity: 'settings',
              action: 'updated',
              at: new Date(),
            },
            trx,
          );
          await trx.updateTable('yards').set({ name: 'Renamed' }).where('id', '=', yard.id).execute();
          throw new Error('the change fails after its audit row');
        }),
    ).rejects.toThrow('fails after');
    expect(await rows(yard.id)).toHaveLength(0);
    const y = await db()
      .db.selectFrom('yards')
      .select('name')
      .where('id', '=', yard.id)
      .executeTakeFirstOrThrow();
    expect(y.name).not.toBe('Renamed');
  });

  it('orders, estimates, invoices, payments, refunds, settings and contact changes each leave one row: who, when, from where, before and after', async () => {
    const y = await yardWithOffice();
    const staff = y.office;
    const customerId = y.me.customer.id;

    const order = await newOrder(staff, customerId, y.boat.id, { title: 'Haul out' });
    expect(
      (await staff.patch(`/api/staff/orders/${order.id}`, { title: 'Haul out and wash' })).statusCode,
    ).toBe(200);
    const lines = await staff.put(`/api/staff/orders/${order.id}/lines`, {
      lines: [{ kind: 'labor', description: 'Wash', quantity: '2', unitPriceCents: 10_000 }],
    });
    expect(lines.statusCode, lines.body).toBe(200);
    // The status move, by hand.
    const moved = await staff.post(`/api/staff/orders/${order.id}/status`, {
      to: 'in_progress',
      note: 'Hauled out today',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const est = await staff.post(`/api/staff/orders/${order.id}/estimates`, {});
    expect(est.statusCode, est.body).toBe(201);
    const estimateId = est.json().estimate.id as string;
    expect((await staff.post(`/api/staff/estimates/${estimateId}/send`)).statusCode).toBe(200);
    const accepted = await y.me.agent.post(
      `/api/portal/${y.yard.slug}/estimates/${estimateId}/accept`,
      approval(),
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    const invoiceId = await sentInvoice(staff, order.id, { from: 'lines' });
    const paid = await counterPay(staff, invoiceId, { method: 'cash', amountCents: 5_000 });
    expect(paid.statusCode, paid.body).toBe(200);
    const paymentId = (
      await db()
        .db.selectFrom('payments')
        .select('id')
        .where('invoice_id', '=', invoiceId)
        .executeTakeFirstOrThrow()
    ).id;
    const refunded = await staff.post(`/api/staff/payments/${paymentId}/refunds`, {
      amountCents: 1_000,
      reason: 'Goodwill',
    });
    expect(refunded.statusCode, refunded.body).toBe(200);
    expect((await staff.patch('/api/staff/yard/settings', { taxRates: { labor: '6' } })).statusCode).toBe(
      200,
    );
    expect((await staff.patch(`/api/staff/customers/${customerId}`, { city: 'Rockland' })).statusCode).toBe(
      200,
    );
    h.clock.advance(1000);
    const own = await y.me.agent.patch(`/api/portal/${y.yard.slug}/me`, { city: 'Camden' });
    expect(own.statusCode, own.body).toBe(200);

    const all = await rows(y.yard.id);
    const find = (entity: string, action: string) => {
      const found = all.filter((r) => r.entity === entity && r.action === action);
      expect(found, `${entity} ${action}`).toHaveLength(1);
      return found[0];
    };
    const created = find('order', 'created');
    expect(created).toMatchObject({
      actor_kind: 'staff',
      actor_staff_id: y.staff.id,
      actor_name: 'Dana Whitfield',
      ip: OFFICE_IP,
      order_id: order.id,
      customer_id: customerId,
    });
    expect(created.at).toBeInstanceOf(Date);
    expect(find('order', 'updated').changes).toEqual({
      title: { before: 'Haul out', after: 'Haul out and wash' },
    });
    expect(find('order', 'lines changed').changes).toMatchObject({
      lines: { before: 0, after: 1 },
      totalCents: { before: 0, after: 21_000 },
    });
    expect(find('estimate', 'drafted').entity_id).toBe(estimateId);
    expect(find('estimate', 'sent').changes).toEqual({ status: { before: 'draft', after: 'sent' } });
    expect(find('estimate', 'accepted')).toMatchObject({
      actor_kind: 'customer',
      actor_account_id: y.me.account.id,
      actor_name: `${y.me.customer.first_name} ${y.me.customer.last_name}`,
      changes: { status: { before: 'sent', after: 'accepted' } },
    });
    expect(find('invoice', 'created').entity_id).toBe(invoiceId);
    expect(find('invoice', 'sent').changes).toMatchObject({ status: { before: 'draft' } });
    expect(find('payment', 'received')).toMatchObject({
      entity_id: paymentId,
      ip: OFFICE_IP,
      changes: { amount_cents: { before: null, after: 5_000 }, method: { after: 'cash' } },
    });
    expect(find('payment', 'refunded').changes).toMatchObject({
      refunded_cents: { before: 0, after: 1_000 },
    });
    expect(find('settings', 'updated').changes).toEqual({ tax_labor_bp: { before: 500, after: 600 } });
    const contact = all.filter((r) => r.entity === 'customer' && r.action === 'updated');
    expect(contact.map((r) => [r.actor_kind, r.changes])).toEqual([
      ['staff', { city: { before: null, after: 'Rockland' } }],
      ['customer', { city: { before: 'Rockland', after: 'Camden' } }],
    ]);
    const status = all.filter((r) => r.action === 'status changed');
    expect(status).toHaveLength(1);
    expect(status[0].changes).toMatchObject({
      status: { before: 'open_estimate', after: 'in_progress' },
      note: { after: 'Hauled out today' },
    });
  });

  it('online payments name the customer; voids, credit notes, re-issues, deleted drafts and declines leave their rows too', async () => {
    const y = await yardWithOffice();
    const staff = y.office;
    const order = await newOrder(staff, y.me.customer.id, y.boat.id, {
      lines: [{ kind: 'labor', description: 'Wash', quantity: '1', unitPriceCents: 10_000 }],
    });
    const paidOnline = await sentInvoice(staff, order.id, { from: 'lines' });
    const pay = await y.me.agent.post(
      `/api/portal/${y.yard.slug}/invoices/${paidOnline}/payments`,
      { amountCents: 2_000, cardNumber: '4242424242424242' },
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(pay.statusCode, pay.body).toBe(200);
    const credited = await sentInvoice(staff, order.id, { from: 'lines' });
    const credit = await staff.post(`/api/staff/invoices/${credited}/credit-note`, {
      amountCents: 500,
      reason: 'Goodwill',
    });
    expect(credit.statusCode, credit.body).toBeLessThan(300);
    const voided = await sentInvoice(staff, order.id, { from: 'lines' });
    expect(
      (await staff.post(`/api/staff/invoices/${voided}/void`, { reason: 'Wrong boat' })).statusCode,
    ).toBe(200);
    const reissued = await staff.post(`/api/staff/invoices/${voided}/reissue`);
    expect(reissued.statusCode, reissued.body).toBeLessThan(300);
    const draftId = reissued.json().invoiceId as string;
    expect((await staff.delete(`/api/staff/invoices/${draftId}`)).statusCode).toBe(200);
    const o = await makeOrder(db().db, y.yard.id, y.me.customer.id, {
      status: 'estimate_sent',
      estimate: 'sent',
    });
    const declined = await y.me.agent.post(`/api/portal/${y.yard.slug}/estimates/${o.estimate!.id}/decline`, {
      reason: 'Too dear',
    });
    expect(declined.statusCode, declined.body).toBe(200);

    const all = await rows(y.yard.id);
    const one = (entity: string, action: string, entityId: string) => {
      const found = all.filter((r) => r.entity === entity && r.action === action && r.entity_id === entityId);
      expect(found, `${entity} ${action}`).toHaveLength(1);
      return found[0];
    };
    const online = all.filter((r) => r.entity === 'payment' && r.action === 'received');
    expect(online).toHaveLength(1);
    expect(online[0]).toMatchObject({
      actor_kind: 'customer',
      actor_account_id: y.me.account.id,
      changes: { amount_cents: { after: 2_000 }, method: { after: 'card' } },
    });
    expect(one('invoice', 'credited', credited).changes).toMatchObject({
      credited_cents: { before: 0, after: 500 },
      reason: { after: 'Goodwill' },
    });
    expect(one('invoice', 'voided', voided).changes).toEqual({
      status: { before: 'open', after: 'void' },
      reason: { before: null, after: 'Wrong boat' },
    });
    expect(one('invoice', 're-issued', draftId).actor_staff_id).toBe(y.staff.id);
    expect(one('invoice', 'draft deleted', draftId).changes).toMatchObject({ total_cents: { after: null } });
    expect(one('estimate', 'declined', o.estimate!.id)).toMatchObject({
      actor_kind: 'customer',
      order_id: o.order.id,
      changes: { reason: { before: null, after: 'Too dear' } },
    });
  });

  it('lists the yard’s rows newest first, filtered and a page at a time; a customer’s page shows rows of customers merged into it', async () => {
    const y = await yardWithOffice();
    const staff = y.office;
    const a = await newOrder(staff, y.me.customer.id, y.boat.id, { title: 'A' });
    for (const title of ['A1', 'A2', 'A3']) {
      h.clock.advance(1000);
      await staff.patch(`/api/staff/orders/${a.id}`, { title });
    }
    h.clock.advance(1000);
    const other = await makeCustomer(db().db, y.yard.id);
    await staff.patch(`/api/staff/customers/${other.id}`, { city: 'Owls Head' });

    const first = await staff.get(`/api/staff/audit?orderId=${a.id}&limit=2`);
    expect(first.statusCode, first.body).toBe(200);
    const p1 = first.json();
    expect(p1.entries.map((e: { changes: { title?: { after: string } } }) => e.changes.title?.after)).toEqual(
      ['A3', 'A2'],
    );
    expect(p1.entries[0]).toMatchObject({
      actor: { kind: 'staff', name: 'Dana Whitfield' },
      ip: OFFICE_IP,
      order: { id: a.id, number: a.number },
    });
    const p2 = (await staff.get(`/api/staff/audit?orderId=${a.id}&limit=2&cursor=${p1.nextCursor}`)).json();
    expect(p2.entries.map((e: { action: string }) => e.action)).toEqual(['updated', 'created']);
    expect(p2.nextCursor).toBeNull();

    const updates = (await staff.get(`/api/staff/audit?entity=order&action=updated`)).json();
    expect(updates.entries).toHaveLength(3);
    const byStaff = (await staff.get(`/api/staff/audit?staffId=${y.staff.id}`)).json();
    expect(byStaff.entries).toHaveLength(5);
    // "From today" is a day of the yard's calendar, in its time zone (not UTC's).
    const { timezone } = await db()
      .db.selectFrom('yards')
      .select('timezone')
      .where('id', '=', y.yard.id)
      .executeTakeFirstOrThrow();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(h.clock.now());
    expect((await staff.get(`/api/staff/audit?from=2000-01-01&to=2000-01-02`)).json().entries).toHaveLength(
      0,
    );
    expect((await staff.get(`/api/staff/audit?from=${today}`)).json().entries.length).toBeGreaterThan(0);

    // Merged into the portal customer: the other customer's rows show on its page too.
    expect((await staff.get(`/api/staff/audit?customerId=${y.me.customer.id}`)).json().entries).toHaveLength(
      4,
    );
    await db()
      .db.updateTable('customers')
      .set({ merged_into: y.me.customer.id })
      .where('id', '=', other.id)
      .execute();
    const merged = (await staff.get(`/api/staff/audit?customerId=${y.me.customer.id}`)).json();
    expect(merged.entries).toHaveLength(5);
    expect(merged.entries[0].customer).toMatchObject({ id: other.id });

    const bad = await staff.get('/api/staff/audit?entity=boats&from=yesterday');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/entity/);
  });

  it('exports the filtered rows as CSV, with cells a spreadsheet cannot run as formulas', async () => {
    const y = await yardWithOffice();
    // Names as a hostile import could leave them: the CSV must not run them in a spreadsheet.
    await db()
      .db.updateTable('customers')
      .set({ first_name: '=HYPERLINK("http://evil.test")', last_name: '' })
      .where('id', '=', y.me.customer.id)
      .execute();
    await db()
      .db.updateTable('staff_users')
      .set({ name: '@SUM(A1:A9)' })
      .where('id', '=', y.staff.id)
      .execute();
    const order = await newOrder(y.office, y.me.customer.id, y.boat.id, { title: 'Haul out' });
    h.clock.advance(1000);
    await y.office.patch(`/api/staff/orders/${order.id}`, { title: '+1 wash' });
    const res = await y.office.get(`/api/staff/audit.csv?orderId=${order.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="slipway-audit-/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      '"When","Time zone","Who","Actor","From","Entity","Entity id","Action","Customer","Order","Changes"',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(
      `"'@SUM(A1:A9)","staff","${OFFICE_IP}","order","${order.id}","updated","'=HYPERLINK(""http://evil.test"")","#${order.number}","title: Haul out → +1 wash"`,
    );
    expect(lines[2]).toContain(',"created",');
    for (const line of lines) {
      for (const cell of line.slice(1, -1).split('","')) expect(cell).not.toMatch(/^[=+\-@]/);
    }
  });

  it('another yard’s rows are never shown, and only the office and the owner read the log', async () => {
    const y = await yardWithOffice();
    const order = await newOrder(y.office, y.me.customer.id, y.boat.id);
    const other = await makeYard(db().db);
    const outsider = h.agent();
    await outsider.signInStaff(other.staff.email, STAFF_PASSWORD);
    const seen = await outsider.get(`/api/staff/audit?orderId=${order.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().entries).toEqual([]);
    expect((await outsider.get('/api/staff/audit')).json().entries).toEqual([]);
    expect(
      (await outsider.get(`/api/staff/audit.csv?customerId=${y.me.customer.id}`)).body.trim().split('\r\n'),
    ).toHaveLength(1);

    for (const role of ['viewer', 'technician'] as const) {
      const agent = await staffOf(y.yard.id, role);
      expect((await agent.get('/api/staff/audit')).statusCode).toBe(403);
      expect((await agent.get('/api/staff/audit.csv')).statusCode).toBe(403);
    }
    const office = await staffOf(y.yard.id, 'office');
    expect((await office.get('/api/staff/audit')).json().entries.length).toBeGreaterThan(0);
    expect((await h.agent().get('/api/staff/audit')).statusCode).toBe(401);
  });
});
