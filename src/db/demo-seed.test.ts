// Longer than most files on purpose: every promise the demo yard makes (statuses, consistent
// money, the well-known customers) checked on one seeded database.
import { type Kysely, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/databases.js';
import { verifyPassword } from '../modules/accounts/password-hash.js';
import { seedDemoYard } from './demo-seed.js';
import type { DB } from './schema.js';

const NOW = new Date('2026-06-15T16:00:00Z');
const TWO_YEARS_AGO = new Date(NOW.getTime() - 2 * 366 * 86_400_000 - 60 * 86_400_000);

/** Straight from the CHECK constraint in 0001_init.sql. */
const ORDER_STATUSES = [
  'requested',
  'open_estimate',
  'estimate_sent',
  'awaiting_acceptance',
  'in_progress',
  'deposit_requested',
  'partial_payment',
  'invoiced',
  'paid',
  'completed',
  'cancelled',
];

const YARD_TABLES = [
  'staff_users',
  'customers',
  'boats',
  'orders',
  'estimates',
  'invoices',
  'line_items',
  'payments',
  'portal_accounts',
  'invites',
  'portal_events',
] as const;

async function rows<T>(db: Kysely<DB>, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

async function countsByYard(db: Kysely<DB>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['yards', ...YARD_TABLES]) {
    const [row] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${sql.table(table)}`);
    counts[table] = row.n;
  }
  return counts;
}

describeEachEngine('seedDemoYard', (get) => {
  let yardId: string;
  let otherYardId: string;

  beforeAll(async () => {
    const { db } = get();
    // Another yard in the same database: seeding must neither stop because a yard
    // exists nor touch or borrow that yard's rows.
    const other = await db
      .insertInto('yards')
      .values({ slug: 'other-yard', name: 'Other Yard' })
      .returning('id')
      .executeTakeFirstOrThrow();
    otherYardId = other.id;
    await db
      .insertInto('customers')
      .values({ yard_id: otherYardId, customer_number: 1001, first_name: 'Ava', last_name: 'Thompson' })
      .execute();

    // Two seeds at once: exactly one creates the yard.
    const results = await Promise.all([seedDemoYard(db, { now: NOW }), seedDemoYard(db, { now: NOW })]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0].yardId).toBe(results[1].yardId);
    yardId = results[0].yardId;
  });

  it('creates Harbor Point Marine with its staff and 240 numbered customers', async () => {
    const { db } = get();
    const yard = await db.selectFrom('yards').selectAll().where('id', '=', yardId).executeTakeFirstOrThrow();
    expect(yard).toMatchObject({ slug: 'harbor-point', name: 'Harbor Point Marine' });
    expect(yard.email).toMatch(/@/);
    expect(yard.phone).toBeTruthy();
    expect(yard.address).toBeTruthy();

    const staff = await db.selectFrom('staff_users').selectAll().where('yard_id', '=', yardId).execute();
    expect(staff.length).toBeGreaterThanOrEqual(2);
    const owner = staff.find((s) => s.email === 'staff@harborpoint.test');
    expect(owner).toMatchObject({ name: 'Morgan Reyes', role: 'owner' });
    expect(await verifyPassword(owner!.password_hash!, 'harbor-point-demo')).toBe(true);
    expect(await verifyPassword(owner!.password_hash!, 'wrong-password')).toBe(false);

    const numbers = await rows<{
      n: number;
      min: number;
      max: number;
      distinct_emails: number;
      emails: number;
    }>(
      db,
      sql`SELECT count(*)::int AS n, min(customer_number) AS min, max(customer_number) AS max,
            count(DISTINCT lower(email))::int AS distinct_emails, count(email)::int AS emails
          FROM customers WHERE yard_id = ${yardId}`,
    );
    expect(numbers[0]).toMatchObject({ n: 240, min: 1001, max: 1240 });
    expect(numbers[0].distinct_emails).toBe(numbers[0].emails);
  });

  it('is idempotent: a second call changes nothing', async () => {
    const { db } = get();
    const before = await countsByYard(db);
    const again = await seedDemoYard(db, { now: NOW });
    expect(again).toEqual({ yardId, created: false });
    expect(await countsByYard(db)).toEqual(before);
    expect(before.customers).toBe(241); // 240 + the other yard's one
  });

  it('has orders in every status of the schema, numbered in order of opening', async () => {
    const { db } = get();
    const statuses = await db
      .selectFrom('orders')
      .select('status')
      .distinct()
      .where('yard_id', '=', yardId)
      .execute();
    expect(statuses.map((s) => s.status).sort()).toEqual([...ORDER_STATUSES].sort());

    const outOfOrder = await rows(
      db,
      sql`SELECT number FROM (
            SELECT number, lag(opened_at) OVER (ORDER BY number) AS prev, opened_at FROM orders WHERE yard_id = ${yardId}
          ) o WHERE prev > opened_at`,
    );
    expect(outOfOrder).toEqual([]);
  });

  it('keeps every invoice consistent with its line items and payments', async () => {
    const { db } = get();
    const invoices = await rows<{
      id: string;
      status: string;
      subtotal_cents: number;
      tax_cents: number;
      total_cents: number;
      paid_cents: number;
      items_sum: number;
      parts_sum: number;
      items: number;
      payments_sum: number;
    }>(
      db,
      sql`SELECT i.id, i.status, i.subtotal_cents, i.tax_cents, i.total_cents, i.paid_cents,
            (SELECT coalesce(sum(total_cents), 0)::int FROM line_items l WHERE l.invoice_id = i.id) AS items_sum,
            (SELECT coalesce(sum(total_cents), 0)::int FROM line_items l WHERE l.invoice_id = i.id AND kind = 'part') AS parts_sum,
            (SELECT count(*)::int FROM line_items l WHERE l.invoice_id = i.id) AS items,
            (SELECT coalesce(sum(amount_cents), 0)::int FROM payments p WHERE p.invoice_id = i.id) AS payments_sum
          FROM invoices i WHERE i.yard_id = ${yardId}`,
    );
    expect(invoices.length).toBeGreaterThan(100);
    for (const inv of invoices) {
      expect(inv.items).toBeGreaterThan(0);
      expect(inv.subtotal_cents).toBe(inv.items_sum);
      expect(inv.total_cents).toBe(inv.subtotal_cents + inv.tax_cents);
      expect(inv.tax_cents).toBe(Math.round(inv.parts_sum * 0.07));
      expect(inv.paid_cents).toBe(inv.payments_sum);
      const expected = inv.paid_cents === 0 ? 'open' : inv.paid_cents < inv.total_cents ? 'partial' : 'paid';
      expect(inv.status).toBe(expected);
      expect(inv.paid_cents).toBeLessThanOrEqual(inv.total_cents);
    }
    expect(new Set(invoices.map((i) => i.status))).toEqual(new Set(['open', 'partial', 'paid']));

    const badItems = await rows(
      db,
      sql`SELECT id FROM line_items
          WHERE yard_id = ${yardId} AND total_cents <> round(quantity * unit_price_cents)::int`,
    );
    expect(badItems).toEqual([]);

    const badPayments = await rows(
      db,
      sql`SELECT p.id FROM payments p JOIN invoices i ON i.id = p.invoice_id
          WHERE p.yard_id = ${yardId}
            AND (p.customer_id <> i.customer_id OR p.received_at < i.issued_at OR p.received_at > ${NOW})`,
    );
    expect(badPayments).toEqual([]);
  });

  it('keeps every estimate consistent with its line items', async () => {
    const { db } = get();
    const estimates = await rows<{
      subtotal_cents: number;
      tax_cents: number;
      total_cents: number;
      items_sum: number;
      parts_sum: number;
      items: number;
    }>(
      db,
      sql`SELECT e.subtotal_cents, e.tax_cents, e.total_cents,
            (SELECT coalesce(sum(total_cents), 0)::int FROM line_items l WHERE l.estimate_id = e.id) AS items_sum,
            (SELECT coalesce(sum(total_cents), 0)::int FROM line_items l WHERE l.estimate_id = e.id AND kind = 'part') AS parts_sum,
            (SELECT count(*)::int FROM line_items l WHERE l.estimate_id = e.id) AS items
          FROM estimates e WHERE e.yard_id = ${yardId}`,
    );
    expect(estimates.length).toBeGreaterThan(100);
    for (const est of estimates) {
      expect(est.items).toBeGreaterThan(0);
      expect(est.subtotal_cents).toBe(est.items_sum);
      expect(est.total_cents).toBe(est.subtotal_cents + est.tax_cents);
      expect(est.tax_cents).toBe(Math.round(est.parts_sum * 0.07));
    }
    const kinds = await db
      .selectFrom('line_items')
      .select('kind')
      .distinct()
      .where('yard_id', '=', yardId)
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['labor', 'part', 'fee']));
  });

  it('gives every order with an estimate or invoice its working lines, so the Orders list shows its value', async () => {
    const { db } = get();
    const orders = await rows<{ value_cents: number; doc_cents: number; lines: number }>(
      db,
      sql`SELECT o.value_cents::int AS value_cents,
            (SELECT count(*)::int FROM line_items l WHERE l.order_id = o.id) AS lines,
            coalesce(
              (SELECT i.subtotal_cents FROM invoices i WHERE i.order_id = o.id ORDER BY i.created_at DESC LIMIT 1),
              (SELECT e.subtotal_cents FROM estimates e WHERE e.order_id = o.id ORDER BY e.created_at LIMIT 1)
            ) AS doc_cents
          FROM orders o WHERE o.yard_id = ${yardId}
            AND (EXISTS (SELECT 1 FROM estimates e WHERE e.order_id = o.id)
              OR EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id))`,
    );
    expect(orders.length).toBeGreaterThan(100);
    for (const o of orders) {
      expect(o.lines).toBeGreaterThan(0);
      expect(o.value_cents).toBe(o.doc_cents);
    }
  });

  it('gives each order status the estimate and invoice it implies', async () => {
    const { db } = get();
    const combos = await rows<{
      status: string;
      estimate: string | null;
      invoice: string | null;
      deposit: boolean;
    }>(
      db,
      sql`SELECT DISTINCT o.status, e.status AS estimate, i.status AS invoice,
            coalesce(i.deposit_cents > 0 AND i.deposit_cents < i.total_cents, false) AS deposit
          FROM orders o
          LEFT JOIN estimates e ON e.order_id = o.id
          LEFT JOIN invoices i ON i.order_id = o.id
          WHERE o.yard_id = ${yardId}`,
    );
    const allowed: Record<string, { estimate: (string | null)[]; invoice: (string | null)[] }> = {
      requested: { estimate: [null], invoice: [null] },
      open_estimate: { estimate: ['draft'], invoice: [null] },
      estimate_sent: { estimate: ['sent'], invoice: [null] },
      awaiting_acceptance: { estimate: ['sent'], invoice: [null] },
      in_progress: { estimate: ['accepted'], invoice: [null] },
      deposit_requested: { estimate: ['accepted'], invoice: ['open'] },
      partial_payment: { estimate: ['accepted'], invoice: ['partial'] },
      invoiced: { estimate: ['accepted'], invoice: ['open'] },
      paid: { estimate: ['accepted'], invoice: ['paid'] },
      completed: { estimate: ['accepted'], invoice: ['paid'] },
      cancelled: { estimate: [null, 'declined', 'expired'], invoice: [null] },
    };
    for (const c of combos) {
      expect(allowed[c.status].estimate, `${c.status} with estimate ${c.estimate}`).toContain(c.estimate);
      expect(allowed[c.status].invoice, `${c.status} with invoice ${c.invoice}`).toContain(c.invoice);
      if (c.status === 'deposit_requested') expect(c.deposit).toBe(true);
    }

    // One estimate and at most one invoice an order; completed orders carry their completion time.
    const multiple = await rows(
      db,
      sql`SELECT order_id FROM estimates WHERE yard_id = ${yardId} GROUP BY order_id HAVING count(*) > 1
          UNION ALL
          SELECT order_id FROM invoices WHERE yard_id = ${yardId} GROUP BY order_id HAVING count(*) > 1`,
    );
    expect(multiple).toEqual([]);
    const [completion] = await rows<{ bad: number }>(
      db,
      sql`SELECT count(*)::int AS bad FROM orders
          WHERE yard_id = ${yardId} AND ((status = 'completed') <> (completed_at IS NOT NULL))`,
    );
    expect(completion.bad).toBe(0);
  });

  it('spreads dates over the last two years, none in the future', async () => {
    const { db } = get();
    const [range] = await rows<{
      first: Date;
      last: Date;
      latest_update: Date;
      customers_after_orders: number;
    }>(
      db,
      sql`SELECT min(opened_at) AS first, max(opened_at) AS last, max(updated_at) AS latest_update,
            (SELECT count(*)::int FROM orders o JOIN customers c ON c.id = o.customer_id
               WHERE o.yard_id = ${yardId} AND c.created_at > o.opened_at) AS customers_after_orders
          FROM orders WHERE yard_id = ${yardId}`,
    );
    expect(new Date(range.first).getTime()).toBeGreaterThan(TWO_YEARS_AGO.getTime());
    expect(new Date(range.first).getTime()).toBeLessThan(NOW.getTime() - 365 * 86_400_000);
    expect(new Date(range.last).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(new Date(range.latest_update).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(range.customers_after_orders).toBe(0);
  });

  it("puts every row in the demo yard and refers only to that yard's rows", async () => {
    const { db } = get();
    // Every row of every yard-owned table belongs to one of the two yards, and the
    // other yard still has only what the test gave it.
    for (const table of YARD_TABLES) {
      const [row] = await rows<{ other: number; stray: number }>(
        db,
        sql`SELECT count(*) FILTER (WHERE yard_id = ${otherYardId})::int AS other,
              count(*) FILTER (WHERE yard_id NOT IN (${yardId}, ${otherYardId}))::int AS stray
            FROM ${sql.table(table)}`,
      );
      expect({ table, ...row }).toEqual({ table, other: table === 'customers' ? 1 : 0, stray: 0 });
    }
    const mismatches = await rows<{ kind: string; n: number }>(
      db,
      sql`SELECT 'boat' AS kind, count(*)::int AS n FROM boats b JOIN customers c ON c.id = b.customer_id WHERE b.yard_id <> c.yard_id
          UNION ALL SELECT 'order-customer', count(*)::int FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.yard_id <> c.yard_id
          UNION ALL SELECT 'order-boat', count(*)::int FROM orders o JOIN boats b ON b.id = o.boat_id WHERE o.yard_id <> b.yard_id OR o.customer_id <> b.customer_id
          UNION ALL SELECT 'estimate', count(*)::int FROM estimates e JOIN orders o ON o.id = e.order_id WHERE e.yard_id <> o.yard_id OR e.customer_id <> o.customer_id
          UNION ALL SELECT 'invoice', count(*)::int FROM invoices i JOIN orders o ON o.id = i.order_id WHERE i.yard_id <> o.yard_id OR i.customer_id <> o.customer_id
          UNION ALL SELECT 'item-estimate', count(*)::int FROM line_items l JOIN estimates e ON e.id = l.estimate_id WHERE l.yard_id <> e.yard_id
          UNION ALL SELECT 'item-invoice', count(*)::int FROM line_items l JOIN invoices i ON i.id = l.invoice_id WHERE l.yard_id <> i.yard_id
          UNION ALL SELECT 'payment', count(*)::int FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.yard_id <> i.yard_id`,
    );
    expect(mismatches.filter((m) => m.n > 0)).toEqual([]);
  });

  it('creates the well-known demo customers', async () => {
    const { db } = get();
    const ava = await db
      .selectFrom('customers')
      .selectAll()
      .where('yard_id', '=', yardId)
      .where('email', '=', 'ava.thompson@example.com')
      .executeTakeFirstOrThrow();
    expect(ava).toMatchObject({
      first_name: 'Ava',
      last_name: 'Thompson',
      phone: '(305) 555-0142',
      phone_e164: '+13055550142',
      phone_digits: '3055550142',
    });
    const boats = await db.selectFrom('boats').select('name').where('customer_id', '=', ava.id).execute();
    expect(boats).toHaveLength(2);
    const orders = await db.selectFrom('orders').select('status').where('customer_id', '=', ava.id).execute();
    const statuses = new Set(orders.map((o) => o.status));
    expect(statuses.size).toBeGreaterThanOrEqual(4);
    expect(statuses).toContain('open_estimate');
    expect(statuses).toContain('estimate_sent');
    const withBalance = await db
      .selectFrom('invoices')
      .select(['total_cents', 'paid_cents'])
      .where('customer_id', '=', ava.id)
      .whereRef('paid_cents', '<', 'total_cents')
      .execute();
    expect(withBalance.length).toBeGreaterThan(0);
    const openEstimates = await db
      .selectFrom('estimates')
      .select('status')
      .where('customer_id', '=', ava.id)
      .where('status', 'in', ['draft', 'sent'])
      .execute();
    expect(openEstimates.length).toBeGreaterThan(0);

    // Her phone number is hers alone, whatever way it is typed.
    const samePhone = await db
      .selectFrom('customers')
      .select('id')
      .where('phone_digits', '=', '3055550142')
      .execute();
    expect(samePhone).toEqual([{ id: ava.id }]);

    const liam = await db
      .selectFrom('customers')
      .selectAll()
      .where('yard_id', '=', yardId)
      .where('first_name', '=', 'Liam')
      .where('last_name', '=', 'Carter')
      .execute();
    expect(liam).toHaveLength(1);
    expect(liam[0].email).toBeNull();
    expect(liam[0].phone_digits).toMatch(/^\d{10}$/);
  });

  it('stores normalised phones for every customer with a phone, and no portal accounts or invites', async () => {
    const { db } = get();
    const [phones] = await rows<{ with_phone: number; normalised: number; without_email: number }>(
      db,
      sql`SELECT count(phone)::int AS with_phone,
            count(*) FILTER (WHERE phone_e164 = '+1' || phone_digits AND phone_digits ~ '^[0-9]{10}$')::int AS normalised,
            count(*) FILTER (WHERE email IS NULL)::int AS without_email
          FROM customers WHERE yard_id = ${yardId}`,
    );
    expect(phones.with_phone).toBeGreaterThan(200);
    expect(phones.normalised).toBe(phones.with_phone);
    expect(phones.without_email).toBeGreaterThan(1);
    const counts = await countsByYard(db);
    expect(counts.portal_accounts).toBe(0);
    expect(counts.invites).toBe(0);
    expect(counts.portal_events).toBe(0);
  });
});
