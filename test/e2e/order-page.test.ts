import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';

/** Nothing on the page is wider than the screen. */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Staff open an order from a customer's profile on a phone, add lines and start the work. */
describeEachBrowserEngine('the staff order page in a browser, phone-sized', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('creates an order with a catalog job, edits its lines, starts work, and fits 390 and 360 px', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    await db
      .updateTable('yards')
      .set({ tax_labor_bp: 500, tax_fees_bp: 0 })
      .where('id', '=', yard.id)
      .execute();
    const customer = await makeCustomer(db, yard.id, { first_name: 'Ann', last_name: 'Abbott' });
    await db
      .insertInto('boats')
      .values({ yard_id: yard.id, customer_id: customer.id, name: 'Windfall', length_ft: '30' })
      .execute();
    await db
      .insertInto('catalog_jobs')
      .values({
        yard_id: yard.id,
        name: 'Haul and launch',
        lines: JSON.stringify([
          { kind: 'per_foot', description: 'Haul and block (per ft)', quantity: null, unitPriceCents: 1_000 },
        ]),
      })
      .execute();

    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.base}/app/customers/${customer.id}`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('button', { name: 'New order' }).click();
    const dialog = page.getByRole('dialog', { name: 'New order' });
    await dialog.getByLabel('Catalog job (optional)').selectOption({ label: 'Haul and launch' });
    await dialog.getByRole('button', { name: 'Create order' }).click();
    await expect.poll(() => page.url()).toMatch(/\/app\/orders\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /#1001 Haul and launch/ }).waitFor();
    // 30 ft × $10.00, fees untaxed here.
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('$300.00');
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: '+ Labour' }).click();
    await page.getByLabel('Line 2 description').fill('Inspect running gear');
    await page.getByLabel('Line 2 quantity').fill('1.5');
    await page.getByLabel('Line 2 price').fill('100');
    // + $150.00 labour, taxed 5 % = $7.50
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('$457.50');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Save lines' }).click();
    await expect.poll(() => page.getByText('Unsaved changes').count()).toBe(0);
    const stored = await db
      .selectFrom('line_items')
      .select('description')
      .where('yard_id', '=', yard.id)
      .execute();
    expect(stored.map((l) => l.description).sort()).toEqual([
      'Haul and block (per ft)',
      'Inspect running gear',
    ]);

    await page.getByRole('button', { name: 'Start work' }).click();
    await page.getByText('In progress', { exact: true }).first().waitFor();
    await page.getByText('Open estimate → In progress', { exact: true }).waitFor();

    await page.setViewportSize({ width: 360, height: 640 });
    await page.getByRole('button', { name: 'Mark complete' }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    // The profile links back to it.
    await page
      .getByRole('link', { name: customer.first_name + ' ' + customer.last_name })
      .first()
      .click();
    await page.getByRole('link', { name: 'Haul and launch' }).click();
    await expect.poll(() => page.url()).toMatch(/\/app\/orders\//);

    // The catalog page, on the small phone, with a new job's lines open for editing.
    await page.goto(`${app.base}/app/catalog`);
    await page.getByRole('heading', { name: 'Haul and launch' }).waitFor();
    await page.getByRole('button', { name: 'New job' }).click();
    await page.getByLabel('Name').fill('Shrink wrap');
    await page.getByRole('button', { name: '+ Per foot' }).click();
    await page.getByLabel('Line 1 description').fill('Shrink wrap (per ft)');
    await page.getByLabel('Line 1 price').fill('22');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Add job' }).click();
    await page.getByRole('heading', { name: 'Shrink wrap' }).waitFor();
    await context.close();
  });
});
