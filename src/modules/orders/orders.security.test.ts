// Longer than most files on purpose: the shared matrix (signed out, wrong yard, wrong customer,
// no CSRF token) over every order, estimate and payment route.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { approval } from '../../../test/support/estimate-fixtures.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, newKey, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { stripeProvider } from './stripe-provider.js';

describeEachEngine('orders: a customer reaches only their own records', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  /** Every portal endpoint that takes an id, with the id it needs from a fixture. */
  const endpoints = (f: Awaited<ReturnType<typeof makeOrder>>) => [
    { method: 'GET' as const, path: `orders/${f.order.id}` },
    { method: 'GET' as const, path: `orders?boatId=${f.boat.id}`, list: true },
    { method: 'POST' as const, path: `estimates/${f.estimate!.id}/accept`, body: approval() },
    { method: 'POST' as const, path: `estimates/${f.estimate!.id}/decline`, body: { reason: 'no' } },
    {
      method: 'POST' as const,
      path: `invoices/${f.invoice!.id}/payments`,
      body: { amountCents: 100, cardNumber: '4242424242424242' },
    },
  ];

  it("another customer's ids and another yard's ids answer 404 and change nothing", async () => {
    const { yard } = await makeYard(db().db);
    const attacker = await signedInCustomer(h, db().db, yard);
    const neighbour = await signedInCustomer(h, db().db, yard);
    const { yard: otherYard } = await makeYard(db().db);
    const stranger = await signedInCustomer(h, db().db, otherYard);
    const victims = [
      await makeOrder(db().db, yard.id, neighbour.customer.id, { estimate: 'sent', invoice: true }),
      await makeOrder(db().db, otherYard.id, stranger.customer.id, { estimate: 'sent', invoice: true }),
    ];
    for (const victim of victims) {
      for (const e of endpoints(victim)) {
        const url = `/api/portal/${yard.slug}/${e.path}`;
        const res = await attacker.agent.request(e.method, url, e.body, {
          headers: { 'idempotency-key': newKey() },
        });
        if (e.list) {
          // A filter by someone else's boat finds nothing of theirs.
          expect(res.statusCode).toBe(200);
          expect(res.json().orders).toEqual([]);
        } else {
          expect(res.statusCode, `${e.method} ${url}`).toBe(404);
          expect(res.body).not.toContain(victim.boat.name);
        }
      }
      const est = await db()
        .db.selectFrom('estimates')
        .select('status')
        .where('id', '=', victim.estimate!.id)
        .executeTakeFirstOrThrow();
      expect(est.status).toBe('sent');
      const inv = await db()
        .db.selectFrom('invoices')
        .select('paid_cents')
        .where('id', '=', victim.invoice!.id)
        .executeTakeFirstOrThrow();
      expect(inv.paid_cents).toBe(0);
    }
    // The other yard's customer, through the attacker's yard's portal, is not even signed in.
    const crossPortal = await stranger.agent.get(`/api/portal/${yard.slug}/orders/${victims[0].order.id}`);
    expect(crossPortal.statusCode).toBe(401);
  });

  it('signed out: 401; missing CSRF token: 403; staff of another yard: 404 on send', async () => {
    const { yard } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const f = await makeOrder(db().db, yard.id, me.customer.id, { estimate: 'sent', invoice: true });
    for (const e of endpoints(f)) {
      const res = await h.agent().request(e.method, `/api/portal/${yard.slug}/${e.path}`, e.body, {
        headers: { 'idempotency-key': newKey() },
      });
      expect(res.statusCode).toBe(401);
    }
    const noCsrf = await me.agent.post(
      `/api/portal/${yard.slug}/estimates/${f.estimate!.id}/accept`,
      {},
      { csrf: false },
    );
    expect(noCsrf.statusCode).toBe(403);
    expect((await h.agent().get('/api/staff/orders')).statusCode).toBe(401);

    const { staff: otherStaff } = await makeYard(db().db);
    const agent = h.agent();
    await agent.signInStaff(otherStaff.email, 'correct horse battery staple');
    for (const action of ['send-estimate', 'send-invoice']) {
      const res = await agent.post(`/api/staff/orders/${f.order.id}/${action}`);
      expect(res.statusCode).toBe(404);
    }
    const list = (await agent.get('/api/staff/orders')).json();
    expect(list.orders).toEqual([]);
  });
});

describeEachEngine('Stripe webhook', (db) => {
  const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';
  let h: Harness;
  let stripeApp: Awaited<ReturnType<typeof buildApp>>;
  const stripe = new Stripe('sk_test_not_used');
  beforeAll(async () => {
    h = await startHarness(db());
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SMTP_URL: h.sink.url,
      STRIPE_SECRET_KEY: 'sk_test_not_used',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_PUBLISHABLE_KEY: 'pk_test_not_used',
    });
    expect(config.payments.provider).toBe('stripe');
    stripeApp = await buildApp(
      { ...h.deps, config },
      { cookieSecret: 'test-cookie-secret-0123456789abcdef0123' },
    );
  });
  afterAll(async () => {
    await stripeApp.close();
    await h.close();
  });

  async function pendingAttempt() {
    const { yard } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const f = await makeOrder(db().db, yard.id, me.customer.id, { status: 'invoiced', invoice: true });
    // What the Stripe adapter leaves behind once the PaymentIntent exists (no network here).
    const attempt = await db()
      .db.insertInto('payment_attempts')
      .values({
        yard_id: yard.id,
        invoice_id: f.invoice!.id,
        customer_id: me.customer.id,
        idempotency_key: newKey(),
        request_hash: 'x',
        amount_cents: 30_000,
        provider: 'stripe',
        status: 'pending',
        provider_ref: `pi_${newKey()}`,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { f, attempt, me };
  }

  const eventFor = (
    attempt: { id: string; yard_id: string; amount_cents: number; provider_ref: string | null },
    id = `evt_${newKey()}`,
    change: { intentId?: string; metadata?: Record<string, string> } = {},
  ) =>
    JSON.stringify({
      id,
      object: 'event',
      type: 'payment_intent.succeeded',
      data: {
        object: {
          id: change.intentId ?? attempt.provider_ref,
          object: 'payment_intent',
          amount: attempt.amount_cents,
          amount_received: attempt.amount_cents,
          metadata: change.metadata ?? { yardId: attempt.yard_id, attemptId: attempt.id },
        },
      },
    });

  const deliver = (payload: string, signature: string) =>
    stripeApp.inject({
      method: 'POST',
      url: '/api/payments/webhook',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      payload,
    });

  it('a correctly signed payment_intent.succeeded is recorded once, even when delivered twice', async () => {
    const { f, attempt, me } = await pendingAttempt();
    const payload = eventFor(attempt);
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const first = await deliver(payload, header);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().recorded).toBe(true);
    const second = await deliver(payload, header);
    expect(second.statusCode).toBe(200);
    expect(second.json().recorded).toBe(false);
    // A different event for the same PaymentIntent does not pay twice either.
    const other = eventFor(attempt);
    const third = await deliver(
      other,
      stripe.webhooks.generateTestHeaderString({ payload: other, secret: WEBHOOK_SECRET }),
    );
    expect(third.statusCode).toBe(200);
    const rows = await db()
      .db.selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', f.invoice!.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amount_cents: 30_000, attempt_id: attempt.id, provider: 'stripe' });
    const inv = await db()
      .db.selectFrom('invoices')
      .selectAll()
      .where('id', '=', f.invoice!.id)
      .executeTakeFirstOrThrow();
    expect(inv).toMatchObject({ paid_cents: 30_000, status: 'partial' });
    await h.sink.waitForMail(me.customer.email!, 1);
  });

  it('events that are not ours (or not for this attempt) are answered 200 and record nothing', async () => {
    const { f, attempt } = await pendingAttempt();
    const { yard: otherYard } = await makeYard(db().db);
    const signed = async (payload: string) => {
      const res = await deliver(
        payload,
        stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
      );
      expect(res.statusCode, res.body).toBe(200);
      return res.json().recorded;
    };
    const notOurs: { intentId?: string; metadata?: Record<string, string> }[] = [
      { metadata: { yardId: attempt.yard_id, attemptId: 'order-1234' } },
      { metadata: { attemptId: attempt.id } },
      { metadata: { yardId: otherYard.id, attemptId: attempt.id } },
      { intentId: `pi_${newKey()}` },
    ];
    for (const change of notOurs) expect(await signed(eventFor(attempt, undefined, change))).toBe(false);
    const rows = await db()
      .db.selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', f.invoice!.id)
      .execute();
    expect(rows).toHaveLength(0);
    expect(await signed(eventFor(attempt))).toBe(true);
  });

  it('a bad or missing signature is a 400 and records nothing', async () => {
    const { f, attempt } = await pendingAttempt();
    const payload = eventFor(attempt);
    const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' });
    expect((await deliver(payload, forged)).statusCode).toBe(400);
    const tampered = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const res = await deliver(payload.replace('30000', '3000000'), tampered);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('BAD_SIGNATURE');
    const none = await stripeApp.inject({
      method: 'POST',
      url: '/api/payments/webhook',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(none.statusCode).toBe(400);
    const rows = await db()
      .db.selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', f.invoice!.id)
      .execute();
    expect(rows).toHaveLength(0);
  });
});

describe('Stripe adapter', () => {
  it('resumes a started payment by retrieving its PaymentIntent, not creating another', async () => {
    const calls: unknown[] = [];
    const fake = {
      paymentIntents: {
        create: async () => {
          throw new Error('must not create');
        },
        retrieve: async (id: string) => {
          calls.push(id);
          return { id, client_secret: `${id}_secret_abc` };
        },
      },
      webhooks: new Stripe('sk_test_x').webhooks,
    } as unknown as Stripe;
    const p = stripeProvider({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x', client: fake });
    expect(await p.resume!('pi_123')).toEqual({
      status: 'pending',
      reference: 'pi_123',
      clientSecret: 'pi_123_secret_abc',
    });
    expect(calls).toEqual(['pi_123']);
  });

  it('creates a PaymentIntent with the attempt as idempotency key and answers pending', async () => {
    const calls: unknown[] = [];
    const fake = {
      paymentIntents: {
        create: async (params: unknown, opts: unknown) => {
          calls.push([params, opts]);
          return { id: 'pi_123', client_secret: 'pi_123_secret_abc' };
        },
      },
      webhooks: new Stripe('sk_test_x').webhooks,
    } as unknown as Stripe;
    const p = stripeProvider({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x', client: fake });
    const r = await p.charge({
      attemptId: 'a1',
      idempotencyKey: 'slipway-payment-a1',
      amountCents: 1234,
      currency: 'usd',
      description: 'Invoice #1',
      metadata: { invoiceId: 'i1' },
    });
    expect(r).toEqual({ status: 'pending', reference: 'pi_123', clientSecret: 'pi_123_secret_abc' });
    expect(calls[0]).toEqual([
      expect.objectContaining({
        amount: 1234,
        currency: 'usd',
        metadata: { invoiceId: 'i1', attemptId: 'a1' },
      }),
      { idempotencyKey: 'slipway-payment-a1' },
    ]);
  });
});
