import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';

/** The owner changes a customer's city, then finds the change in the History card and the audit log. */
describeEachBrowserEngine('the audit log in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('shows who changed what, before → after, at 390×844 and fits 360×640', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const customer = await makeCustomer(db, yard.id, { first_name: 'Ava', last_name: 'Thompson' });
    const page = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${app.base}/app/customers`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();

    // The change, through the API the contact card uses.
    const changed = await page.evaluate(
      async ({ id }) => {
        const { token } = await (await fetch('/api/csrf')).json();
        const res = await fetch(`/api/staff/customers/${id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'x-csrf-token': token },
          body: JSON.stringify({ city: 'Rockland' }),
        });
        return res.status;
      },
      { id: customer.id },
    );
    expect(changed).toBe(200);

    await page.goto(`${app.base}/app/customers/${customer.id}`);
    const history = page
      .locator('section, div')
      .filter({ has: page.getByRole('heading', { name: 'History' }) })
      .last();
    await history.getByText('Rockland').waitFor();
    await expect.poll(() => history.getByText('Dana Whitfield').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page
      .getByRole('navigation', { name: 'Dashboard' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await expect.poll(() => page.url()).toContain('/app/audit');
    await page.getByText('customer updated').first().waitFor();
    await page.getByText('Rockland').first().waitFor();
    await page.screenshot({ path: '/tmp/audit-rows-390.png' });
    const csv = page.getByRole('link', { name: 'Export CSV' });
    expect(await csv.getAttribute('href')).toBe('/api/staff/audit.csv');
    await page.getByLabel('What').selectOption('order');
    await page.getByText('No changes recorded for these filters.').waitFor();
    expect(await csv.getAttribute('href')).toBe('/api/staff/audit.csv?entity=order');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.setViewportSize({ width: 360, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: '/tmp/audit-390.png', fullPage: false });
  });
});
