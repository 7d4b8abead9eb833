import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, OrderStatus } from '../../src/db/schema.js';
import { hashPassword } from '../../src/modules/accounts/password-hash.js';
import { makeCustomer } from './factories.js';
import type { Harness } from './harness.js';

export const CUSTOMER_PASSWORD = 'copper finch quilt meadow';
let passwordHash: Promise<string> | null = null;
let number = 700_000 + Math.floor(Math.random() * 100_000);

/** A customer with a portal account, signed in through the real sign-in route. */
export async function signedInCustomer(h: Harness, db: Kysely<DB>, yard: { id: string; slug: string }) {
  const customer = await makeCustomer(db, yard.id);
  passwordHash ??= hashPassword(CUSTOMER_PASSWORD);
  const account = await db
    .insertInto('portal_accounts')
    .values({
      yard_id: yard.id,
      customer_id: customer.id,
      login_email: customer.email!,
      password_hash: await passwordHash,
      activated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const agent = h.agent();
  const res = await agent.post(`/api/portal/${yard.slug}/sign-in`, {
    email: customer.email,
    password: CUSTOMER_PASSWORD,
  });
  if (res.statusCode !== 200) throw new Error(`portal sign-in failed: ${res.statusCode} ${res.body}`);
  return { customer, account, agent };
}

/**
 * An order with a boat, and a sent estimate and/or an open invoice with line items whose
 * totals add up (parts taxed at 7 %).
 */
export async function makeOrder(
  db: Kysely<DB>,
  yardId: string,
  customerId: string,
  opts: {
    status?: OrderStatus;
    estimate?: 'draft' | 'sent';
    invoice?: boolean;
    depositCents?: number;
    /** The invoice's due date, YYYY-MM-DD (none unless given). */
    dueOn?: string;
  } = {},
) {
  const boat = await db
    .insertInto('boats')
    .values({ yard_id: yardId, customer_id: customerId, name: `Sea Otter ${randomBytes(3).toString('hex')}` })
    .returningAll()
    .executeTakeFirstOrThrow();
  const order = await db
    .insertInto('orders')
    .values({
      yard_id: yardId,
      customer_id: customerId,
      boat_id: boat.id,
      number: ++number,
      title: 'Engine service and bottom paint',
      status: opts.status ?? 'estimate_sent',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const items = (owner: { estimate_id?: string; invoice_id?: string }) =>
    [
      {
        kind: 'labor' as const,
        description: 'Haul and block',
        quantity: 1,
        unit_price_cents: 45_000,
        total_cents: 45_000,
      },
      {
        kind: 'part' as const,
        description: 'Bottom paint (gal)',
        quantity: 3,
        unit_price_cents: 8_999,
        total_cents: 26_997,
      },
    ].map((li, i) => ({
      ...li,
      yard_id: yardId,
      position: i + 1,
      estimate_id: owner.estimate_id ?? null,
      invoice_id: owner.invoice_id ?? null,
    }));
  // 45,000 + 26,997 = 71,997; tax 7 % of 26,997 = 1,890 (rounded); total 73,887.
  const totals = { subtotal_cents: 71_997, tax_cents: 1_890, total_cents: 73_887 };
  let estimate = null;
  if (opts.estimate) {
    estimate = await db
      .insertInto('estimates')
      .values({
        yard_id: yardId,
        order_id: order.id,
        customer_id: customerId,
        number: order.number,
        status: opts.estimate,
        ...totals,
        sent_at: opts.estimate === 'sent' ? new Date() : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await db
      .insertInto('line_items')
      .values(items({ estimate_id: estimate.id }))
      .execute();
  }
  let invoice = null;
  if (opts.invoice) {
    invoice = await db
      .insertInto('invoices')
      .values({
        yard_id: yardId,
        order_id: order.id,
        customer_id: customerId,
        number: order.number,
        status: 'draft',
        ...totals,
        deposit_cents: opts.depositCents ?? null,
        due_on: opts.dueOn ?? null,
        issued_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await db
      .insertInto('line_items')
      .values(items({ invoice_id: invoice.id }))
      .execute();
    // A sent invoice's lines are frozen (0007), so the lines go in while it is a draft.
    invoice = await db
      .updateTable('invoices')
      .set({ status: 'open' })
      .where('id', '=', invoice.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return { boat, order, estimate, invoice };
}

let keySeq = 0;
/** A fresh Idempotency-Key, as a browser makes one per payment attempt. */
export const newKey = () => `test-${randomBytes(8).toString('hex')}-${++keySeq}`;
