import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  acceptedEstimateOrder,
  billingYard,
  counterPay,
  sentInvoice,
} from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { pdfText } from '../../../test/support/pdf-text.js';

describeEachEngine('receipt email after a credit note', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it('says the invoice is paid in full when payment and credit together cover it', async () => {
    const y = await billingYard(h, db().db);
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    // $603.87: $103.87 credited, $500.00 paid at the counter.
    const id = await sentInvoice(y.agent, o.order.id, { from: 'estimate', estimateId: o.estimate!.id });
    await h.sink.waitForMail(y.me.customer.email!, 1);
    const credit = await y.agent.post(`/api/staff/invoices/${id}/credit-note`, {
      amountCents: 10_387,
      reason: 'Goodwill',
    });
    expect(credit.statusCode, credit.body).toBe(200);
    const paid = await counterPay(y.agent, id, { method: 'cash', amountCents: 50_000 });
    expect(paid.statusCode, paid.body).toBe(200);
    const receipt = (await h.sink.waitForMail(y.me.customer.email!, 2))[1]!;
    expect(receipt.parsed.subject).toContain('Receipt: $500.00');
    expect(receipt.parsed.text).toContain('This invoice is now paid in full.');
    expect(receipt.parsed.text).not.toContain('Balance still due');
  });

  it("speaks the yard's currency and dates the payment on the yard's clock", async () => {
    const y = await billingYard(h, db().db);
    await db()
      .db.updateTable('yards')
      .set({ currency: 'EUR', timezone: 'Pacific/Auckland' })
      .where('id', '=', y.yard.id)
      .execute();
    // 23:30 UTC on 4 December 2026 is 12:30 on 5 December in Auckland.
    h.clock.set(new Date('2026-12-04T23:30:00Z'));
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    // The fixture dates the estimate by the machine's clock; this test is about the yard's.
    await db()
      .db.updateTable('estimates')
      .set({ sent_at: h.clock.now(), created_at: h.clock.now() })
      .where('id', '=', o.estimate!.id)
      .execute();
    const id = await sentInvoice(y.agent, o.order.id, { from: 'estimate', estimateId: o.estimate!.id });
    const [invoiceMail] = await h.sink.waitForMail(y.me.customer.email!, 1);
    expect(invoiceMail.parsed.text).toMatch(/Balance due: €603\.87/);
    expect(invoiceMail.parsed.text).not.toContain('$');
    const paid = await counterPay(y.agent, id, { method: 'cash', amountCents: 50_000 });
    expect(paid.statusCode, paid.body).toBe(200);
    const receipt = (await h.sink.waitForMail(y.me.customer.email!, 2))[1]!;
    expect(receipt.parsed.subject).toContain('Receipt: €500.00');
    expect(receipt.parsed.text).toContain('Date: 2026-12-05.');
    expect(receipt.parsed.text).toContain('Balance still due on this invoice: €103.87.');
    // The estimate's and the invoice's PDFs too: the yard's day, the yard's currency.
    for (const url of [`/api/staff/estimates/${o.estimate!.id}/pdf`, `/api/staff/invoices/${id}/pdf`]) {
      const res = await y.agent.get(url);
      expect(res.statusCode, url).toBe(200);
      const { text } = pdfText(res.rawPayload);
      expect(text, url).toContain('€603.87');
      expect(text, url).not.toContain('$');
      expect(text, url).toContain('2026-12-05');
    }
  });
});
