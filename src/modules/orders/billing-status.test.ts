import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptedEstimateOrder, billingYard, sentInvoice } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';

describeEachEngine('order status after billing changes', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  const statusOf = async (orderId: string) =>
    (await db().db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow())
      .status;

  it('a credit note on an invoice nothing was paid on leaves the order invoiced, not part-paid', async () => {
    const y = await billingYard(h, db().db);
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    const id = await sentInvoice(y.agent, o.order.id, { from: 'estimate', estimateId: o.estimate!.id });
    expect(await statusOf(o.order.id)).toBe('invoiced');
    const credit = await y.agent.post(`/api/staff/invoices/${id}/credit-note`, {
      amountCents: 1_000,
      reason: 'Goodwill',
    });
    expect(credit.statusCode, credit.body).toBe(200);
    expect(await statusOf(o.order.id)).toBe('invoiced');
  });
});
