import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeOrderHistory, makeYard, STAFF_PASSWORD } from '../support/factories.js';

/**
 * Staff search the Customers list on a phone: a misspelt name offers the yard's name as a
 * link, the total is shown, and filter chips narrow the list and live in the address.
 */
describeEachBrowserEngine('the Customers list search in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('suggests a name, counts, and filters by balance due and archive at 390×844 and 360×640', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    await makeCustomer(db, yard.id, { first_name: 'Ava', last_name: 'Thompson', email: 'ava@harbor.test' });
    await makeCustomer(db, yard.id, {
      first_name: 'Savannah',
      last_name: 'Jackson',
      email: 'sj@harbor.test',
    });
    const owing = await makeCustomer(db, yard.id, {
      first_name: 'Fay',
      last_name: 'Owing',
      email: 'fay@harbor.test',
    });
    await makeOrderHistory(db, yard.id, owing.id);
    const gone = await makeCustomer(db, yard.id, {
      first_name: 'Hal',
      last_name: 'Gone',
      email: 'hal@harbor.test',
    });
    await db.updateTable('customers').set({ archived_at: new Date() }).where('id', '=', gone.id).execute();

    const page = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${app.base}/app/customers`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('3 customers shown');
    expect(await page.getByText('Hal Gone').count()).toBe(0);

    await page.getByLabel('Search customers').fill('Thomson');
    await page.getByText('Did you mean').waitFor();
    await page.getByRole('link', { name: 'Thompson' }).click();
    await expect.poll(() => page.url()).toContain('q=Thompson');
    await page.getByRole('link', { name: /Ava Thompson/ }).waitFor();
    expect(await page.getByLabel('Search customers').inputValue()).toBe('Thompson');

    await page.getByLabel('Search customers').fill('');
    await page.getByRole('button', { name: 'Balance due' }).click();
    await expect.poll(() => page.url()).toContain('balance=due');
    await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('1 customer shown');
    await page.getByRole('link', { name: /Fay Owing/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Balance due' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The address holds the filters: opened again, the archived list.
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${app.base}/app/customers?archived=true`);
    await page.getByRole('link', { name: /Hal Gone/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Archived' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
