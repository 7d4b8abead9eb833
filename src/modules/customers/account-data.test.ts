import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { statementCounter } from '../../../test/support/statement-counter.js';
import { seedDemoYard } from '../../db/demo-seed.js';
import type { Yard } from '../../db/schema.js';
import { manualClock } from '../../server/clock.js';
import { portalAccountData } from '../accounts/portal-data.js';
import { notificationPreferencesRepo } from '../notifications/notification-preferences.repo.js';
import { boatView, contactView, loadOrderRecords } from './account-data.js';
import { customersRepo } from './customers.repo.js';
import { createCustomersService } from './customers.service.js';

describeEachEngine("a customer's page read in one statement", (get) => {
  let yard: Yard;
  let customerIds: string[];
  beforeAll(async () => {
    const { db } = get();
    const { yardId } = await seedDemoYard(db, { customers: 40, now: new Date('2026-11-30T10:00:00.123Z') });
    yard = await db.selectFrom('yards').selectAll().where('id', '=', yardId).executeTakeFirstOrThrow();
    customerIds = (await db.selectFrom('customers').select('id').where('yard_id', '=', yardId).execute()).map(
      (c) => c.id,
    );
  });

  it("shows each customer the same boats, orders, estimates, invoices and payments as the yard's tables, in one statement", async () => {
    const counter = statementCounter();
    const counted = get().db.withPlugin(counter.plugin);
    const repo = customersRepo(get().db);
    let documents = 0;
    for (const id of customerIds) {
      const customer = (await repo.findById(yard.id, id))!;
      const records = await loadOrderRecords(repo, yard.id, id);
      const boats = await repo.boats(yard.id, id);
      const notifications = await notificationPreferencesRepo(get().db).get(yard.id, id);
      counter.reset();
      const me = await portalAccountData(counted, yard, id);
      expect(counter.taken()).toBe(1);
      expect(me).toEqual({
        yard: expect.objectContaining({ id: yard.id }),
        customer: contactView(customer),
        boats: boats.filter((b) => !b.archived_at).map(boatView),
        orders: records.orders.map((o) => o.view),
        estimates: records.estimates.map((e) => e.view),
        invoices: records.invoices,
        payments: records.payments,
        notifications,
      });
      documents += me.estimates.length + me.invoices.length;
    }
    // The demo yard's customers have documents with line items to compare.
    expect(documents).toBeGreaterThan(20);
  });

  it("reads the staff profile, a technician's narrowed one, in one statement; another yard's customer is not found", async () => {
    const { db } = get();
    const counter = statementCounter();
    const clock = manualClock(new Date('2026-12-01T12:00:00Z'));
    const customers = createCustomersService({
      database: { ...get(), db: db.withPlugin(counter.plugin) },
      clock,
    });
    const withOrders = await db
      .selectFrom('orders')
      .select(['customer_id', 'id'])
      .where('yard_id', '=', yard.id)
      .orderBy('number')
      .execute();
    const counts = new Map<string, number>();
    for (const o of withOrders) counts.set(o.customer_id, (counts.get(o.customer_id) ?? 0) + 1);
    const [id] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const tech = await db
      .insertInto('staff_users')
      .values({ yard_id: yard.id, email: 'tech@harborpoint.test', name: 'Tom Tech', role: 'technician' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mine = withOrders.filter((o) => o.customer_id === id)[0];
    await db.updateTable('orders').set({ assigned_to: tech.id }).where('id', '=', mine.id).execute();

    counter.reset();
    const full = await customers.profile(yard.id, id);
    expect(counter.taken()).toBe(1);
    expect(full.orders.length).toBeGreaterThan(1);
    counter.reset();
    const narrowed = await customers.profile(yard.id, id, tech.id);
    expect(counter.taken()).toBe(1);
    expect(narrowed.orders.map((o) => o.id)).toEqual([mine.id]);

    const other = await db
      .insertInto('yards')
      .values({ slug: 'other-yard', name: 'Other Yard' })
      .returningAll()
      .executeTakeFirstOrThrow();
    await expect(customers.profile(other.id, id)).rejects.toMatchObject({ status: 404 });
    await expect(portalAccountData(db, other, id)).rejects.toMatchObject({ status: 404 });
  });
});
