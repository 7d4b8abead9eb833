import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { makeYard, STAFF_PASSWORD } from './factories.js';
import type { Agent, Harness } from './harness.js';
import { makeOrder, newKey, signedInCustomer } from './order-fixtures.js';

/** A yard (parts taxed 7 %, labour 5 %), its signed-in staff, and a signed-in customer. */
export async function billingYard(h: Harness, db: Kysely<DB>) {
  const { yard, staff } = await makeYard(db);
  await db
    .updateTable('yards')
    .set({
      tax_labor_bp: 500,
      invoice_due_days: 14,
      invoice_terms: 'Net 14. Boats leave the yard once paid.',
    })
    .where('id', '=', yard.id)
    .execute();
  const agent = h.agent();
  await agent.signInStaff(staff.email, STAFF_PASSWORD);
  const me = await signedInCustomer(h, db, yard);
  return { yard, staff, agent, me };
}

/**
 * An order whose estimate the customer accepted with one optional line declined: the
 * snapshot holds all three lines, each marked accepted or not as the portal stores them,
 * and the accepted totals.
 */
export async function acceptedEstimateOrder(
  db: Kysely<DB>,
  yardId: string,
  customerId: string,
  accountId: string,
) {
  const o = await makeOrder(db, yardId, customerId, { status: 'in_progress', estimate: 'sent' });
  // Priced at the yard's rates (labour 5 %, parts 7 %), which the estimate keeps.
  await db
    .updateTable('estimates')
    .set({ status: 'accepted', tax_labor_bp: 500, tax_parts_bp: 700 })
    .where('id', '=', o.estimate!.id)
    .execute();
  // Labour 2.5 h × $120 = $300.00 (5 % = $15.00); part 3 × $89.99 = $269.97 (7 % = $18.90);
  // the declined optional wax $150.00 is not in the totals: 569.97 + 33.90 = $603.87.
  const snapshot = [
    {
      position: 1,
      kind: 'labor',
      description: 'Engine service',
      quantity: '2.5',
      unitPriceCents: 12_000,
      totalCents: 30_000,
      taxClass: 'labor',
    },
    {
      position: 2,
      kind: 'part',
      description: 'Oil filter',
      quantity: '3',
      unitPriceCents: 8_999,
      totalCents: 26_997,
      taxClass: 'parts',
    },
    {
      position: 3,
      kind: 'fee',
      description: 'Hull wax',
      quantity: '1',
      unitPriceCents: 15_000,
      totalCents: 15_000,
      taxClass: 'fees',
      optional: true,
      accepted: false,
    },
  ];
  await db
    .insertInto('estimate_acceptances')
    .values({
      yard_id: yardId,
      estimate_id: o.estimate!.id,
      customer_id: customerId,
      account_id: accountId,
      accepted_at: new Date(),
      revision: 1,
      subtotal_cents: 56_997,
      tax_cents: 3_390,
      total_cents: 60_387,
      line_items: JSON.stringify(snapshot),
    })
    .execute();
  return o;
}

/** Creates an invoice through the API and sends it; returns its id. */
export async function sentInvoice(agent: Agent, orderId: string, body: object) {
  const created = await agent.post(`/api/staff/orders/${orderId}/invoices`, body);
  if (created.statusCode !== 201) throw new Error(`create invoice: ${created.statusCode} ${created.body}`);
  const id = created.json().invoiceId as string;
  const sent = await agent.post(`/api/staff/invoices/${id}/send`);
  if (sent.statusCode !== 200) throw new Error(`send invoice: ${sent.statusCode} ${sent.body}`);
  return id;
}

/** Records a counter payment through the API. */
export const counterPay = (agent: Agent, invoiceId: string, body: object, key = newKey()) =>
  agent.post(`/api/staff/invoices/${invoiceId}/payments`, body, { headers: { 'idempotency-key': key } });
