// Refunds of online card payments in steps: the provider is asked with no transaction open
// and nothing locked, a failure records nothing but a failed refund, pending refunds hold
// their amount back, and one left pending by a request that died is asked again.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptedEstimateOrder, billingYard, sentInvoice } from '../../../test/support/billing-fixtures.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newKey } from '../../../test/support/order-fixtures.js';
import type { OrderBillingResponse } from '../../shared/api-types.js';
import { staffActor } from '../audit/audit-actor.js';
import { createCounterPaymentsService } from './counter-payments.service.js';
import {
  offlineProvider,
  type PaymentProvider,
  RefundDeclinedError,
  type RefundRequest,
} from './payment-provider.js';

describeEachEngine('refunds through the payment provider, in steps', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  /** An invoice of $603.87 paid in full by card in the portal (the built-in provider). */
  async function paidOnline() {
    const y = await billingYard(h, db().db);
    const o = await acceptedEstimateOrder(db().db, y.yard.id, y.me.customer.id, y.me.account.id);
    const invoiceId = await sentInvoice(y.agent, o.order.id, {
      from: 'estimate',
      estimateId: o.estimate!.id,
    });
    const paid = await y.me.agent.post(
      `/api/portal/${y.yard.slug}/invoices/${invoiceId}/payments`,
      { amountCents: 60_387, cardNumber: '4242424242424242' },
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(paid.statusCode).toBe(200);
    const billing = async () =>
      (await y.agent.get(`/api/staff/orders/${o.order.id}/billing`)).json() as OrderBillingResponse;
    const payment = (await billing()).payments[0];
    const me = { staffId: y.staff.id, yardId: y.yard.id, role: 'owner' as const };
    const money = async () => {
      const p = await db()
        .db.selectFrom('payments')
        .select('refunded_cents')
        .where('id', '=', payment.id)
        .executeTakeFirstOrThrow();
      const i = await db()
        .db.selectFrom('invoices')
        .select(['paid_cents', 'status'])
        .where('id', '=', invoiceId)
        .executeTakeFirstOrThrow();
      const order = await db()
        .db.selectFrom('orders')
        .select('status')
        .where('id', '=', o.order.id)
        .executeTakeFirstOrThrow();
      return { refunded: p.refunded_cents, paid: i.paid_cents, invoice: i.status, order: order.status };
    };
    const rows = () =>
      db()
        .db.selectFrom('refunds')
        .select(['id', 'status', 'amount_cents', 'idempotency_key', 'failure_message', 'provider_ref'])
        .where('payment_id', '=', payment.id)
        .orderBy('created_at')
        .execute();
    const service = (provider: PaymentProvider) => createCounterPaymentsService(h.deps, provider);
    return { ...y, orderId: o.order.id, invoiceId, payment, me, billing, money, rows, service };
  }

  /** A provider double; `answer` decides each refund (default: refunded). */
  function provider(answer: (req: RefundRequest) => Promise<void> = async () => {}) {
    const calls: RefundRequest[] = [];
    const double: PaymentProvider = {
      name: 'offline',
      synchronous: true,
      charge: async () => {
        throw new Error('no charges here');
      },
      async refund(req) {
        calls.push(req);
        await answer(req);
        return { reference: `re_${req.idempotencyKey}` };
      },
    };
    return { double, calls };
  }

  /** Whether another session could lock the row now (false: a transaction holds it). */
  async function lockable(table: 'orders' | 'invoices', id: string) {
    try {
      await db().db.selectFrom(table).select('id').where('id', '=', id).forUpdate().noWait().execute();
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === '55P03') return false;
      throw err;
    }
  }

  it('the provider is asked with no transaction open: nothing locked, the refund pending, no money moved yet', async () => {
    const s = await paidOnline();
    const seen: unknown[] = [];
    const { double, calls } = provider(async (req) => {
      // With the old single transaction this waits for the order lock (PGlite: for the one
      // connection) or is refused (PostgreSQL, NOWAIT).
      const row = (await s.rows()).find((r) => r.idempotency_key === req.idempotencyKey);
      seen.push({
        order: await lockable('orders', s.orderId),
        invoice: await lockable('invoices', s.invoiceId),
        status: row?.status,
        money: await s.money(),
      });
    });
    const out = await s
      .service(double)
      .refund(
        s.me,
        s.payment.id,
        { amountCents: 387, reason: 'Goodwill' },
        staffActor(s.me, { ip: '127.0.0.1' }),
      );
    expect(seen).toEqual([
      {
        order: true,
        invoice: true,
        status: 'pending',
        money: { refunded: 0, paid: 60_387, invoice: 'paid', order: 'paid' },
      },
    ]);
    expect(calls).toEqual([
      {
        reference: expect.stringMatching(/^offline_/),
        amountCents: 387,
        idempotencyKey: `slipway-refund-${out.refundId}`,
      },
    ]);
    expect(await s.rows()).toMatchObject([
      { id: out.refundId, status: 'succeeded', provider_ref: `re_slipway-refund-${out.refundId}` },
    ]);
    expect(await s.money()).toEqual({
      refunded: 387,
      paid: 60_000,
      invoice: 'partial',
      order: 'partial_payment',
    });
    expect((await s.billing()).refunds).toMatchObject([{ id: out.refundId, amountCents: 387 }]);
  });

  it('a provider failure records a failed refund and nothing else', async () => {
    const s = await paidOnline();
    const { double } = provider(async () => {
      throw new RefundDeclinedError('This charge has already been disputed.');
    });
    await expect(
      s
        .service(double)
        .refund(
          s.me,
          s.payment.id,
          { amountCents: 10_000, reason: 'Part not fitted' },
          staffActor(s.me, { ip: '127.0.0.1' }),
        ),
    ).rejects.toMatchObject({
      code: 'REFUND_FAILED',
      status: 502,
      message: expect.stringContaining('nothing was refunded: This charge has already been disputed.'),
    });
    expect(await s.rows()).toMatchObject([
      { status: 'failed', amount_cents: 10_000, failure_message: 'This charge has already been disputed.' },
    ]);
    expect(await s.money()).toEqual({ refunded: 0, paid: 60_387, invoice: 'paid', order: 'paid' });
    expect((await s.billing()).refunds).toEqual([]);
    // A failed refund holds nothing back: the whole payment can still be refunded.
    const ok = provider();
    await s
      .service(ok.double)
      .refund(
        s.me,
        s.payment.id,
        { amountCents: 60_387, reason: 'Job cancelled' },
        staffActor(s.me, { ip: '127.0.0.1' }),
      );
    expect(await s.money()).toMatchObject({ refunded: 60_387, paid: 0 });
  });

  it('a provider that does not answer leaves the refund pending, holding its amount, and it is asked again with the same key', async () => {
    const s = await paidOnline();
    const timeout = provider(async () => {
      throw new Error('Request timed out');
    });
    await expect(
      s
        .service(timeout.double)
        .refund(
          s.me,
          s.payment.id,
          { amountCents: 10_000, reason: 'Part not fitted' },
          staffActor(s.me, { ip: '127.0.0.1' }),
        ),
    ).rejects.toMatchObject({ code: 'REFUND_UNCONFIRMED', status: 502 });
    // Not marked failed: it may have gone through at the processor.
    const [pending] = await s.rows();
    expect(pending).toMatchObject({ status: 'pending', amount_cents: 10_000 });
    expect(await s.money()).toMatchObject({ refunded: 0, paid: 60_387 });
    // Its amount is held back: the whole payment cannot be refunded beside it.
    const ok = provider();
    await expect(
      s
        .service(ok.double)
        .refund(
          s.me,
          s.payment.id,
          { amountCents: 60_387, reason: 'Job cancelled' },
          staffActor(s.me, { ip: '127.0.0.1' }),
        ),
    ).rejects.toMatchObject({ code: 'REFUND_IN_PROGRESS' });
    // Minutes later the next refund asks about it again under its own key, then goes on.
    h.clock.advance(6 * 60_000);
    await s
      .service(ok.double)
      .refund(
        s.me,
        s.payment.id,
        { amountCents: 1_000, reason: 'Goodwill' },
        staffActor(s.me, { ip: '127.0.0.1' }),
      );
    expect(ok.calls[0].idempotencyKey).toBe(pending.idempotency_key);
    expect((await s.rows()).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(await s.money()).toMatchObject({ refunded: 11_000, paid: 49_387 });
  });

  it('a refund with the provider holds its amount back: two together never exceed the payment', async () => {
    const s = await paidOnline();
    let asked!: () => void;
    const providerAsked = new Promise<void>((resolve) => {
      asked = resolve;
    });
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const { double, calls } = provider(async (req) => {
      if (req.amountCents !== 40_000) return;
      asked();
      await answered;
    });
    const service = s.service(double);
    const first = service.refund(
      s.me,
      s.payment.id,
      { amountCents: 40_000, reason: 'Engine not serviced' },
      staffActor(s.me, { ip: '127.0.0.1' }),
    );
    await providerAsked;
    // $603.87 paid, $400.00 with the provider: $203.87 is all that may be refunded meanwhile.
    await expect(
      service.refund(
        s.me,
        s.payment.id,
        { amountCents: 30_000, reason: 'Twice' },
        staffActor(s.me, { ip: '127.0.0.1' }),
      ),
    ).rejects.toMatchObject({
      code: 'REFUND_IN_PROGRESS',
      status: 409,
      message: expect.stringContaining('at most $203.87 can be refunded now'),
    });
    await service.refund(
      s.me,
      s.payment.id,
      { amountCents: 20_387, reason: 'Discount' },
      staffActor(s.me, { ip: '127.0.0.1' }),
    );
    answer();
    await first;
    expect(calls.map((c) => c.amountCents)).toEqual([40_000, 20_387]);
    expect(await s.money()).toEqual({ refunded: 60_387, paid: 0, invoice: 'open', order: 'invoiced' });

    // At once, each alone within the payment, together over it: one goes through.
    const t = await paidOnline();
    const free = provider();
    const both = await Promise.allSettled([
      t
        .service(free.double)
        .refund(
          t.me,
          t.payment.id,
          { amountCents: 40_000, reason: 'a' },
          staffActor(t.me, { ip: '127.0.0.1' }),
        ),
      t
        .service(free.double)
        .refund(
          t.me,
          t.payment.id,
          { amountCents: 40_000, reason: 'b' },
          staffActor(t.me, { ip: '127.0.0.1' }),
        ),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(free.calls).toHaveLength(1);
    expect(await t.money()).toMatchObject({ refunded: 40_000, paid: 20_387 });
  });

  it('a refund left pending by a request that died is asked again with its own key by the next refund', async () => {
    const s = await paidOnline();
    const stuckId = randomUUID();
    const stuckKey = `slipway-refund-${stuckId}`;
    const insertPending = (id: string, amountCents: number, minutesAgo: number) =>
      db()
        .db.insertInto('refunds')
        .values({
          id,
          yard_id: s.yard.id,
          payment_id: s.payment.id,
          invoice_id: s.invoiceId,
          amount_cents: amountCents,
          method: 'card',
          reason: 'Left pending',
          recorded_by: s.staff.id,
          created_at: new Date(h.clock.now().getTime() - minutesAgo * 60_000),
          status: 'pending',
          idempotency_key: `slipway-refund-${id}`,
        })
        .execute();
    await insertPending(stuckId, 10_000, 10);
    // The provider had taken it before the request died.
    const built = offlineProvider();
    await built.refund!({ reference: s.payment.id, amountCents: 10_000, idempotencyKey: stuckKey });

    const out = await s
      .service(built)
      .refund(
        s.me,
        s.payment.id,
        { amountCents: 5_000, reason: 'Late' },
        staffActor(s.me, { ip: '127.0.0.1' }),
      );
    // Asked again with the same key: still one refund of $100.00 at the provider.
    expect(built.refunds.map((r) => [r.idempotencyKey, r.amountCents])).toEqual([
      [stuckKey, 10_000],
      [`slipway-refund-${out.refundId}`, 5_000],
    ]);
    expect((await s.rows()).map((r) => [r.id, r.status])).toEqual([
      [stuckId, 'succeeded'],
      [out.refundId, 'succeeded'],
    ]);
    expect(await s.money()).toMatchObject({ refunded: 15_000, paid: 45_387 });

    // A refund pending for less than a few minutes is another request still at work: left alone.
    await insertPending(randomUUID(), 45_387, 1);
    await expect(
      s
        .service(built)
        .refund(
          s.me,
          s.payment.id,
          { amountCents: 100, reason: 'More' },
          staffActor(s.me, { ip: '127.0.0.1' }),
        ),
    ).rejects.toMatchObject({ code: 'REFUND_IN_PROGRESS' });
    expect(built.refunds).toHaveLength(2);
  });
});
