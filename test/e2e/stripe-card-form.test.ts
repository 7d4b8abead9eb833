import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stripeProvider } from '../../src/modules/orders/stripe-provider.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard } from '../support/factories.js';
import { CUSTOMER_PASSWORD, makePortalCustomer } from '../support/portal-accounts.js';

const KEYS = { secretKey: 'sk_test_e2e', webhookSecret: 'whsec_e2e', publishableKey: 'pk_test_e2e' };

/**
 * Stripe's card form in Chromium (docs/saved-cards.md). This machine cannot reach stripe.com,
 * so the browser's requests to js.stripe.com, its frame and api.stripe.com are answered by a
 * stand-in of Stripe.js — but they are real cross-origin requests, checked by the portal's
 * real Content-Security-Policy: any refusal fails the test. The server's Stripe client is a stub.
 */
describeEachBrowserEngine('saving a card in Stripe’s form', (engine) => {
  let app: BrowserApp;
  const intents: { customer: string }[] = [];
  const client = {
    customers: { create: async () => ({ id: 'cus_e2e' }) },
    setupIntents: {
      create: async (p: { customer: string }) => {
        intents.push(p);
        return { id: `seti_${intents.length}`, client_secret: `seti_${intents.length}_secret_e2e` };
      },
      retrieve: async (id: string) => ({
        id,
        status: 'succeeded',
        customer: 'cus_e2e',
        payment_method: {
          id: 'pm_e2e',
          card: { brand: 'mastercard', last4: '4444', exp_month: 4, exp_year: 2032 },
        },
      }),
    },
  };

  beforeAll(async () => {
    app = await startBrowserApp({
      engine,
      worker: false,
      env: {
        STRIPE_SECRET_KEY: KEYS.secretKey,
        STRIPE_WEBHOOK_SECRET: KEYS.webhookSecret,
        STRIPE_PUBLISHABLE_KEY: KEYS.publishableKey,
      },
      paymentProvider: stripeProvider({ ...KEYS, client: client as unknown as Stripe }),
    });
  });
  afterAll(() => app?.close());

  it('the owner saves a card: Stripe.js loads from js.stripe.com, its frame shows, the setup is confirmed at Stripe, the card is listed', async () => {
    const db = app.database.db;
    const { yard } = await makeYard(db, 'Harbor Point Marine');
    const { customer } = await makePortalCustomer(db, yard.id, { first_name: 'Ava', last_name: 'Owner' });
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(15_000);
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspRefused: string[] }).__cspRefused = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    const asked: string[] = [];
    // The stand-in of Stripe.js: a card "frame" from js.stripe.com, a confirm that calls api.stripe.com.
    await context.route('https://js.stripe.com/**', (route) => {
      asked.push(route.request().url());
      if (route.request().url() === 'https://js.stripe.com/v3/') {
        return route.fulfill({ contentType: 'text/javascript', body: FAKE_STRIPE_JS });
      }
      return route.fulfill({ contentType: 'text/html', body: '<p>Card number, MM / YY, CVC</p>' });
    });
    await context.route('https://api.stripe.com/**', (route) => {
      asked.push(route.request().url());
      return route.fulfill({
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({ id: 'seti_1', status: 'succeeded' }),
      });
    });
    const page = await context.newPage();
    const portal = `${app.base}/portal/${yard.slug}`;
    const first = await page.goto(`${portal}/sign-in`);
    expect(first?.headers()['content-security-policy']).toContain("script-src 'self' https://js.stripe.com");
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome, Ava/).waitFor();
    // Stripe.js is not loaded before the card form is opened.
    expect(asked).toEqual([]);

    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Cards' }).click();
    await page.getByRole('button', { name: 'Add a card' }).click();
    const form = page.getByRole('form', { name: 'Add a card' });
    await form.locator('iframe[title="Secure card payment input frame"]').waitFor();
    expect(await form.getByLabel('Card number').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { fakeStripeKey: string }).fakeStripeKey)).toBe(
      'pk_test_e2e',
    );
    await form.getByRole('button', { name: 'Save card' }).click();
    await page.getByRole('status').getByText('Mastercard •••• 4444 is saved.', { exact: false }).waitFor();
    await page.locator('.saved-cards').getByText('Mastercard •••• 4444').waitFor();
    expect(asked).toEqual([
      'https://js.stripe.com/v3/',
      'https://js.stripe.com/fake-card-frame',
      'https://api.stripe.com/v1/setup_intents/seti_1/confirm',
    ]);
    expect(await page.evaluate(() => (window as unknown as { __cspRefused: string[] }).__cspRefused)).toEqual(
      [],
    );
    await context.close();
  });
});

/** Enough of Stripe.js for the portal's card form, doing what the real one does across origins. */
const FAKE_STRIPE_JS = `
window.Stripe = function (key) {
  window.fakeStripeKey = key;
  return {
    elements: function () {
      return {
        create: function () {
          return {
            mount: function (el) {
              var frame = document.createElement('iframe');
              frame.src = 'https://js.stripe.com/fake-card-frame';
              frame.title = 'Secure card payment input frame';
              el.appendChild(frame);
            },
            destroy: function () {},
            on: function () {},
          };
        },
      };
    },
    confirmCardSetup: function (secret) {
      var id = secret.split('_secret_')[0];
      return fetch('https://api.stripe.com/v1/setup_intents/' + id + '/confirm', { method: 'POST' })
        .then(function (r) { return r.json(); })
        .then(function (setupIntent) { return { setupIntent: setupIntent }; });
    },
  };
};
`;
