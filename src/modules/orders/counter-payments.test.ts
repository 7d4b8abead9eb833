// Longer than most files on purpose: counter payments and refunds against the portal's rules
// (balance, concurrency, statuses, receipts) on one set of fixtures.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  acceptedEstimateOrder,
  billingYard,
  counterPay,
  sentInvoice,
} from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, newKey } from '../../../test/support/order-fixtures.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import type { OrderBillingResponse } from '../../shared/api-types.js';

describeEachEngine('counter payments and refunds', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  /** A sent invoice of $603.87 on an order in progress. */
  async function setup() {
    const y = await billingYard(h, db().db);
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    const invoiceId = await sentInvoice(y.agent, o.order.id, {
      from: 'estimate',
      estimateId: o.estimate!.id,
    });
    const billing = async () =>
      (await y.agent.get(`/api/staff/orders/${o.order.id}/billing`)).json() as OrderBillingResponse;
    const invoice = async () => (await billing()).invoices.find((i) => i.id === invoiceId)!;
    const orderStatus = async () =>
      (
        await db()
          .db.selectFrom('orders')
          .select('status')
          .where('id', '=', o.order.id)
          .executeTakeFirstOrThrow()
      ).status;
    return { ...y, o, invoiceId, billing, invoice, orderStatus };
  }

  // First: the mail queue is worked one job at a time, and later tests fill it with receipts.
  it('receipts are emailed with a PDF, for counter payments and refunds', async () => {
    const s = await setup();
    await h.sink.waitForMail(s.me.customer.email!); // the invoice
    await counterPay(s.agent, s.invoiceId, { method: 'check', amountCents: 10_000, reference: '2211' });
    const mails = await h.sink.waitForMail(s.me.customer.email!, 2);
    const receipt = mails[1];
    expect(receipt.parsed.subject).toContain('Receipt: $100.00');
    expect(receipt.parsed.text).toContain('Check 2211');
    const pdf = receipt.parsed.attachments.find((x) => x.contentType === 'application/pdf')!;
    expect(pdfText(pdf.content).text).toContain('Check 2211');
    const paymentId = (await s.billing()).payments[0].id;
    await s.agent.post(`/api/staff/payments/${paymentId}/refunds`, {
      amountCents: 2_500,
      reason: 'Overcharged for oil',
    });
    const refund = (await h.sink.waitForMail(s.me.customer.email!, 3))[2];
    expect(refund.parsed.subject).toContain('Refund: $25.00');
    expect(refund.parsed.text).toContain('Overcharged for oil');
    const refundPdf = refund.parsed.attachments.find((x) => x.contentType === 'application/pdf')!;
    expect(pdfText(refundPdf.content).text).toContain('Refunded');
  });

  it('a check needs its number; the amount must be positive whole cents', async () => {
    const s = await setup();
    const res = await counterPay(s.agent, s.invoiceId, { method: 'check', amountCents: 1_000 });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Enter the check number');
    expect((await counterPay(s.agent, s.invoiceId, { method: 'cash', amountCents: 0 })).statusCode).toBe(422);
    expect((await counterPay(s.agent, s.invoiceId, { method: 'cash', amountCents: 10.5 })).statusCode).toBe(
      422,
    );
    expect((await counterPay(s.agent, s.invoiceId, { method: 'barter', amountCents: 100 })).statusCode).toBe(
      422,
    );
    expect((await s.invoice()).paidCents).toBe(0);
  });

  it('partial then full: over the balance is refused with the balance, and the statuses follow', async () => {
    const s = await setup();
    const first = await counterPay(s.agent, s.invoiceId, {
      method: 'check',
      amountCents: 50_000,
      reference: '1042',
    });
    expect(first.statusCode).toBe(200);
    expect(await s.invoice()).toMatchObject({ status: 'partial', paidCents: 50_000, balanceCents: 10_387 });
    expect(await s.orderStatus()).toBe('partial_payment');
    const over = await counterPay(s.agent, s.invoiceId, { method: 'cash', amountCents: 10_388 });
    expect(over.statusCode).toBe(409);
    expect(over.json().message).toContain('$103.87');
    const rest = await counterPay(s.agent, s.invoiceId, {
      method: 'bank_transfer',
      amountCents: 10_387,
      reference: 'WIRE-77',
    });
    expect(rest.statusCode).toBe(200);
    expect(await s.invoice()).toMatchObject({ status: 'paid', paidCents: 60_387, balanceCents: 0 });
    expect(await s.orderStatus()).toBe('paid');
    const payments = (await s.billing()).payments;
    expect(payments.map((p) => [p.method, p.reference, p.recordedBy])).toEqual([
      ['check', '1042', 'Dana Whitfield'],
      ['bank_transfer', 'WIRE-77', 'Dana Whitfield'],
    ]);
    const none = await counterPay(s.agent, s.invoiceId, { method: 'cash', amountCents: 1 });
    expect(none.statusCode).toBe(409);
  });

  it('the same Idempotency-Key twice records one payment', async () => {
    const s = await setup();
    const key = newKey();
    const a = await counterPay(s.agent, s.invoiceId, { method: 'cash', amountCents: 2_000 }, key);
    const b = await counterPay(s.agent, s.invoiceId, { method: 'cash', amountCents: 2_000 }, key);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect((await s.invoice()).paidCents).toBe(2_000);
    const other = await counterPay(s.agent, s.invoiceId, { method: 'cash', amountCents: 3_000 }, key);
    expect(other.statusCode).toBe(422);
  });

  it('20 concurrent counter payments never exceed the balance', async () => {
    const s = await setup();
    // $603.87 due; 20 × $40.00 = $800.00 offered at once: 15 fit, the rest are refused.
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        counterPay(s.agent, s.invoiceId, { method: 'cash', amountCents: 4_000 }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 200).length;
    expect(ok).toBe(15);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(5);
    const inv = await s.invoice();
    expect(inv.paidCents).toBe(60_000);
    const sum = await db()
      .db.selectFrom('payments')
      .select((eb) => eb.fn.sum<string>('amount_cents').as('s'))
      .where('invoice_id', '=', s.invoiceId)
      .executeTakeFirstOrThrow();
    expect(Number(sum.s)).toBe(60_000);
  });

  it('counter payments move the invoice and the order exactly as portal payments do', async () => {
    const a = await setup();
    const b = await setup();
    const steps = [30_000, 20_000, 10_387];
    for (const amount of steps) {
      const portal = await a.me.agent.post(
        `/api/portal/${a.yard.slug}/invoices/${a.invoiceId}/payments`,
        { amountCents: amount, cardNumber: '4242424242424242' },
        { headers: { 'idempotency-key': newKey() } },
      );
      expect(portal.statusCode).toBe(200);
      expect(
        (await counterPay(b.agent, b.invoiceId, { method: 'card_present', amountCents: amount })).statusCode,
      ).toBe(200);
      const [ia, ib] = [await a.invoice(), await b.invoice()];
      expect([ib.status, ib.paidCents]).toEqual([ia.status, ia.paidCents]);
      expect(await b.orderStatus()).toBe(await a.orderStatus());
    }
    expect(await b.orderStatus()).toBe('paid');
  });

  it('a deposit invoice sent asks for the deposit; paid at the counter, the order follows as online', async () => {
    const s = await billingYard(h, db().db);
    const o = await makeOrder(db().db, s.yard.id, s.me.customer.id, { status: 'open_estimate' });
    const dep = await sentInvoice(s.agent, o.order.id, { from: 'deposit', amountCents: 25_000 });
    const status = async () =>
      (
        await db()
          .db.selectFrom('orders')
          .select('status')
          .where('id', '=', o.order.id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status()).toBe('deposit_requested');
    await counterPay(s.agent, dep, { method: 'cash', amountCents: 25_000 });
    // The deposit is in: the work starts; the order is paid once the work's invoice is.
    expect(await status()).toBe('in_progress');
  });

  it('a refund never exceeds the payment, also two at once; statuses go back', async () => {
    const s = await setup();
    await counterPay(s.agent, s.invoiceId, { method: 'cash', amountCents: 60_387 });
    expect(await s.orderStatus()).toBe('paid');
    const paymentId = (await s.billing()).payments[0].id;
    const refund = (amountCents: number) =>
      s.agent.post(`/api/staff/payments/${paymentId}/refunds`, { amountCents, reason: 'Part not fitted' });
    const first = await refund(10_000);
    expect(first.statusCode).toBe(200);
    expect(await s.invoice()).toMatchObject({ status: 'partial', paidCents: 50_387, balanceCents: 10_000 });
    expect(await s.orderStatus()).toBe('partial_payment');
    const over = await refund(50_388);
    expect(over.statusCode).toBe(409);
    expect(over.json().message).toContain('At most $503.87');
    // Two at once, each alone within what is left, together over it: one goes through.
    const both = await Promise.all([refund(30_000), refund(30_000)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const p = (await s.billing()).payments[0];
    expect(p.refundedCents).toBe(40_000);
    expect(await s.invoice()).toMatchObject({ paidCents: 20_387 });
    expect(await refund(20_387).then((r) => r.statusCode)).toBe(200);
    expect(await s.invoice()).toMatchObject({ status: 'open', paidCents: 0, balanceCents: 60_387 });
    expect(await s.orderStatus()).toBe('invoiced');
    await expect(
      db().db.updateTable('payments').set({ refunded_cents: 60_388 }).where('id', '=', paymentId).execute(),
    ).rejects.toThrow(/payments_refund_within/);
  });

  it('a card payment taken online is refunded through the provider', async () => {
    const s = await setup();
    const paid = await s.me.agent.post(
      `/api/portal/${s.yard.slug}/invoices/${s.invoiceId}/payments`,
      { amountCents: 60_387, cardNumber: '4242424242424242' },
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(paid.statusCode).toBe(200);
    const payment = (await s.billing()).payments[0];
    expect(payment.online).toBe(true);
    const res = await s.agent.post(`/api/staff/payments/${payment.id}/refunds`, {
      amountCents: 387,
      reason: 'Goodwill',
    });
    expect(res.statusCode).toBe(200);
    const refund = res.json().billing.refunds[0];
    expect(refund).toMatchObject({ amountCents: 387, method: 'card' });
    expect(refund.providerRef).toMatch(/^offline_refund_slipway-refund-/);
    expect(await s.orderStatus()).toBe('partial_payment');
  });
});
