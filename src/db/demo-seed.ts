/**
 * The demo yard: Harbor Point Marine, with staff, a few hundred customers, their boats,
 * and orders in every status with estimates, invoices and payments whose numbers add up.
 *
 * Staff sign in as staff@harborpoint.test (owner) or jamie@harborpoint.test, password
 * `harbor-point-demo`. Well-known customers: Ava Thompson (ava.thompson@example.com,
 * (305) 555-0142) and Liam Carter (phone only, no email). Generated customers get
 * addresses at the reserved example.com/.net/.org domains, so inviting them never mails
 * a real person.
 *
 * The rows are built in memory by demo-yard.ts and demo-orders.ts from the catalogues in
 * demo-services.ts and demo-boats.ts; this module inserts them in one transaction.
 */

import type { Insertable, Kysely } from 'kysely';
import { hashPassword } from '../modules/accounts/password-hash.js';
import { DEMO_CATALOG } from './demo-catalog.js';
import { addOrder, ORDER_STATUSES, planFor, randomPlan } from './demo-orders.js';
import { createRng, makePerson, pick, randInt } from './demo-people.js';
import { DAY, YardBuilder } from './demo-yard.js';
import type { DB, OrderStatus } from './schema.js';

export { ORDER_STATUSES };

export const DEMO_YARD_SLUG = 'harbor-point';
export const DEMO_STAFF_EMAIL = 'staff@harborpoint.test';
export const DEMO_STAFF_PASSWORD = 'harbor-point-demo';

const BATCH = 500;

/** Multi-row inserts of BATCH rows each: a few hundred rows a statement, not one round trip a row. */
async function inBatches<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * Creates the Harbor Point Marine demo yard unless a yard with its slug exists.
 * Everything goes in one transaction: a failed seed leaves nothing behind.
 */
export async function seedDemoYard(
  db: Kysely<DB>,
  opts: { customers?: number; now?: Date } = {},
): Promise<{ yardId: string; created: boolean }> {
  const existing = await db
    .selectFrom('yards')
    .select('id')
    .where('slug', '=', DEMO_YARD_SLUG)
    .executeTakeFirst();
  if (existing) return { yardId: existing.id, created: false };

  const now = (opts.now ?? new Date()).getTime();
  const customerCount = Math.max(2, Math.floor(opts.customers ?? 240));
  const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD);
  const rng = createRng(0x5eed_2024);

  return db.transaction().execute(async (trx) => {
    const yardCreated = new Date(now - 800 * DAY);
    const inserted = await trx
      .insertInto('yards')
      .values({
        slug: DEMO_YARD_SLUG,
        name: 'Harbor Point Marine',
        email: 'office@harborpoint.test',
        phone: '(305) 555-0100',
        address: '4100 Harbor Point Dr, Key Largo, FL 33037',
        timezone: 'America/New_York',
        // Florida sales tax on parts; labour and yard fees untaxed (docs/orders.md).
        tax_parts_bp: 700,
        created_at: yardCreated,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // Someone else seeded it between our check and our insert.
      const row = await trx
        .selectFrom('yards')
        .select('id')
        .where('slug', '=', DEMO_YARD_SLUG)
        .executeTakeFirstOrThrow();
      return { yardId: row.id, created: false };
    }
    const yardId = inserted.id;

    await trx
      .insertInto('staff_users')
      .values([
        {
          yard_id: yardId,
          email: DEMO_STAFF_EMAIL,
          name: 'Morgan Reyes',
          role: 'owner',
          password_hash: passwordHash,
          created_at: yardCreated,
        },
        {
          yard_id: yardId,
          email: 'jamie@harborpoint.test',
          name: 'Jamie Chen',
          role: 'office',
          password_hash: passwordHash,
          created_at: new Date(now - 400 * DAY),
        },
      ])
      .execute();

    const b = new YardBuilder(rng, yardId, now);

    // The well-known customers for demos and tests.
    const ava = b.addCustomer(
      1001,
      {
        firstName: 'Ava',
        lastName: 'Thompson',
        company: null,
        email: 'ava.thompson@example.com',
        phone: '(305) 555-0142',
        street: '218 Ocean Bay Dr',
        city: 'Key Largo',
        state: 'FL',
        postalCode: '33037',
      },
      'Prefers email. Keeps the Whaler on the rack, the Catalina on a mooring.',
    );
    b.addBoat(ava, { name: 'Sea Breeze', model: 1, year: 2019, slip: 'Rack 214' });
    b.addBoat(ava, { name: 'Knot Working', model: 34, year: 2008, slip: 'Mooring 12' });
    const avaPlans: [OrderStatus, number, string, number][] = [
      ['completed', 420, 'Bottom paint', 1],
      ['completed', 300, 'Spring commissioning', 0],
      ['paid', 45, 'Outboard 100-hour service', 0],
      ['partial_payment', 30, 'Bilge pump replacement', 0],
      ['in_progress', 10, 'Chartplotter installation', 0],
      ['estimate_sent', 6, 'Zinc anode replacement', 1],
      ['open_estimate', 2, 'Gelcoat repair', 1],
    ];
    for (const [status, ageDays, service, boat] of avaPlans) {
      addOrder(b, ava, { status, ageDays, service, boat, balance: true });
    }

    const liam = b.addCustomer(1002, {
      firstName: 'Liam',
      lastName: 'Carter',
      company: null,
      email: null,
      phone: '(305) 555-0187',
      street: '77 Mangrove Ln',
      city: 'Islamorada',
      state: 'FL',
      postalCode: '33036',
    });
    b.addBoat(liam, { name: 'Reel Therapy', model: 19, year: 2016, slip: 'Rack 131' });
    addOrder(b, liam, { status: 'completed', ageDays: 200, service: 'Outboard 100-hour service' });
    addOrder(b, liam, { status: 'invoiced', ageDays: 12, service: 'Battery replacement' });

    // Generated customers. The first orders take every status in turn so each appears.
    let forced = 0;
    for (let i = 0; i < customerCount - 2; i++) {
      const person = makePerson(rng, 1003 + i);
      if (person.email) {
        // Reserved domains only: a demo invite must never reach a real mailbox.
        person.email = person.email.replace(
          /@.*$/,
          `@${pick(rng, ['example.com', 'example.net', 'example.org'])}`,
        );
      }
      const customer = b.addCustomer(1003 + i, person);
      const boatCount = rng() < 0.7 ? 1 : rng() < 0.75 ? 2 : 3;
      for (let k = 0; k < boatCount; k++) b.addBoat(customer);
      const orderCount = randInt(rng, 0, 4) + (rng() < 0.2 ? randInt(rng, 1, 4) : 0);
      for (let k = 0; k < orderCount; k++) {
        const plan =
          forced < ORDER_STATUSES.length ? planFor(rng, ORDER_STATUSES[forced++]) : randomPlan(rng);
        addOrder(b, customer, plan);
      }
    }

    b.finish();
    const orderLines = workingLines(b.rows);

    await inBatches(b.rows.customers, (rows) => trx.insertInto('customers').values(rows).execute());
    await inBatches(b.rows.boats, (rows) => trx.insertInto('boats').values(rows).execute());
    await inBatches(b.rows.orders, (rows) => trx.insertInto('orders').values(rows).execute());
    await inBatches(b.rows.estimates, (rows) => trx.insertInto('estimates').values(rows).execute());
    // A sent invoice's lines are frozen (0007): invoices go in as drafts, then their lines,
    // then each takes its status.
    await inBatches(b.rows.invoices, (rows) =>
      trx
        .insertInto('invoices')
        .values(rows.map((r) => ({ ...r, status: 'draft' as const })))
        .execute(),
    );
    await inBatches(b.rows.lineItems, (rows) => trx.insertInto('line_items').values(rows).execute());
    await inBatches(orderLines, (rows) => trx.insertInto('line_items').values(rows).execute());
    for (const status of new Set(b.rows.invoices.map((r) => r.status))) {
      if (status === 'draft') continue;
      const ids = b.rows.invoices.filter((r) => r.status === status).map((r) => r.id!);
      await inBatches(ids, (chunk) =>
        trx.updateTable('invoices').set({ status }).where('id', 'in', chunk).execute(),
      );
    }
    await inBatches(b.rows.payments, (rows) => trx.insertInto('payments').values(rows).execute());
    await trx
      .insertInto('catalog_jobs')
      .values(
        DEMO_CATALOG.map((job) => ({
          yard_id: yardId,
          name: job.name,
          description: job.description,
          lines: JSON.stringify(job.lines),
          created_at: yardCreated,
          updated_at: yardCreated,
        })),
      )
      .execute();
    // Two of the yard's yearly reminders (docs/reminders.md), made today: the first mails go
    // out on their next day, not for the years the demo's history covers.
    await trx
      .insertInto('service_reminders')
      .values(
        [
          { name: 'Winterize', service: 'Winterize the engine and systems', month: 10, day: 1 },
          { name: 'Spring commissioning', service: 'Spring commissioning and launch', month: 4, day: 1 },
        ].map((r) => ({
          yard_id: yardId,
          name: r.name,
          message: `Time to book ${r.service.toLowerCase()}: reply through the portal and we will find a date.`,
          service: r.service,
          rule: 'yearly' as const,
          month: r.month,
          day: r.day,
          created_at: new Date(now),
          updated_at: new Date(now),
        })),
      )
      .execute();
    return { yardId, created: true };
  });
}

/**
 * Each demo order's working lines, as staff would have left them: a copy of its invoice's
 * lines, or of its estimate's when it has no invoice.
 */
function workingLines(rows: {
  estimates: readonly { id?: string; order_id: string }[];
  invoices: readonly { id?: string; order_id: string }[];
  lineItems: readonly Insertable<DB['line_items']>[];
}): Insertable<DB['line_items']>[] {
  const orderOf = new Map<string, string>();
  const source = new Map<string, string>();
  for (const e of rows.estimates) {
    orderOf.set(e.id!, e.order_id);
    if (!source.has(e.order_id)) source.set(e.order_id, e.id!);
  }
  for (const i of rows.invoices) {
    orderOf.set(i.id!, i.order_id);
    source.set(i.order_id, i.id!);
  }
  return rows.lineItems.flatMap((line) => {
    const doc = line.invoice_id ?? line.estimate_id;
    const order = doc ? orderOf.get(doc) : undefined;
    if (!doc || !order || source.get(order) !== doc) return [];
    return [{ ...line, estimate_id: null, invoice_id: null, order_id: order }];
  });
}
