// Longer than most files on purpose: every saved-card rule (saving, paying in one step, declines,
// ownership, removal, idempotency, receipts) against one harness and one set of helpers.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptedEstimateOrder, billingYard, sentInvoice } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, newKey, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { customerActor } from '../audit/audit-actor.js';
import { ownPrincipal } from '../auth/sessions.js';
import type { ChargeRequest, ChargeResult, PaymentProvider } from './payment-provider.js';
import { createPaymentsService } from './payments.service.js';

type Agent = Awaited<ReturnType<typeof signedInCustomer>>['agent'];

describeEachEngine('saved cards and paying with them', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  const nextYear = () => h.clock.now().getUTCFullYear() + 2;

  /** Saves a test card through the setup and its confirm step, as the portal's form does. */
  async function saveCard(agent: Agent, slug: string, cardNumber: string, expYear = nextYear()) {
    const setup = await agent.post(`/api/portal/${slug}/cards/setups`);
    expect(setup.statusCode, setup.body).toBe(200);
    const { setupId, clientSecret, provider } = setup.json();
    expect(provider).toBe('offline');
    expect(clientSecret).toMatch(/^offline_seti_[0-9a-f]{32}_secret_[0-9a-f]{32}$/);
    const confirm = () =>
      agent.post(`/api/portal/${slug}/cards/setups/${setupId}/confirm`, { cardNumber, expMonth: 8, expYear });
    return { setupId, res: await confirm(), confirm };
  }

  async function setup() {
    const { yard } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const o = await makeOrder(db().db, yard.id, me.customer.id, { status: 'invoiced', invoice: true });
    const pay = (body: object, key = newKey()) =>
      me.agent.post(`/api/portal/${yard.slug}/invoices/${o.invoice!.id}/payments`, body, {
        headers: { 'idempotency-key': key },
      });
    return { yard, me, o, pay };
  }

  const invoiceRow = (id: string) =>
    db().db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const paymentsOf = (invoiceId: string) =>
    db().db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId).execute();

  it('saves a card: brand, last four, expiry and default are kept, never the number; a second confirm saves nothing more', async () => {
    const { yard, me } = await setup();
    const saved = await saveCard(me.agent, yard.slug, '4242 4242 4242 4242');
    expect(saved.res.statusCode, saved.res.body).toBe(200);
    const card = saved.res.json().card;
    expect(card).toMatchObject({
      brand: 'Visa',
      last4: '4242',
      expMonth: 8,
      expYear: nextYear(),
      isDefault: true,
      expired: false,
      label: 'Visa •••• 4242',
    });
    const again = await saved.confirm();
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().card.id).toBe(card.id);

    const rows = await db()
      .db.selectFrom('saved_cards')
      .selectAll()
      .where('customer_id', '=', me.customer.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('4242424242424242');
    expect(rows[0].provider_ref).toMatch(/^offline_pm_ok_[0-9a-f]{32}$/);
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['action', 'actor_kind'])
      .where('customer_id', '=', me.customer.id)
      .execute();
    expect(audit).toContainEqual({ action: 'card_saved', actor_kind: 'customer' });

    const list = await me.agent.get(`/api/portal/${yard.slug}/cards`);
    expect(list.json().cards.map((c: { id: string }) => c.id)).toEqual([card.id]);
  });

  it('a declined card is not saved and says why; an expiry in the past is refused', async () => {
    const { yard, me } = await setup();
    const declined = await saveCard(me.agent, yard.slug, '4000 0000 0000 0002');
    expect(declined.res.statusCode).toBe(402);
    expect(declined.res.json()).toMatchObject({
      code: 'CARD_DECLINED',
      details: { reason: 'card_declined' },
    });
    expect(declined.res.json().message).toContain('declined');
    const expired = await saveCard(me.agent, yard.slug, '4242424242424242', 2001);
    expect(expired.res.statusCode).toBe(422);
    expect(expired.res.json().code).toBe('CARD_EXPIRED');
    const rows = await db()
      .db.selectFrom('saved_cards')
      .select('id')
      .where('customer_id', '=', me.customer.id)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('pays an invoice with a saved card in one step; a double submit (one key, concurrent) charges once', async () => {
    const { yard, me, o, pay } = await setup();
    const card = (await saveCard(me.agent, yard.slug, '4242424242424242')).res.json().card;
    const key = newKey();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => pay({ amountCents: 12_345, savedCardId: card.id }, key)),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    expect(new Set(results.map((r) => r.json().payment.id)).size).toBe(1);
    expect(results[0].json().status).toBe('succeeded');
    const payments = await paymentsOf(o.invoice!.id);
    expect(payments).toHaveLength(1);
    expect(payments[0].reference).toBe('Visa •••• 4242 (saved card)');
    expect((await invoiceRow(o.invoice!.id)).paid_cents).toBe(12_345);
    const attempt = await db()
      .db.selectFrom('payment_attempts')
      .selectAll()
      .where('id', '=', payments[0].attempt_id!)
      .executeTakeFirstOrThrow();
    expect(attempt.saved_card_id).toBe(card.id);
    // The same key with another card is another payment: refused, not charged.
    const second = (await saveCard(me.agent, yard.slug, '5555555555554444')).res.json().card;
    const reused = await pay({ amountCents: 12_345, savedCardId: second.id }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await paymentsOf(o.invoice!.id)).toHaveLength(1);
    // A card and a card number together are refused before anything happens.
    const both = await pay({ amountCents: 100, savedCardId: card.id, cardNumber: '4242424242424242' });
    expect(both.statusCode).toBe(422);
  });

  it('a saved card declined at the charge gives a clear answer and leaves nothing half-written', async () => {
    const { yard, me, o, pay } = await setup();
    const saved = await saveCard(me.agent, yard.slug, '4000 0000 0000 9995');
    expect(saved.res.statusCode, saved.res.body).toBe(200);
    const card = saved.res.json().card;
    const key = newKey();
    const res = await pay({ amountCents: 5_000, savedCardId: card.id }, key);
    expect(res.statusCode).toBe(402);
    expect(res.json()).toMatchObject({ code: 'CARD_DECLINED', details: { reason: 'insufficient_funds' } });
    expect(res.json().message).toContain('insufficient funds');
    const again = await pay({ amountCents: 5_000, savedCardId: card.id }, key);
    expect(again.statusCode).toBe(402);
    expect(await paymentsOf(o.invoice!.id)).toHaveLength(0);
    const inv = await invoiceRow(o.invoice!.id);
    expect(inv.paid_cents).toBe(0);
    expect(inv.status).toBe('open');
    const attempts = await db()
      .db.selectFrom('payment_attempts')
      .select(['status', 'failure_code'])
      .where('invoice_id', '=', o.invoice!.id)
      .execute();
    expect(attempts).toEqual([{ status: 'declined', failure_code: 'insufficient_funds' }]);
    const events = await db()
      .db.selectFrom('portal_events')
      .select('kind')
      .where('customer_id', '=', me.customer.id)
      .where('kind', '=', 'payment_received')
      .execute();
    expect(events).toHaveLength(0);
  });

  it("another customer's card is 404 everywhere: to pay with, to see, to make default, to remove; across yards too", async () => {
    const { yard, me, o } = await setup();
    const mine = (await saveCard(me.agent, yard.slug, '4242424242424242')).res.json().card;
    const setupOfMine = (await me.agent.post(`/api/portal/${yard.slug}/cards/setups`)).json().setupId;
    const other = await signedInCustomer(h, db().db, yard);
    const otherOrder = await makeOrder(db().db, yard.id, other.customer.id, {
      status: 'invoiced',
      invoice: true,
    });
    const pay = await other.agent.post(
      `/api/portal/${yard.slug}/invoices/${otherOrder.invoice!.id}/payments`,
      { amountCents: 1_000, savedCardId: mine.id },
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(pay.statusCode, pay.body).toBe(404);
    expect(
      await db()
        .db.selectFrom('payment_attempts')
        .select('id')
        .where('invoice_id', '=', otherOrder.invoice!.id)
        .execute(),
    ).toHaveLength(0);
    expect((await other.agent.post(`/api/portal/${yard.slug}/cards/${mine.id}/default`)).statusCode).toBe(
      404,
    );
    expect((await other.agent.delete(`/api/portal/${yard.slug}/cards/${mine.id}`)).statusCode).toBe(404);
    const confirm = await other.agent.post(`/api/portal/${yard.slug}/cards/setups/${setupOfMine}/confirm`, {
      cardNumber: '4242424242424242',
      expMonth: 1,
      expYear: nextYear(),
    });
    expect(confirm.statusCode).toBe(404);
    expect((await other.agent.get(`/api/portal/${yard.slug}/cards`)).json().cards).toEqual([]);

    // A customer of another yard, and staff of another yard.
    const elsewhere = await makeYard(db().db);
    const stranger = await signedInCustomer(h, db().db, elsewhere.yard);
    expect(
      (await stranger.agent.delete(`/api/portal/${elsewhere.yard.slug}/cards/${mine.id}`)).statusCode,
    ).toBe(404);
    const staff = h.agent();
    await staff.signInStaff(elsewhere.staff.email, 'correct horse battery staple');
    expect((await staff.get(`/api/staff/customers/${me.customer.id}/cards`)).statusCode).toBe(404);
    // A card id nobody has: 404 as well, nothing written.
    const unknown = await me.agent.post(
      `/api/portal/${yard.slug}/invoices/${o.invoice!.id}/payments`,
      { amountCents: 1_000, savedCardId: randomUUID() },
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(unknown.statusCode, unknown.body).toBe(404);
    // Still mine, still usable.
    const ok = await me.agent.post(
      `/api/portal/${yard.slug}/invoices/${o.invoice!.id}/payments`,
      { amountCents: 1_000, savedCardId: mine.id },
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('set default and remove: removing the default makes the newest other card default; a removed card cannot pay', async () => {
    const { yard, me, pay } = await setup();
    const first = (await saveCard(me.agent, yard.slug, '4242424242424242')).res.json().card;
    const second = (await saveCard(me.agent, yard.slug, '5555 5555 5555 4444')).res.json().card;
    expect(second).toMatchObject({ brand: 'Mastercard', last4: '4444', isDefault: false });
    const made = await me.agent.post(`/api/portal/${yard.slug}/cards/${second.id}/default`);
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().cards.map((c: { id: string; isDefault: boolean }) => [c.id, c.isDefault])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
    const removed = await me.agent.delete(`/api/portal/${yard.slug}/cards/${second.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().cards).toMatchObject([{ id: first.id, isDefault: true }]);
    const res = await pay({ amountCents: 1_000, savedCardId: second.id });
    expect(res.statusCode).toBe(404);
    expect((await me.agent.delete(`/api/portal/${yard.slug}/cards/${second.id}`)).statusCode).toBe(404);
  });

  it('staff see the customer’s saved cards (brand, last four, expiry), not their numbers', async () => {
    const y = await billingYard(h, db().db);
    await saveCard(y.me.agent, y.yard.slug, '4242424242424242');
    const res = await y.agent.get(`/api/staff/customers/${y.me.customer.id}/cards`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cards).toMatchObject([{ brand: 'Visa', last4: '4242', expMonth: 8, isDefault: true }]);
  });

  it('receipts: every payment and refund, dated in the yard’s time zone, with the receipt page and its PDF', async () => {
    const y = await billingYard(h, db().db);
    await db()
      .db.updateTable('yards')
      .set({ timezone: 'America/Los_Angeles', currency: 'EUR' })
      .where('id', '=', y.yard.id)
      .execute();
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    const invoiceId = await sentInvoice(y.agent, o.order.id, {
      from: 'estimate',
      estimateId: o.estimate!.id,
    });
    const card = (await saveCard(y.me.agent, y.yard.slug, '4242424242424242')).res.json().card;
    // 03:30 UTC is still the evening before in California.
    const at = new Date(`${new Date().toISOString().slice(0, 10)}T03:30:00Z`);
    const dayBefore = new Date(at.getTime() - 86_400_000).toISOString().slice(0, 10);
    h.clock.set(at);
    try {
      const paid = await y.me.agent.post(
        `/api/portal/${y.yard.slug}/invoices/${invoiceId}/payments`,
        { amountCents: 20_000, savedCardId: card.id },
        { headers: { 'idempotency-key': newKey() } },
      );
      expect(paid.statusCode, paid.body).toBe(200);
      const paymentId = paid.json().payment.id as string;
      const refund = await y.agent.post(`/api/staff/payments/${paymentId}/refunds`, {
        amountCents: 2_500,
        reason: 'Zinc not fitted',
      });
      expect(refund.statusCode, refund.body).toBe(200);

      const list = await y.me.agent.get(`/api/portal/${y.yard.slug}/receipts`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().timezone).toBe('America/Los_Angeles');
      expect(list.json().receipts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'payment',
            paymentId,
            amountCents: 20_000,
            day: dayBefore,
            method: 'Visa •••• 4242 (saved card)',
            invoiceId,
            orderId: o.order.id,
          }),
          expect.objectContaining({ kind: 'refund', paymentId, amountCents: 2_500, day: dayBefore }),
        ]),
      );

      const detail = await y.me.agent.get(`/api/portal/${y.yard.slug}/receipts/${paymentId}`);
      expect(detail.statusCode, detail.body).toBe(200);
      expect(detail.json().receipt).toMatchObject({
        paymentId,
        amountCents: 20_000,
        refundedCents: 2_500,
        day: dayBefore,
        refunds: [{ amountCents: 2_500 }],
        order: { id: o.order.id },
      });

      const pdf = await y.me.agent.get(`/api/portal/${y.yard.slug}/payments/${paymentId}/receipt.pdf`);
      expect(pdf.statusCode).toBe(200);
      const text = pdfText(pdf.rawPayload).text;
      expect(text).toContain(detail.json().receipt.reference);
      expect(text).toContain(dayBefore);
      expect(text).toContain('€200.00');
      expect(text).not.toContain('$200.00');
      expect(text).toContain('Visa');

      // Someone else's receipt is not found.
      const other = await signedInCustomer(h, db().db, y.yard);
      expect((await other.agent.get(`/api/portal/${y.yard.slug}/receipts/${paymentId}`)).statusCode).toBe(
        404,
      );
      expect((await other.agent.get(`/api/portal/${y.yard.slug}/receipts`)).json().receipts).toEqual([]);
    } finally {
      h.clock.set(new Date());
    }
  });

  it('at an asynchronous provider (Stripe) a saved card is charged after the attempt commits: a success is recorded at once, a decline leaves nothing', async () => {
    const { yard, me, o } = await setup();
    const now = h.clock.now();
    const setupRow = await db()
      .db.insertInto('card_setups')
      .values({
        yard_id: yard.id,
        customer_id: me.customer.id,
        provider: 'stripe',
        status: 'succeeded',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .db.insertInto('payment_customers')
      .values({
        yard_id: yard.id,
        customer_id: me.customer.id,
        provider: 'stripe',
        provider_customer_ref: 'cus_t',
        created_at: now,
      })
      .execute();
    const card = await db()
      .db.insertInto('saved_cards')
      .values({
        yard_id: yard.id,
        customer_id: me.customer.id,
        provider: 'stripe',
        provider_ref: `pm_${setupRow.id}`,
        setup_id: setupRow.id,
        brand: 'Visa',
        last4: '4242',
        exp_month: 12,
        exp_year: nextYear(),
        is_default: true,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const asked: ChargeRequest[] = [];
    let answer: (req: ChargeRequest) => ChargeResult = (req) => ({
      status: 'succeeded',
      reference: `pi_${req.attemptId}`,
      method: 'card',
      label: req.savedCard!.label,
    });
    const provider: PaymentProvider = {
      name: 'stripe',
      synchronous: false,
      async charge(req) {
        asked.push(req);
        return answer(req);
      },
    };
    const service = createPaymentsService(h.deps, provider);
    const principal = ownPrincipal({ yardId: yard.id, customerId: me.customer.id, accountId: me.account.id });
    const pay = (amountCents: number) =>
      service.payInvoice(
        principal,
        o.invoice!.id,
        { amountCents, savedCardId: card.id, idempotencyKey: newKey() },
        customerActor(principal, { ip: '127.0.0.1' }),
      );
    const paid = await pay(3_000);
    expect(paid.status).toBe('succeeded');
    expect(asked[0].savedCard).toEqual({
      customerRef: 'cus_t',
      paymentMethodRef: `pm_${setupRow.id}`,
      label: 'Visa •••• 4242 (saved card)',
    });
    const attempt = await db()
      .db.selectFrom('payment_attempts')
      .selectAll()
      .where('id', '=', asked[0].attemptId)
      .executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ status: 'succeeded', provider_ref: `pi_${asked[0].attemptId}` });
    expect((await invoiceRow(o.invoice!.id)).paid_cents).toBe(3_000);

    answer = () => ({ status: 'declined', code: 'card_declined', message: 'Your card was declined.' });
    await expect(pay(1_000)).rejects.toMatchObject({
      code: 'CARD_DECLINED',
      message: 'Your card was declined.',
    });
    expect((await invoiceRow(o.invoice!.id)).paid_cents).toBe(3_000);
    expect(await paymentsOf(o.invoice!.id)).toHaveLength(1);
  });
});
