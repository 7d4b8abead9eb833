import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptedEstimateOrder, billingYard, sentInvoice } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { orderWithLines } from '../../../test/support/estimate-fixtures.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { pdfText } from '../../../test/support/pdf-text.js';

describeEachEngine('invoice PDF taxes after the yard changes its rates', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  const raiseLabourTax = (yardId: string) =>
    db().db.updateTable('yards').set({ tax_labor_bp: 900 }).where('id', '=', yardId).execute();

  it('an invoice of an accepted estimate shows the tax rows it was taxed with', async () => {
    const y = await billingYard(h, db().db);
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    const id = await sentInvoice(y.agent, o.order.id, { from: 'estimate', estimateId: o.estimate!.id });
    await raiseLabourTax(y.yard.id);
    const res = await y.agent.get(`/api/staff/invoices/${id}/pdf`);
    expect(res.statusCode).toBe(200);
    const { text } = pdfText(res.rawPayload);
    // Labour $300.00 at 5 % and parts $269.97 at 7 %: $15.00 + $18.90 = $33.90; total $603.87.
    expect(text).toContain('Tax on labour (5 %)');
    expect(text).toContain('$15.00');
    expect(text).not.toContain('9 %');
    expect(text).not.toContain('$27.00');
    expect(text).toContain('$603.87');
  });

  it('an invoice of the order lines never shows tax rows that do not add up to its tax', async () => {
    const y = await billingYard(h, db().db);
    const { order } = await orderWithLines(db().db, y.yard.id, y.me.customer.id);
    const id = await sentInvoice(y.agent, order.id, { from: 'lines' });
    const before = pdfText((await y.agent.get(`/api/staff/invoices/${id}/pdf`)).rawPayload).text;
    expect(before).toContain('Tax on labour (5 %)');
    await raiseLabourTax(y.yard.id);
    const after = pdfText((await y.agent.get(`/api/staff/invoices/${id}/pdf`)).rawPayload).text;
    expect(after).not.toContain('Tax on labour (9 %)');
    expect(after).toContain('Tax');
  });
});
