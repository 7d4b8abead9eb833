import { afterAll, beforeAll, expect, it } from 'vitest';
import { billingYard, counterPay, sentInvoice } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { orderWithLines } from '../../../test/support/estimate-fixtures.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import type { OrderBillingResponse } from '../../shared/api-types.js';

describeEachEngine('deposits on later invoices', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('a deposit is taken off one invoice of the order, not again off the next', async () => {
    const y = await billingYard(h, db().db);
    const { order } = await orderWithLines(db().db, y.yard.id, y.me.customer.id);
    const deposit = await sentInvoice(y.agent, order.id, { from: 'deposit', amountCents: 10_000 });
    const first = await y.agent.post(`/api/staff/orders/${order.id}/invoices`, { from: 'lines' });
    expect(first.statusCode, first.body).toBe(201);
    // More work invoiced later on the same order.
    const second = await y.agent.post(`/api/staff/orders/${order.id}/invoices`, { from: 'lines' });
    expect(second.statusCode, second.body).toBe(201);
    const billing = (
      await y.agent.get(`/api/staff/orders/${order.id}/billing`)
    ).json() as OrderBillingResponse;
    const depositLines = (id: string) =>
      billing.invoices.find((i) => i.id === id)!.lines.filter((l) => l.kind === 'deposit');
    const depositNumber = billing.invoices.find((i) => i.id === deposit)!.number;
    expect(depositLines(first.json().invoiceId)).toEqual([
      expect.objectContaining({
        description: `Less deposit invoiced on invoice #${depositNumber}`,
        totalCents: -10_000,
      }),
    ]);
    expect(depositLines(second.json().invoiceId)).toEqual([]);
    const firstTotal = billing.invoices.find((i) => i.id === first.json().invoiceId)!.totalCents;
    const secondTotal = billing.invoices.find((i) => i.id === second.json().invoiceId)!.totalCents;
    expect(secondTotal).toBe(firstTotal + 10_000);

    // The first one deleted (it was a draft): the next invoice takes the deposit off again.
    expect((await y.agent.delete(`/api/staff/invoices/${first.json().invoiceId}`)).statusCode).toBe(200);
    expect((await y.agent.delete(`/api/staff/invoices/${second.json().invoiceId}`)).statusCode).toBe(200);
    const third = await y.agent.post(`/api/staff/orders/${order.id}/invoices`, { from: 'lines' });
    expect(third.json().billing.invoices.at(-1).totalCents).toBe(firstTotal);
  });

  it('a final invoice the paid deposit covers in full is paid when sent, not left open at $0.00', async () => {
    const y = await billingYard(h, db().db);
    const { order } = await orderWithLines(db().db, y.yard.id, y.me.customer.id);
    const probe = await y.agent.post(`/api/staff/orders/${order.id}/invoices`, { from: 'lines' });
    const total = probe.json().billing.invoices[0].totalCents as number;
    expect((await y.agent.delete(`/api/staff/invoices/${probe.json().invoiceId}`)).statusCode).toBe(200);
    const deposit = await sentInvoice(y.agent, order.id, { from: 'deposit', amountCents: total });
    expect((await counterPay(y.agent, deposit, { method: 'cash', amountCents: total })).statusCode).toBe(200);
    const final = await sentInvoice(y.agent, order.id, { from: 'lines' });
    const billing = (
      await y.agent.get(`/api/staff/orders/${order.id}/billing`)
    ).json() as OrderBillingResponse;
    expect(billing.invoices.find((i) => i.id === final)).toMatchObject({
      totalCents: 0,
      balanceCents: 0,
      status: 'paid',
    });
    const row = await db()
      .db.selectFrom('orders')
      .select('status')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('paid');
  });
});
