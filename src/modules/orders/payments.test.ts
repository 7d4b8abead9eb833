// Longer than most files on purpose: every payment rule (idempotency, balance, webhooks, pending
// attempts, concurrency) against one set of fixtures.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, newKey, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { customerActor } from '../audit/audit-actor.js';
import { ownPrincipal } from '../auth/sessions.js';
import type { PaymentProvider } from './payment-provider.js';
import { createPaymentsService } from './payments.service.js';

/** A provider confirmed by webhook, like Stripe: charge starts an intent, resume reads it again. */
function asyncProvider() {
  const calls = { charge: 0, resume: 0 };
  let gate: Promise<void> | null = null;
  let failNext = false;
  const provider: PaymentProvider = {
    name: 'stripe',
    synchronous: false,
    async charge(req) {
      calls.charge++;
      if (gate) await gate;
      if (failNext) {
        failNext = false;
        throw new Error('network error talking to the provider');
      }
      return { status: 'pending', reference: `pi_${req.attemptId}`, clientSecret: `secret_${req.attemptId}` };
    },
    async resume(reference) {
      calls.resume++;
      return { status: 'pending', reference, clientSecret: `secret_again_${reference}` };
    },
  };
  return {
    provider,
    calls,
    failNext: () => {
      failNext = true;
    },
    hold() {
      let release!: () => void;
      gate = new Promise<void>((r) => {
        release = r;
      });
      return () => {
        gate = null;
        release();
      };
    },
  };
}

describeEachEngine('paying invoices in the portal', (db, engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function setup(opts: { depositCents?: number } = {}) {
    const { yard } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const o = await makeOrder(db().db, yard.id, me.customer.id, {
      status: 'invoiced',
      invoice: true,
      ...opts,
    });
    const pay = (amountCents: unknown, key = newKey(), cardNumber = '4242424242424242') =>
      me.agent.post(
        `/api/portal/${yard.slug}/invoices/${o.invoice!.id}/payments`,
        { amountCents, cardNumber },
        { headers: { 'idempotency-key': key } },
      );
    return { yard, me, o, pay };
  }

  const money = async (invoiceId: string) => {
    const inv = await db()
      .db.selectFrom('invoices')
      .selectAll()
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    const sum = await db()
      .db.selectFrom('payments')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.lit(0)).as('s'))
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    const count = await db()
      .db.selectFrom('payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    return { inv, sum: Number(sum.s), count: Number(count.n) };
  };

  it('partial payments, then the rest: sum of payments == paid_cents == what the invoice shows', async () => {
    const { yard, me, o, pay } = await setup();
    const total = o.invoice!.total_cents; // 73,887
    const parts = [10_001, 3_333, 17, 25_000];
    let paid = 0;
    for (const amount of parts) {
      const res = await pay(amount);
      expect(res.statusCode, res.body).toBe(200);
      paid += amount;
      const body = res.json();
      expect(body.status).toBe('succeeded');
      expect(body.invoice.paidCents).toBe(paid);
      expect(body.invoice.balanceCents).toBe(total - paid);
      expect(body.invoice.status).toBe('partial');
      expect(body.payment.amountCents).toBe(amount);
      const m = await money(o.invoice!.id);
      expect(m.sum).toBe(m.inv.paid_cents);
      expect(m.inv.paid_cents).toBe(paid);
    }
    const order1 = await me.agent.get(`/api/portal/${yard.slug}/orders/${o.order.id}`);
    expect(order1.json().order.status).toBe('partial_payment');

    const rest = await pay(total - paid);
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json().invoice.status).toBe('paid');
    expect(rest.json().invoice.balanceCents).toBe(0);
    const m = await money(o.invoice!.id);
    expect(m.sum).toBe(total);
    expect(m.inv.paid_cents).toBe(total);
    expect(m.count).toBe(parts.length + 1);

    const detail = (await me.agent.get(`/api/portal/${yard.slug}/orders/${o.order.id}`)).json();
    expect(detail.order.status).toBe('paid');
    expect(detail.payments.reduce((s: number, p: { amountCents: number }) => s + p.amountCents, 0)).toBe(
      detail.invoices[0].paidCents,
    );
    expect(detail.statusHistory.map((s: { to: string }) => s.to)).toEqual(
      expect.arrayContaining(['partial_payment', 'paid']),
    );

    // Nothing is left to pay.
    const more = await pay(1);
    expect(more.statusCode).toBe(409);
    expect(more.json().code).toBe('INVOICE_NOT_PAYABLE');

    // A receipt for each payment, through the queue to the real SMTP server.
    const mails = await h.sink.waitForMail(me.customer.email!, parts.length + 1);
    expect(mails[0].parsed.subject).toContain('Receipt');
    expect(mails.some((m) => (m.parsed.text ?? '').includes('paid in full'))).toBe(true);
    expect(mails[0].parsed.text).toContain(`/portal/${yard.slug}/orders/${o.order.id}`);
  });

  it('the same Idempotency-Key twice records one payment; with another amount it is refused', async () => {
    const { o, pay } = await setup();
    const key = newKey();
    const first = await pay(5_000, key);
    const again = await pay(5_000, key);
    expect(first.statusCode, first.body).toBe(200);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().payment.id).toBe(first.json().payment.id);
    const other = await pay(6_000, key);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    const m = await money(o.invoice!.id);
    expect(m.count).toBe(1);
    expect(m.inv.paid_cents).toBe(5_000);
  });

  it('a double click (concurrent requests, one key) charges once', async () => {
    const { o, pay } = await setup();
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 6 }, () => pay(7_000, key)));
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    expect(new Set(results.map((r) => r.json().payment.id)).size).toBe(1);
    const m = await money(o.invoice!.id);
    expect(m.count).toBe(1);
    expect(m.inv.paid_cents).toBe(7_000);
  });

  it('concurrent payments with different keys never exceed the balance', async () => {
    const { o, pay } = await setup();
    const half = Math.ceil(o.invoice!.total_cents / 2) + 1;
    const results = await Promise.all([pay(half), pay(half), pay(half)]);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const m = await money(o.invoice!.id);
    expect(m.inv.paid_cents).toBe(half);
    expect(m.sum).toBe(half);
  });

  async function asyncSetup() {
    const { yard, me, o } = await setup();
    const fake = asyncProvider();
    const service = createPaymentsService(h.deps, fake.provider);
    const principal = ownPrincipal({ yardId: yard.id, customerId: me.customer.id, accountId: me.account.id });
    const pay = (amountCents: number, idempotencyKey = newKey()) =>
      service.payInvoice(
        principal,
        o.invoice!.id,
        { amountCents, idempotencyKey },
        customerActor(principal, { ip: '127.0.0.1' }),
      );
    return { o, fake, pay };
  }

  it('card payments waiting for the webhook hold their amount: together they never exceed the balance', async () => {
    const { o, fake, pay } = await asyncSetup();
    const total = o.invoice!.total_cents;
    expect(await pay(total - 1_000)).toMatchObject({ status: 'pending' });
    await expect(pay(2_000)).rejects.toMatchObject({
      code: 'PAYMENT_PENDING',
      status: 409,
      details: { balanceCents: total, pendingCents: total - 1_000, payableCents: 1_000 },
    });
    expect(await pay(1_000)).toMatchObject({ status: 'pending' });
    await expect(pay(1)).rejects.toMatchObject({ code: 'PAYMENT_PENDING' });
    expect(fake.calls.charge).toBe(2);
    const attempts = await db()
      .db.selectFrom('payment_attempts')
      .select(['amount_cents', 'status'])
      .where('invoice_id', '=', o.invoice!.id)
      .execute();
    expect(attempts.map((a) => a.amount_cents).sort((a, b) => a - b)).toEqual([1_000, total - 1_000]);
  });

  it('a retried pending card payment resumes its intent; while it is still starting, 409', async () => {
    const { fake, pay } = await asyncSetup();
    const key = newKey();
    const first = await pay(5_000, key);
    expect(first).toMatchObject({ status: 'pending' });
    const again = await pay(5_000, key);
    expect(again).toMatchObject({ status: 'pending' });
    expect(again.status === 'pending' && again.clientSecret).toMatch(/^secret_again_pi_/);
    expect(fake.calls).toEqual({ charge: 1, resume: 1 });

    // A double click while the provider is still creating the intent.
    const release = fake.hold();
    const slowKey = newKey();
    const slow = pay(6_000, slowKey);
    await expect
      .poll(() =>
        db()
          .db.selectFrom('payment_attempts')
          .select('id')
          .where('idempotency_key', '=', slowKey)
          .executeTakeFirst(),
      )
      .toBeTruthy();
    await expect(pay(6_000, slowKey)).rejects.toMatchObject({ code: 'PAYMENT_IN_PROGRESS', status: 409 });
    release();
    expect(await slow).toMatchObject({ status: 'pending' });
    expect(fake.calls.charge).toBe(2);

    // The request that started it died before storing the reference: a retry later starts it
    // again (the provider's idempotency key is the attempt's id, so it is the same intent).
    fake.failNext();
    const lostKey = newKey();
    await expect(pay(7_000, lostKey)).rejects.toThrow(/network error/);
    await expect(pay(7_000, lostKey)).rejects.toMatchObject({ code: 'PAYMENT_IN_PROGRESS' });
    h.clock.advance(3 * 60_000);
    expect(await pay(7_000, lostKey)).toMatchObject({ status: 'pending' });
    expect(fake.calls.charge).toBe(4);
  });

  /** PostgreSQL only: until some session of this database waits for a row lock. */
  const someoneWaitsForALock = () =>
    expect
      .poll(
        async () =>
          Number(
            (
              await sql<{ n: string }>`select count(*) as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'`.execute(db().db)
            ).rows[0].n,
          ),
        { timeout: 5_000 },
      )
      .toBeGreaterThan(0);

  // Staff sending an invoice lock the order, then the invoice; a payment must take them in
  // the same order, or the two deadlock. (PGlite has one connection: nothing runs concurrently.)
  it.skipIf(engine === 'pglite')(
    'a payment waits for the order lock before it takes the invoice',
    async () => {
      const { o, pay } = await setup();
      let paying: ReturnType<typeof pay> | undefined;
      await db()
        .db.transaction()
        .execute(async (trx) => {
          await trx.selectFrom('orders').select('id').where('id', '=', o.order.id).forUpdate().execute();
          paying = pay(1_000);
          await someoneWaitsForALock();
          // The payment holds nothing yet: the invoice is free to lock, as sendInvoice does next.
          await trx
            .selectFrom('invoices')
            .select('id')
            .where('id', '=', o.invoice!.id)
            .forUpdate()
            .noWait()
            .execute();
        });
      const res = await paying!;
      expect(res.statusCode, res.body).toBe(200);
    },
  );

  it('a declined card, an over-balance, zero or negative amount change nothing', async () => {
    const { o, pay } = await setup();
    const declined = await pay(1_000, newKey(), '4000000000000002');
    expect(declined.statusCode).toBe(402);
    expect(declined.json().code).toBe('CARD_DECLINED');
    expect(declined.json().message).toMatch(/declined/i);
    const funds = await pay(1_000, newKey(), '4000 0000 0000 9995');
    expect(funds.statusCode).toBe(402);
    expect(funds.json().message).toMatch(/insufficient funds/i);
    const over = await pay(o.invoice!.total_cents + 1);
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('AMOUNT_OVER_BALANCE');
    expect(over.json().message).toMatch(/balance/);
    for (const bad of [0, -500, 12.5, '100']) {
      const res = await pay(bad);
      expect(res.statusCode, String(bad)).toBe(422);
      expect(res.json().code).toBe('VALIDATION');
    }
    const m = await money(o.invoice!.id);
    expect(m.count).toBe(0);
    expect(m.inv.paid_cents).toBe(0);
    expect(m.inv.status).toBe('open');
    const order = await db()
      .db.selectFrom('orders')
      .select('status')
      .where('id', '=', o.order.id)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('invoiced');
  });

  it('a payment without an Idempotency-Key is refused', async () => {
    const { yard, me, o } = await setup();
    const res = await me.agent.post(`/api/portal/${yard.slug}/invoices/${o.invoice!.id}/payments`, {
      amountCents: 100,
      cardNumber: '4242424242424242',
    });
    expect(res.statusCode).toBe(422);
  });

  it('paying the requested deposit lets the work start', async () => {
    const { yard } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const o = await makeOrder(db().db, yard.id, me.customer.id, {
      status: 'deposit_requested',
      invoice: true,
      depositCents: 20_000,
    });
    const res = await me.agent.post(
      `/api/portal/${yard.slug}/invoices/${o.invoice!.id}/payments`,
      { amountCents: 20_000, cardNumber: '4242424242424242' },
      { headers: { 'idempotency-key': newKey() } },
    );
    expect(res.statusCode, res.body).toBe(200);
    const detail = (await me.agent.get(`/api/portal/${yard.slug}/orders/${o.order.id}`)).json();
    expect(detail.order.status).toBe('in_progress');
    expect(detail.invoices[0].status).toBe('partial');
  });
});
