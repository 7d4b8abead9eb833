import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptedEstimateOrder, billingYard, sentInvoice } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { orderWithLines } from '../../../test/support/estimate-fixtures.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newKey } from '../../../test/support/order-fixtures.js';
import type { OrderBillingResponse } from '../../shared/api-types.js';

describeEachEngine('dates that are not on the calendar', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('are a 422 naming the field on every order, estimate and payment date, and nothing is written', async () => {
    const y = await billingYard(h, db().db);
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    const inv = await sentInvoice(y.agent, o.order.id, { from: 'estimate', estimateId: o.estimate!.id });
    const { order, boat } = await orderWithLines(db().db, y.yard.id, y.me.customer.id);
    const est = (await y.agent.post(`/api/staff/orders/${order.id}/estimates`, {})).json().estimate;

    const refused = async (res: { statusCode: number; body: string }, field: string) => {
      expect(res.statusCode, res.body).toBe(422);
      expect(JSON.parse(res.body).message).toMatch(new RegExp(`^${field}: .*(not a real date|not a date)`));
    };
    for (const bad of ['2026-02-31', '0000-01-01']) {
      await refused(
        await y.agent.post('/api/staff/orders', {
          customerId: y.me.customer.id,
          boatId: boat.id,
          title: 'Haul out',
          scheduledFor: bad,
        }),
        'scheduledFor',
      );
      await refused(await y.agent.patch(`/api/staff/orders/${order.id}`, { promisedOn: bad }), 'promisedOn');
      await refused(await y.agent.patch(`/api/staff/estimates/${est.id}`, { validUntil: bad }), 'validUntil');
      await refused(
        await y.agent.post(
          `/api/staff/invoices/${inv}/payments`,
          { method: 'cash', amountCents: 100, receivedOn: bad },
          { headers: { 'idempotency-key': newKey() } },
        ),
        'receivedOn',
      );
      await refused(await y.agent.get(`/api/staff/orders?from=${bad}`), 'from');
    }
    await refused(
      await y.agent.post(
        `/api/staff/invoices/${inv}/payments`,
        { method: 'cash', amountCents: 100, receivedOn: '2026-13-45' },
        { headers: { 'idempotency-key': newKey() } },
      ),
      'receivedOn',
    );
    const billing = (
      await y.agent.get(`/api/staff/orders/${o.order.id}/billing`)
    ).json() as OrderBillingResponse;
    expect(billing.payments).toEqual([]);
    const orders = await db().db.selectFrom('orders').select('id').where('yard_id', '=', y.yard.id).execute();
    expect(orders).toHaveLength(2);
  });
});
