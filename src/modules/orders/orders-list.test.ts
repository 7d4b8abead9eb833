import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import type { DB, OrderStatus } from '../../db/schema.js';
import { LEDGER_FOLD_AT } from './orders-list.repo.js';

let seq = 5_000 + Math.floor(Math.random() * 1_000_000);

/** A yard with staff signed in, and a way to add orders with lines and an open invoice. */
async function yardWithOrders(db: Kysely<DB>, h: Harness) {
  const { yard, staff } = await makeYard(db);
  const agent = h.agent();
  await agent.signInStaff(staff.email, STAFF_PASSWORD);
  const customer = (first: string, last: string) =>
    makeCustomer(db, yard.id, { first_name: first, last_name: last });
  const boat = (customerId: string, name: string) =>
    db
      .insertInto('boats')
      .values({ yard_id: yard.id, customer_id: customerId, name })
      .returningAll()
      .executeTakeFirstOrThrow();
  const order = async (o: {
    customerId: string;
    boatId?: string | null;
    title?: string;
    status?: OrderStatus;
    opened?: string;
    updated?: Date;
    valueCents?: number;
    balanceCents?: number;
  }) => {
    const row = await db
      .insertInto('orders')
      .values({
        yard_id: yard.id,
        customer_id: o.customerId,
        boat_id: o.boatId ?? null,
        number: ++seq,
        title: o.title ?? 'Routine service',
        status: o.status ?? 'open_estimate',
        opened_at: o.opened ? new Date(`${o.opened}T12:00:00Z`) : new Date(),
        updated_at: o.updated ?? new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (o.valueCents) {
      await db
        .insertInto('line_items')
        .values({
          yard_id: yard.id,
          order_id: row.id,
          position: 1,
          kind: 'fee',
          description: 'Haul-out',
          quantity: 1,
          unit_price_cents: o.valueCents,
          total_cents: o.valueCents,
        })
        .execute();
    }
    if (o.balanceCents) {
      await db
        .insertInto('invoices')
        .values({
          yard_id: yard.id,
          order_id: row.id,
          customer_id: o.customerId,
          number: row.number,
          status: 'open',
          subtotal_cents: o.balanceCents + 100,
          tax_cents: 0,
          total_cents: o.balanceCents + 100,
          paid_cents: 100,
        })
        .execute();
    }
    return row;
  };
  const list = async (qs = '') => {
    const res = await agent.get(`/api/staff/orders${qs ? `?${qs}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as import('../../shared/api-types.js').StaffOrdersResponse;
  };
  return { yard, staff, agent, customer, boat, order, list };
}

describeEachEngine('staff Orders list', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('searches by number, customer name or company, boat name and title word', async () => {
    const y = await yardWithOrders(db().db, h);
    const ava = await y.customer('Ava', 'Thompson');
    const ben = await y.customer('Ben', 'Okafor');
    const otter = await y.boat(ben.id, 'Sea Otter');
    const a = await y.order({ customerId: ava.id, title: 'Replace impeller' });
    const b = await y.order({ customerId: ben.id, boatId: otter.id, title: 'Bottom paint' });
    const numbers = async (q: string) =>
      (await y.list(`q=${encodeURIComponent(q)}`)).orders.map((o) => o.number);
    expect(await numbers(String(a.number))).toEqual([a.number]);
    expect(await numbers(`#${b.number}`)).toEqual([b.number]);
    expect(await numbers('thompson')).toEqual([a.number]);
    expect(await numbers('Ava Th')).toEqual([a.number]);
    expect(await numbers('otter')).toEqual([b.number]);
    expect(await numbers('paint')).toEqual([b.number]);
    expect(await numbers('impel')).toEqual([a.number]);
    expect(await numbers('nothing like it')).toEqual([]);
    const row = (await y.list(`q=${b.number}`)).orders[0];
    expect(row).toMatchObject({
      title: 'Bottom paint',
      customer: { id: ben.id, name: 'Ben Okafor' },
      boat: { id: otter.id, name: 'Sea Otter' },
      status: 'open_estimate',
      estimateStatus: null,
    });
  });

  it('filters by status (one or several), opened dates, boat and customer; counts and totals follow', async () => {
    const y = await yardWithOrders(db().db, h);
    const c = await y.customer('Cleo', 'Marsh');
    const d = await y.customer('Dev', 'Patel');
    const boat = await y.boat(c.id, 'Windward');
    const o1 = await y.order({
      customerId: c.id,
      boatId: boat.id,
      status: 'in_progress',
      opened: '2026-03-01',
      valueCents: 10_000,
      balanceCents: 2_500,
    });
    const o2 = await y.order({
      customerId: c.id,
      status: 'invoiced',
      opened: '2026-04-15',
      valueCents: 20_000,
      balanceCents: 7_000,
    });
    const o3 = await y.order({
      customerId: d.id,
      status: 'in_progress',
      opened: '2026-05-20',
      valueCents: 5_000,
    });
    const ids = (r: { orders: { id: string }[] }) => r.orders.map((o) => o.id).sort();

    const all = await y.list();
    expect(ids(all)).toEqual([o1.id, o2.id, o3.id].sort());
    expect(all.counts).toMatchObject({ in_progress: 2, invoiced: 1, requested: 0 });
    expect(all.totals).toEqual({ count: 3, balanceCents: 9_500, valueCents: 35_000 });
    expect(all.orders.find((o) => o.id === o2.id)).toMatchObject({ balanceCents: 7_000, valueCents: 20_000 });

    const inProgress = await y.list('status=in_progress');
    expect(ids(inProgress)).toEqual([o1.id, o3.id].sort());
    // The chips keep showing what each status would give.
    expect(inProgress.counts).toMatchObject({ in_progress: 2, invoiced: 1 });
    expect(inProgress.totals).toEqual({ count: 2, balanceCents: 2_500, valueCents: 15_000 });
    expect(ids(await y.list('status=in_progress,invoiced'))).toEqual([o1.id, o2.id, o3.id].sort());
    expect(ids(await y.list('status=invoiced&status=in_progress'))).toHaveLength(3);

    const spring = await y.list('from=2026-03-01&to=2026-04-15');
    expect(ids(spring)).toEqual([o1.id, o2.id].sort());
    expect(spring.totals).toEqual({ count: 2, balanceCents: 9_500, valueCents: 30_000 });
    expect(ids(await y.list(`boatId=${boat.id}`))).toEqual([o1.id]);
    expect(ids(await y.list(`customerId=${d.id}`))).toEqual([o3.id]);
    expect(ids(await y.list(`customerId=${c.id}&status=invoiced`))).toEqual([o2.id]);

    // A payment lowers the balance the list shows (kept by the database, 0008).
    await db()
      .db.updateTable('invoices')
      .set({ paid_cents: 7_100, status: 'paid' })
      .where('order_id', '=', o2.id)
      .execute();
    expect((await y.list()).totals).toEqual({ count: 3, balanceCents: 2_500, valueCents: 35_000 });
  });

  it('pages 120 orders by cursor, each exactly once in order, even when one changes between pages', async () => {
    const y = await yardWithOrders(db().db, h);
    const c = await y.customer('Eli', 'Brandt');
    const base = Date.parse('2026-01-01T00:00:00Z');
    const made = [];
    // Half of them share a timestamp, so the id breaks ties.
    for (let i = 0; i < 120; i++) {
      made.push(await y.order({ customerId: c.id, updated: new Date(base + Math.floor(i / 2) * 60_000) }));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let moved: string | null = null;
    do {
      const page = await y.list(`limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      if (pages > 0) expect(page.counts).toBeNull();
      seen.push(...page.orders.map((o) => o.id));
      cursor = page.nextCursor;
      pages++;
      if (pages === 1) {
        // An order not yet listed is updated: it moves to the top, before the cursor.
        moved = page.orders.length ? made[0].id : null;
        await db()
          .db.updateTable('orders')
          .set({ updated_at: new Date() })
          .where('id', '=', made[0].id)
          .execute();
      }
    } while (cursor);
    expect(pages).toBe(3);
    const expected = [...made]
      .sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime() || (a.id < b.id ? 1 : -1))
      .map((o) => o.id)
      .filter((id) => id !== moved);
    // The updated order is not repeated and not shown again further down: it went above the page already read.
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(119);
    expect((await y.list('limit=1')).orders[0].id).toBe(moved);
  });

  it('keeps yard-wide counts and totals exact while folding its ledger of changes', async () => {
    const y = await yardWithOrders(db().db, h);
    const c = await y.customer('Gus', 'Harlow');
    const ids: string[] = [];
    for (let i = 0; i < 110; i++) ids.push((await y.order({ customerId: c.id, valueCents: 1_000 })).id);
    // Each status change appends two rows to the ledger: well past the fold.
    await db()
      .db.updateTable('orders')
      .set({ status: 'in_progress' })
      .where('id', 'in', ids.slice(0, 60))
      .execute();
    const ledger = () =>
      db().db.selectFrom('order_status_sums').select('status').where('yard_id', '=', y.yard.id).execute();
    expect((await ledger()).length).toBeGreaterThan(LEDGER_FOLD_AT);
    const expected = { in_progress: 60, open_estimate: 50 };
    expect((await y.list()).counts).toMatchObject(expected);
    expect((await ledger()).length).toBeLessThanOrEqual(2);
    const after = await y.list();
    expect(after.counts).toMatchObject(expected);
    expect(after.totals).toEqual({ count: 110, balanceCents: 0, valueCents: 110_000 });
  });

  it("never shows another yard's orders; another yard's boat or customer gives an empty list", async () => {
    const mine = await yardWithOrders(db().db, h);
    const theirs = await yardWithOrders(db().db, h);
    const them = await theirs.customer('Fay', 'Lindqvist');
    const boat = await theirs.boat(them.id, 'Lindqvist Star');
    const o = await theirs.order({ customerId: them.id, boatId: boat.id, title: 'Lindqvist rigging' });
    for (const qs of ['', `q=${o.number}`, 'q=lindqvist', `boatId=${boat.id}`, `customerId=${them.id}`]) {
      const res = await mine.list(qs);
      expect(res.orders, qs).toEqual([]);
      expect(res.totals?.count, qs).toBe(0);
    }
  });

  it('answers 401 signed out and 422 with a clear message for bad input', async () => {
    expect((await h.agent().get('/api/staff/orders')).statusCode).toBe(401);
    const y = await yardWithOrders(db().db, h);
    const bad = async (qs: string, says: RegExp) => {
      const res = await y.agent.get(`/api/staff/orders?${qs}`);
      expect(res.statusCode, qs).toBe(422);
      expect(res.json().message, qs).toMatch(says);
    };
    await bad('status=shipped', /status is one or more of/);
    await bad('from=2026-13-01', /from is not a real date/);
    await bad('from=yesterday', /from is a date like/);
    await bad('from=2026-05-02&to=2026-05-01', /from must not be after to/);
    await bad('cursor=garbage', /no longer valid/);
    await bad('limit=500', /limit is a number from 1 to 100/);
    await bad('boatId=12', /Boat ids are UUIDs/);
  });
});
