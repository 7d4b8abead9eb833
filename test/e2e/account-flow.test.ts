import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeOrderHistory, makeYard, STAFF_PASSWORD } from '../support/factories.js';
import type { Harness } from '../support/harness.js';
import { SAMPLE_PHOTOS } from '../support/photos.js';
import { linkTokenIn, makePortalCustomer } from '../support/portal-accounts.js';

/** A customer's own account in a browser: forgotten password by email, and requesting service. */
describeEachBrowserEngine('portal account and service requests in a browser', (engine) => {
  let database: Database;
  let h: Harness;
  let browser: Browser;
  let base: string;

  let app: BrowserApp | undefined;

  beforeAll(async () => {
    app = await startBrowserApp({ engine });
    ({ database, h, browser, base } = app);
  });

  afterAll(() => app?.close());

  it('a customer resets a forgotten password by email and signs in with the new one', async () => {
    const { yard } = await makeYard(database.db, 'Harbor Point Marine');
    const { customer } = await makePortalCustomer(database.db, yard.id, { first_name: 'Rosalind' });
    const email = customer.email!;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/portal/${yard.slug}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await page.getByText(/a link to choose a new password is on its way/).waitFor();

    const [mail] = await h.sink.waitForMail(email, 1);
    const { link } = linkTokenIn(mail, 'reset');
    expect(link.startsWith(`${base}/portal/${yard.slug}/reset/`)).toBe(true);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    const newPassword = 'copper anchor tulip morning';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    expect(await page.getByLabel('Sign me out on all devices').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await h.sink.waitForMail(email, 2);

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome, Rosalind/).waitFor();
    await context.close();
  });

  it('a customer requests service with a photo and staff see the new order on the profile', async () => {
    const { yard, staff } = await makeYard(database.db, 'Harbor Point Marine');
    const { customer } = await makePortalCustomer(database.db, yard.id, { first_name: 'Tobias' });
    const { boat } = await makeOrderHistory(database.db, yard.id, customer.id);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill('mooring buoy cedar evening');
    const keep = page.getByLabel('Keep me signed in');
    expect(await keep.isChecked()).toBe(false);
    await keep.check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome, Tobias/).waitFor();
    // Kept: the session cookie outlives the browser (90 days), unlike the default one.
    const kept = (await context.cookies()).find((c) => c.name.endsWith('slipway_portal'));
    expect(kept?.expires).toBeGreaterThan(Date.now() / 1000 + 80 * 86_400);

    await page.getByRole('link', { name: 'Request service' }).click();
    await page.getByRole('heading', { name: 'Request service' }).waitFor();
    await page.getByLabel('Boat').selectOption(boat.id);
    await page.getByLabel('Title (optional)').fill('Bilge pump keeps cycling');
    await page.getByLabel('What needs doing?').fill('The bilge pump runs every few minutes even when dry.');
    await page.getByLabel('Earliest date').fill('2030-03-02');
    await page
      .getByLabel('Photos (optional)')
      .setInputFiles([{ name: 'bilge.jpg', mimeType: 'image/jpeg', buffer: SAMPLE_PHOTOS.jpeg }]);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText(/Request sent: order #\d+/).waitFor();
    await page.getByRole('link', { name: 'See your order history' }).click();
    await page.getByText('Bilge pump keeps cycling').first().waitFor();
    await context.close();

    const staffContext = await browser.newContext();
    const dash = await staffContext.newPage();
    await dash.goto(`${base}/app/customers/${customer.id}`);
    await dash.getByLabel('Email').fill(staff.email);
    await dash.getByLabel('Password').fill(STAFF_PASSWORD);
    expect(await dash.getByLabel('Keep me signed in').count()).toBe(0);
    await dash.getByRole('button', { name: 'Sign in' }).click();
    await dash.getByText('Bilge pump keeps cycling').first().waitFor();
    await dash
      .getByText(/requested service/i)
      .first()
      .waitFor();
    await staffContext.close();
  });
  it('a customer edits contact details, confirms a new email by the link, and signs out everywhere', async () => {
    const { yard } = await makeYard(database.db, 'Harbor Point Marine');
    const { customer } = await makePortalCustomer(database.db, yard.id, { first_name: 'Odessa' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill('mooring buoy cedar evening');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome, Odessa/).waitFor();
    // Not kept: a browser-session cookie.
    const browserSession = (await context.cookies()).find((c) => c.name.endsWith('slipway_portal'));
    expect(browserSession?.expires).toBe(-1);

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByLabel('City').fill('Islamorada');
    await page.getByRole('button', { name: 'Save contact details' }).click();
    await page.getByText('Your contact details were saved.').waitFor();

    const newEmail = `odessa-${Date.now()}@example.org`;
    await page.getByLabel('New email address').fill(newEmail);
    await page.getByLabel('Current password').first().fill('mooring buoy cedar evening');
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await page.getByText(/We sent a link to/).waitFor();
    const [mail] = await h.sink.waitForMail(newEmail, 1);
    const { link } = linkTokenIn(mail, 'confirm-email');

    const inbox = await context.newPage();
    await inbox.goto(link);
    await inbox.getByRole('button', { name: 'Confirm new email address' }).click();
    await inbox.getByRole('heading', { name: 'Email address confirmed' }).waitFor();
    const row = await database.db
      .selectFrom('customers')
      .select(['email', 'city'])
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: newEmail, city: 'Islamorada' });

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect.poll(() => page.url()).toContain(`/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(newEmail);
    await page.getByLabel('Password').fill('mooring buoy cedar evening');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome, Odessa/).waitFor();
    await context.close();
  });
});
