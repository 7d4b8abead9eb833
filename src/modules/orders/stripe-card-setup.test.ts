import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { grantedAccount } from '../../../test/support/portal-accounts.js';
import { stripeProvider } from './stripe-provider.js';

const STRIPE_ENV = {
  STRIPE_SECRET_KEY: 'sk_test_setup',
  STRIPE_WEBHOOK_SECRET: 'whsec_setup',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_portal_key',
};

/**
 * Saving a card with Stripe as the provider (docs/saved-cards.md): the portal's card form
 * gets the SetupIntent's client secret and the publishable key Stripe.js is started with —
 * only the account holder, who may manage the cards, gets them. Stripe's API is a stub here.
 */
describeEachEngine('a Stripe card setup in the portal', (db) => {
  let h: Harness;
  let builtIn: Harness;
  const created: { customer: string; idempotencyKey?: string }[] = [];
  const client = {
    customers: {
      create: async (_: unknown, o: { idempotencyKey: string }) => ({ id: `cus_${o.idempotencyKey}` }),
    },
    setupIntents: {
      create: async (p: { customer: string }, o: { idempotencyKey: string }) => {
        created.push({ customer: p.customer, idempotencyKey: o.idempotencyKey });
        return { id: `seti_${created.length}`, client_secret: `seti_${created.length}_secret_abc` };
      },
      // What Stripe answers once the browser confirmed the setup in its card form.
      retrieve: async (id: string) => ({
        id,
        status: 'succeeded',
        customer: created[Number(id.slice(5)) - 1].customer,
        payment_method: {
          id: `pm_${id}`,
          card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2031 },
        },
      }),
    },
  };
  beforeAll(async () => {
    h = await startHarness(db(), {
      worker: false,
      env: STRIPE_ENV,
      paymentProvider: stripeProvider({
        secretKey: STRIPE_ENV.STRIPE_SECRET_KEY,
        webhookSecret: STRIPE_ENV.STRIPE_WEBHOOK_SECRET,
        publishableKey: STRIPE_ENV.STRIPE_PUBLISHABLE_KEY,
        client: client as unknown as Stripe,
      }),
    });
    builtIn = await startHarness(db(), { worker: false });
  });
  afterAll(async () => {
    await h?.close();
    await builtIn?.close();
  });

  it('the account holder gets the client secret and the publishable key, then saves the card Stripe confirmed', async () => {
    const { yard } = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const list = await owner.agent.get(`/api/portal/${yard.slug}/cards`);
    expect(list.json().provider).toBe('stripe');

    const setup = await owner.agent.post(`/api/portal/${yard.slug}/cards/setups`);
    expect(setup.statusCode, setup.body).toBe(200);
    const body = setup.json();
    expect(body).toMatchObject({
      provider: 'stripe',
      clientSecret: `seti_${created.length}_secret_abc`,
      publishableKey: 'pk_test_portal_key',
    });
    // Never the secret key or the webhook secret.
    expect(setup.body).not.toContain('sk_test_setup');
    expect(setup.body).not.toContain('whsec_setup');

    // The browser confirmed it in Stripe's form; the confirm step sends no card at all.
    const saved = await owner.agent.post(`/api/portal/${yard.slug}/cards/setups/${body.setupId}/confirm`);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().card).toMatchObject({ label: 'Visa •••• 4242', expMonth: 8, expYear: 2031 });
  });

  it('someone the owner shared access with, a visitor, and another yard get neither', async () => {
    const { yard } = await makeYard(db().db);
    const other = await makeYard(db().db);
    const owner = await signedInCustomer(h, db().db, yard);
    const before = created.length;
    for (const role of ['view', 'pay'] as const) {
      const email = `crew-${role}-${Date.now()}@boat.test`;
      await grantedAccount(db().db, {
        yardId: yard.id,
        ownerCustomerId: owner.customer.id,
        email,
        role,
        password: CUSTOMER_PASSWORD,
      });
      const crew = h.agent();
      const signIn = await crew.post(`/api/portal/${yard.slug}/sign-in`, {
        email,
        password: CUSTOMER_PASSWORD,
      });
      expect(signIn.statusCode, signIn.body).toBe(200);
      const res = await crew.post(`/api/portal/${yard.slug}/cards/setups`);
      expect(res.statusCode, role).toBe(403);
      expect(res.body).not.toContain('pk_test_portal_key');
    }
    const visitor = await h.agent().post(`/api/portal/${yard.slug}/cards/setups`);
    expect(visitor.statusCode).toBe(401);
    expect(visitor.body).not.toContain('pk_test_portal_key');
    const elsewhere = await owner.agent.post(`/api/portal/${other.yard.slug}/cards/setups`);
    expect([401, 404]).toContain(elsewhere.statusCode);
    expect(elsewhere.body).not.toContain('pk_test_portal_key');
    // No SetupIntent was made at Stripe for any of them.
    expect(created.length).toBe(before);
  });

  it('the built-in provider hands out no publishable key', async () => {
    const { yard } = await makeYard(db().db);
    const owner = await signedInCustomer(builtIn, db().db, yard);
    const setup = await owner.agent.post(`/api/portal/${yard.slug}/cards/setups`);
    expect(setup.statusCode, setup.body).toBe(200);
    expect(setup.json()).toMatchObject({ provider: 'offline', publishableKey: null });
  });
});
