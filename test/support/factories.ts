import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CustomersTable, DB } from '../../src/db/schema.js';
import { hashPassword } from '../../src/modules/accounts/password-hash.js';
import { normalizePhone } from '../../src/modules/customers/phone.js';

const unique = () => randomBytes(4).toString('hex');

export const STAFF_PASSWORD = 'correct horse battery staple';

/** A yard of its own per test, so tests never see each other's rows. */
export async function makeYard(db: Kysely<DB>, name = 'Test Marina') {
  const slug = `yard-${unique()}`;
  const yard = await db
    .insertInto('yards')
    .values({
      slug,
      name: `${name} ${slug.slice(5)}`,
      email: `office@${slug}.test`,
      phone: '(305) 555-0100',
      tax_parts_bp: 700,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const staff = await db
    .insertInto('staff_users')
    .values({
      yard_id: yard.id,
      email: `staff-${unique()}@${slug}.test`,
      name: 'Dana Whitfield',
      role: 'owner',
      password_hash: await hashPassword(STAFF_PASSWORD),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { yard, staff };
}

let customerNumber = 1000;

export async function makeCustomer(
  db: Kysely<DB>,
  yardId: string,
  over: Partial<Pick<CustomersTable, 'first_name' | 'last_name' | 'email' | 'phone'>> = {},
) {
  const tag = unique();
  const phone =
    over.phone === undefined ? `(305) 555-${String(1000 + Math.floor(Math.random() * 8999))}` : over.phone;
  const normalized = normalizePhone(phone);
  return db
    .insertInto('customers')
    .values({
      yard_id: yardId,
      customer_number: ++customerNumber,
      first_name: over.first_name ?? 'Marisol',
      last_name: over.last_name ?? `Quintero-${tag}`,
      email: over.email === undefined ? `marisol.${tag}@example.com` : over.email,
      phone,
      phone_e164: normalized?.e164 ?? null,
      phone_digits: normalized?.digits ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A boat and an order in progress with an invoice, so "order history" has something to show. */
export async function makeOrderHistory(db: Kysely<DB>, yardId: string, customerId: string) {
  const boat = await db
    .insertInto('boats')
    .values({
      yard_id: yardId,
      customer_id: customerId,
      name: `Blue Heron ${unique()}`,
      make: 'Boston Whaler',
      model: 'Montauk 170',
      year: 2019,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const number = 5000 + Math.floor(Math.random() * 1_000_000);
  const order = await db
    .insertInto('orders')
    .values({
      yard_id: yardId,
      customer_id: customerId,
      boat_id: boat.id,
      number,
      title: 'Bottom paint and zincs',
      status: 'invoiced',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const invoice = await db
    .insertInto('invoices')
    .values({
      yard_id: yardId,
      order_id: order.id,
      customer_id: customerId,
      number,
      status: 'open',
      subtotal_cents: 120000,
      tax_cents: 8400,
      total_cents: 128400,
      issued_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { boat, order, invoice };
}
