import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { CUSTOMER_PASSWORD, makePortalCustomer } from '../support/portal-accounts.js';

/**
 * A platform authenticator in Chromium through the DevTools protocol: CTAP2 over the
 * "internal" transport (a phone's or laptop's own), with resident keys (passkeys) and user
 * verification (the fingerprint) that always succeeds.
 */
async function virtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    /** Whether someone touches the device when asked (automatic presence simulation). */
    presence: (enabled: boolean) =>
      cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }),
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

/** A customer adds a passkey on the account page and signs in with it; the office sees and removes it (docs/passkeys.md). */
describeEachBrowserEngine('passkeys in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    // WebAuthn needs a secure context and an RP ID that is a host name: http://localhost is both.
    app = await startBrowserApp({ engine, hostName: 'localhost' });
  });
  afterAll(() => app?.close());

  it('sign in with the password, add a passkey, sign out, sign in with the passkey; the office removes it', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const { customer } = await makePortalCustomer(db, yard.id, { first_name: 'Marisol' });
    const context = await app.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const device = await virtualAuthenticator(context, page);

    await page.goto(`${app.base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText(/Welcome, Marisol/).waitFor();

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByText('You have no passkeys yet.').waitFor();
    await page.getByLabel('Passkey name').fill('Work laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey "Work laptop" added.', { exact: false }).waitFor();
    await page.getByText(/not used yet/).waitFor();
    const made = await device.credentials();
    expect(made).toHaveLength(1);
    expect(made[0].isResidentCredential).toBe(true);
    expect(made[0].rpId).toBe('localhost');
    const [notice] = await app.h.sink.waitForMail(customer.email!, 1);
    expect(notice.parsed.subject).toBe(`A passkey was added to your ${yard.name} portal account`);

    const count = async () => (await device.credentials())[0].signCount;
    const afterRegistration = await count();
    // Signed out, the sign-in page offers the passkey in the email field's suggestions
    // (conditional UI); the virtual authenticator answers it at once, as picking it would.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByText(/Welcome, Marisol/).waitFor();
    expect(await count()).toBe(afterRegistration + 1);

    // With nobody at the device the suggestion waits; the button asks the device directly.
    await device.presence(false);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    const button = page.getByRole('button', { name: 'Use a passkey' });
    await button.waitFor();
    await page.getByLabel('Keep me signed in').check();
    await device.presence(true);
    // The suggestion that waited may answer as soon as someone is at the device; else the button asks.
    if (await button.isVisible()) await button.click({ timeout: 2_000 }).catch(() => undefined);
    await page.getByText(/Welcome, Marisol/).waitFor();
    expect(await count()).toBe(afterRegistration + 2);
    // "Keep me signed in" counts for a passkey too: a cookie that outlives the browser.
    const kept = (await context.cookies()).find((c) => c.name.endsWith('slipway_portal'));
    expect(kept?.expires).toBeGreaterThan(Date.now() / 1000 + 80 * 86_400);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByText(/last used/).waitFor();

    // The office: the profile says the customer has one passkey, and removes it (a lost laptop).
    const office = await (await app.browser.newContext()).newPage();
    office.setDefaultTimeout(15_000);
    await office.goto(`${app.base}/app/customers/${customer.id}`);
    await office.getByLabel('Email').fill(staff.email);
    await office.getByLabel('Password').fill(STAFF_PASSWORD);
    await office.getByRole('button', { name: 'Sign in' }).click();
    await office.getByText('1 passkey for signing in:').waitFor();
    await office.getByRole('button', { name: 'Remove passkey Work laptop' }).click();
    await office.getByRole('dialog').getByRole('button', { name: 'Remove passkey' }).click();
    await office.getByText(/Passkey "Work laptop" removed; Marisol was emailed about it/).waitFor();
    await office.getByText('No passkeys: signs in with a password.').waitFor();
    await app.h.sink.waitForMail(customer.email!, 2);

    // The passkey still on the laptop no longer signs in.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByText(/That passkey does not open an account at this portal/).waitFor();
    await context.close();
  });
});
