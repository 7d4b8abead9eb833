// Longer than most files on purpose: every way an invoice is made, sent, voided, re-issued and
// credited, against one set of fixtures, with the database's own refusals beside the API's.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  acceptedEstimateOrder,
  billingYard,
  counterPay,
  sentInvoice,
} from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { approval, orderWithLines } from '../../../test/support/estimate-fixtures.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import type { OrderBillingResponse } from '../../shared/api-types.js';

describeEachEngine('invoices', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function setup() {
    const y = await billingYard(h, db().db);
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    const billing = async () =>
      (await y.agent.get(`/api/staff/orders/${o.order.id}/billing`)).json() as OrderBillingResponse;
    const invoice = async (id: string) => (await billing()).invoices.find((i) => i.id === id)!;
    return { ...y, o, billing, invoice };
  }

  it('from the accepted estimate: the snapshot lines without the declined optional line, at its total', async () => {
    const s = await setup();
    const res = await s.agent.post(`/api/staff/orders/${s.o.order.id}/invoices`, {
      from: 'estimate',
      estimateId: s.o.estimate!.id,
    });
    expect(res.statusCode).toBe(201);
    const inv = await s.invoice(res.json().invoiceId);
    expect(inv).toMatchObject({
      kind: 'standard',
      status: 'draft',
      subtotalCents: 56_997,
      taxCents: 3_390,
      totalCents: 60_387,
    });
    expect(inv.lines.map((l) => l.description)).toEqual(['Engine service', 'Oil filter']);
    expect(inv.lines[0]).toMatchObject({ quantity: '2.5', totalCents: 30_000, taxClass: 'labor' });
    expect(inv.terms).toBe('Net 14. Boats leave the yard once paid.');
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(inv.dueOn).toBe(due);
  });

  it('an estimate sent, then accepted in the portal with its optional line declined, invoices at the accepted total', async () => {
    const s = await setup();
    const { order } = await orderWithLines(db().db, s.yard.id, s.me.customer.id);
    const draft = await s.agent.post(`/api/staff/orders/${order.id}/estimates`);
    const estimate = draft.json().estimate;
    expect((await s.agent.post(`/api/staff/estimates/${estimate.id}/send`)).statusCode).toBe(200);
    const wrap = estimate.lineItems.find((l: { optional: boolean }) => l.optional);
    const accepted = await s.me.agent.post(
      `/api/portal/${s.yard.slug}/estimates/${estimate.id}/accept`,
      approval([wrap.id]),
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    // The yard raises its rates afterwards: the invoice still comes to what was accepted.
    await db().db.updateTable('yards').set({ tax_labor_bp: 900 }).where('id', '=', s.yard.id).execute();
    const res = await s.agent.post(`/api/staff/orders/${order.id}/invoices`, {
      from: 'estimate',
      estimateId: estimate.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const inv = res.json().billing.invoices[0];
    expect(inv).toMatchObject({ subtotalCents: 44_997, taxCents: 2_857, totalCents: 47_854 });
    expect(inv.lines.map((l: { description: string }) => l.description)).toEqual([
      'Haul and block',
      'Bottom paint (gal)',
    ]);
  });

  it('an estimate not accepted cannot be invoiced; an order without lines has nothing to invoice', async () => {
    const s = await setup();
    const o2 = await makeOrder(db().db, s.yard.id, s.me.customer.id, { estimate: 'sent' });
    const res = await s.agent.post(`/api/staff/orders/${o2.order.id}/invoices`, {
      from: 'estimate',
      estimateId: o2.estimate!.id,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ESTIMATE_NOT_ACCEPTED');
    const none = await s.agent.post(`/api/staff/orders/${o2.order.id}/invoices`, { from: 'lines' });
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe('NOTHING_TO_INVOICE');
    expect(
      await db().db.selectFrom('invoices').select('id').where('order_id', '=', o2.order.id).execute(),
    ).toEqual([]);
  });

  it("from the order's working lines, fractional quantities and a discount, totals by the money rule", async () => {
    const s = await setup();
    const line = (
      position: number,
      kind: string,
      description: string,
      quantity: string,
      price: number,
      taxClass: string,
    ) => ({
      yard_id: s.yard.id,
      order_id: s.o.order.id,
      position,
      kind: kind as 'labor',
      description,
      quantity,
      unit_price_cents: price,
      total_cents: 0,
      tax_class: taxClass as 'labor',
    });
    await db()
      .db.insertInto('line_items')
      .values([
        line(1, 'labor', 'Rigging check', '1.25', 9_950, 'labor'),
        line(2, 'part', 'Fuel (gal)', '12.33', 499, 'parts'),
        line(3, 'discount', 'Loyal customer', '1', -1_000, 'parts'),
      ])
      .execute();
    const res = await s.agent.post(`/api/staff/orders/${s.o.order.id}/invoices`, { from: 'lines' });
    expect(res.statusCode).toBe(201);
    const inv = await s.invoice(res.json().invoiceId);
    // 1.25 × 99.50 = 124.375 → 124.38; 12.33 × 4.99 = 61.5267 → 61.53; −10.00.
    expect(inv.lines.map((l) => l.totalCents)).toEqual([12_438, 6_153, -1_000]);
    // labour 5 % of 124.38 = 6.219 → 6.22; parts 7 % of 51.53 = 3.6071 → 3.61.
    expect(inv).toMatchObject({ subtotalCents: 17_591, taxCents: 983, totalCents: 18_574 });
  });

  it('a deposit by percent and one by amount; the final invoice deducts the one that was sent', async () => {
    const s = await setup();
    const pct = await s.agent.post(`/api/staff/orders/${s.o.order.id}/invoices`, {
      from: 'deposit',
      percent: 33.33,
    });
    expect(pct.statusCode).toBe(201);
    const dep = await s.invoice(pct.json().invoiceId);
    // 33.33 % of $603.87 = 201.269871 → $201.27, one untaxed line.
    expect(dep).toMatchObject({ kind: 'deposit', totalCents: 20_127, taxCents: 0, depositCents: 20_127 });
    expect(dep.lines).toEqual([
      expect.objectContaining({
        kind: 'deposit',
        description: `Deposit on estimate #${s.o.estimate!.number}`,
        taxClass: 'none',
      }),
    ]);
    const amt = await s.agent.post(`/api/staff/orders/${s.o.order.id}/invoices`, {
      from: 'deposit',
      amountCents: 5_000,
    });
    expect((await s.invoice(amt.json().invoiceId)).totalCents).toBe(5_000);
    const both = await s.agent.post(`/api/staff/orders/${s.o.order.id}/invoices`, {
      from: 'deposit',
      amountCents: 1,
      percent: 5,
    });
    expect(both.statusCode).toBe(422);

    await s.agent.post(`/api/staff/invoices/${dep.id}/send`);
    expect(
      (
        await db()
          .db.selectFrom('orders')
          .select('status')
          .where('id', '=', s.o.order.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('deposit_requested');
    const fin = await s.agent.post(`/api/staff/orders/${s.o.order.id}/invoices`, {
      from: 'estimate',
      estimateId: s.o.estimate!.id,
    });
    const final = await s.invoice(fin.json().invoiceId);
    // The $50.00 deposit is still a draft: never asked of the customer, so not taken off.
    expect(final.lines.filter((l) => l.kind === 'deposit').map((l) => l.totalCents)).toEqual([-20_127]);
    // The tax stays on the work; the deposit comes off the total.
    expect(final).toMatchObject({ taxCents: 3_390, totalCents: 60_387 - 20_127 });
  });

  it('sending issues the draft, moves the order to invoiced and emails the customer a link and the PDF', async () => {
    const s = await setup();
    const id = await sentInvoice(s.agent, s.o.order.id, { from: 'estimate', estimateId: s.o.estimate!.id });
    const inv = await s.invoice(id);
    expect(inv.status).toBe('open');
    expect(inv.issuedAt).not.toBeNull();
    const order = await db()
      .db.selectFrom('orders')
      .select('status')
      .where('id', '=', s.o.order.id)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('invoiced');
    const [mail] = await h.sink.waitForMail(s.me.customer.email!);
    expect(mail.parsed.subject).toContain(`Invoice #${inv.number}`);
    expect(mail.parsed.text).toContain(`/portal/${s.yard.slug}/orders/${s.o.order.id}`);
    const pdf = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
    expect(pdf.filename).toBe(`invoice-${inv.number}.pdf`);
    const { text } = pdfText(pdf.content);
    expect(text).toContain('Engine service');
    expect(text).not.toContain('Hull wax');
    expect(text).toContain('$603.87');
    const again = await s.agent.post(`/api/staff/invoices/${id}/send`);
    expect(again.statusCode).toBe(409);
  });

  it('a sent invoice is never edited: the API answers 409 and the database refuses a direct change', async () => {
    const s = await setup();
    const id = await sentInvoice(s.agent, s.o.order.id, { from: 'estimate', estimateId: s.o.estimate!.id });
    const del = await s.agent.delete(`/api/staff/invoices/${id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('INVOICE_FROZEN');
    await expect(
      db().db.updateTable('invoices').set({ total_cents: 1 }).where('id', '=', id).execute(),
    ).rejects.toThrow(/cannot be edited/);
    await expect(
      db().db.updateTable('line_items').set({ unit_price_cents: 1 }).where('invoice_id', '=', id).execute(),
    ).rejects.toThrow(/cannot change/);
    expect((await s.invoice(id)).totalCents).toBe(60_387);
  });

  it('a draft may be deleted and made again', async () => {
    const s = await setup();
    const res = await s.agent.post(`/api/staff/orders/${s.o.order.id}/invoices`, {
      from: 'estimate',
      estimateId: s.o.estimate!.id,
    });
    const del = await s.agent.delete(`/api/staff/invoices/${res.json().invoiceId}`);
    expect(del.statusCode).toBe(200);
    expect(del.json().billing.invoices).toEqual([]);
  });

  it('void with payments is refused; refunded, it voids; a void invoice is re-issued as a new draft', async () => {
    const s = await setup();
    const id = await sentInvoice(s.agent, s.o.order.id, { from: 'estimate', estimateId: s.o.estimate!.id });
    const paid = await counterPay(s.agent, id, { method: 'cash', amountCents: 10_000 });
    expect(paid.statusCode).toBe(200);
    const refused = await s.agent.post(`/api/staff/invoices/${id}/void`, { reason: 'Wrong boat' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('refund the payments first or issue a credit note');
    const payment = (await s.billing()).payments[0];
    expect(
      (
        await s.agent.post(`/api/staff/payments/${payment.id}/refunds`, {
          amountCents: 10_000,
          reason: 'Wrong boat',
        })
      ).statusCode,
    ).toBe(200);
    const voided = await s.agent.post(`/api/staff/invoices/${id}/void`, { reason: 'Wrong boat' });
    expect(voided.statusCode).toBe(200);
    const inv = await s.invoice(id);
    expect(inv).toMatchObject({ status: 'void', voidReason: 'Wrong boat', balanceCents: 0 });
    // Void is final, in the API and in the database.
    expect((await s.agent.post(`/api/staff/invoices/${id}/void`, { reason: 'again' })).statusCode).toBe(409);
    expect((await s.agent.delete(`/api/staff/invoices/${id}`)).statusCode).toBe(409);
    await expect(
      db().db.updateTable('invoices').set({ paid_cents: 0, status: 'open' }).where('id', '=', id).execute(),
    ).rejects.toThrow(/void and cannot change/);

    const re = await s.agent.post(`/api/staff/invoices/${id}/reissue`);
    expect(re.statusCode).toBe(200);
    const fresh = await s.invoice(re.json().invoiceId);
    expect(fresh).toMatchObject({ status: 'draft', replacesInvoiceId: id, totalCents: 60_387 });
    expect(fresh.number).not.toBe(inv.number);
    expect(fresh.lines.map((l) => l.description)).toEqual(['Engine service', 'Oil filter']);
    expect((await s.agent.post(`/api/staff/invoices/${fresh.id}/reissue`)).json().code).toBe(
      'INVOICE_NOT_VOID',
    );
  });

  it('a credit note lowers the balance, is numbered with invoices, and never exceeds the balance', async () => {
    const s = await setup();
    const id = await sentInvoice(s.agent, s.o.order.id, { from: 'estimate', estimateId: s.o.estimate!.id });
    await counterPay(s.agent, id, { method: 'cash', amountCents: 50_000 });
    const over = await s.agent.post(`/api/staff/invoices/${id}/credit-note`, {
      amountCents: 10_388,
      reason: 'Goodwill',
    });
    expect(over.statusCode).toBe(409);
    expect(over.json().message).toContain('$103.87');
    const ok = await s.agent.post(`/api/staff/invoices/${id}/credit-note`, {
      amountCents: 387,
      reason: 'Rounding goodwill',
    });
    expect(ok.statusCode).toBe(200);
    const note = await s.invoice(ok.json().invoiceId);
    const inv = await s.invoice(id);
    expect(note).toMatchObject({
      kind: 'credit_note',
      correctsInvoiceId: id,
      totalCents: 387,
      balanceCents: 0,
    });
    expect(note.number).toBeGreaterThan(inv.number);
    expect(inv).toMatchObject({ creditedCents: 387, balanceCents: 10_000, status: 'partial' });
    // The database is the backstop: crediting past the balance breaks its CHECK.
    await expect(
      db().db.updateTable('invoices').set({ credited_cents: 10_388 }).where('id', '=', id).execute(),
    ).rejects.toThrow(/invoices_not_overpaid/);
    // The customer sees the lower balance and the credit note, which owes nothing.
    const portal = (await s.me.agent.get(`/api/portal/${s.yard.slug}/orders/${s.o.order.id}`)).json();
    const seen = (i: string) => portal.invoices.find((x: { id: string }) => x.id === i);
    expect(seen(id)).toMatchObject({ balanceCents: 10_000, creditedCents: 387 });
    expect(seen(note.id)).toMatchObject({ kind: 'credit_note', balanceCents: 0 });
    // The rest paid: the invoice and the order are paid.
    expect((await counterPay(s.agent, id, { method: 'cash', amountCents: 10_000 })).statusCode).toBe(200);
    expect((await s.invoice(id)).status).toBe('paid');
    const order = await db()
      .db.selectFrom('orders')
      .select('status')
      .where('id', '=', s.o.order.id)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('paid');
  });

  it("another yard's staff get 404 on every billing route, and nothing changes", async () => {
    const s = await setup();
    const id = await sentInvoice(s.agent, s.o.order.id, { from: 'estimate', estimateId: s.o.estimate!.id });
    await counterPay(s.agent, id, { method: 'cash', amountCents: 1_000 });
    const paymentId = (await s.billing()).payments[0].id;
    const other = await billingYard(h, db().db);
    const tries: [string, string, object?][] = [
      ['GET', `/api/staff/orders/${s.o.order.id}/billing`],
      ['POST', `/api/staff/orders/${s.o.order.id}/invoices`, { from: 'lines' }],
      ['POST', `/api/staff/orders/${s.o.order.id}/invoices`, { from: 'deposit', amountCents: 100 }],
      [
        'POST',
        `/api/staff/orders/${s.o.order.id}/invoices`,
        { from: 'estimate', estimateId: s.o.estimate!.id },
      ],
      ['POST', `/api/staff/invoices/${id}/send`],
      ['POST', `/api/staff/invoices/${id}/void`, { reason: 'x' }],
      ['POST', `/api/staff/invoices/${id}/reissue`],
      ['POST', `/api/staff/invoices/${id}/credit-note`, { amountCents: 100, reason: 'x' }],
      ['DELETE', `/api/staff/invoices/${id}`],
      ['POST', `/api/staff/invoices/${id}/payments`, { method: 'cash', amountCents: 100 }],
      ['POST', `/api/staff/payments/${paymentId}/refunds`, { amountCents: 100, reason: 'x' }],
      ['GET', `/api/staff/invoices/${id}/pdf`],
      ['GET', `/api/staff/payments/${paymentId}/receipt.pdf`],
    ];
    for (const [method, url, body] of tries) {
      const res = await other.agent.request(method as 'GET', url, body, {
        headers: { 'idempotency-key': `k-${Math.random()}` },
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const after = await s.invoice(id);
    expect(after).toMatchObject({ status: 'partial', paidCents: 1_000, creditedCents: 0 });
    expect((await s.billing()).invoices).toHaveLength(1);
  });

  it('PDFs: staff get every invoice and receipt; a customer only their own', async () => {
    const s = await setup();
    const id = await sentInvoice(s.agent, s.o.order.id, { from: 'estimate', estimateId: s.o.estimate!.id });
    await counterPay(s.agent, id, { method: 'check', amountCents: 2_500, reference: '1042' });
    const paymentId = (await s.billing()).payments[0].id;
    const staffPdf = await s.agent.get(`/api/staff/invoices/${id}/pdf`);
    expect(staffPdf.statusCode).toBe(200);
    expect(staffPdf.headers['content-type']).toBe('application/pdf');
    expect(pdfText(staffPdf.rawPayload).text).toContain('Oil filter');
    const receipt = await s.agent.get(`/api/staff/payments/${paymentId}/receipt.pdf`);
    expect(pdfText(receipt.rawPayload).text).toContain('Check 1042');
    const own = await s.me.agent.get(`/api/portal/${s.yard.slug}/invoices/${id}/pdf`);
    expect(own.statusCode).toBe(200);
    expect(
      (await s.me.agent.get(`/api/portal/${s.yard.slug}/payments/${paymentId}/receipt.pdf`)).statusCode,
    ).toBe(200);
    const neighbour = await signedInCustomer(h, db().db, s.yard);
    expect((await neighbour.agent.get(`/api/portal/${s.yard.slug}/invoices/${id}/pdf`)).statusCode).toBe(404);
    expect(
      (await neighbour.agent.get(`/api/portal/${s.yard.slug}/payments/${paymentId}/receipt.pdf`)).statusCode,
    ).toBe(404);
    // A draft is the yard's until it is sent.
    const draft = await s.agent.post(`/api/staff/orders/${s.o.order.id}/invoices`, {
      from: 'deposit',
      amountCents: 100,
    });
    expect(
      (await s.me.agent.get(`/api/portal/${s.yard.slug}/invoices/${draft.json().invoiceId}/pdf`)).statusCode,
    ).toBe(404);
  });
});
