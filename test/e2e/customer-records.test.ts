import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeOrderHistory, makeYard, STAFF_PASSWORD } from '../support/factories.js';

const SHOTS = process.env.SLIPWAY_SHOTS;

/** Creating a customer already on file, archiving and restoring, merging: on a phone. */
describeEachBrowserEngine('customers kept by hand, in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('warns about a duplicate, creates anyway, archives, restores and merges at 390×844', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const ann = await makeCustomer(db, yard.id, {
      first_name: 'Ann',
      last_name: 'Lee',
      email: 'ann.lee@example.com',
    });
    await makeOrderHistory(db, yard.id, ann.id);
    const page = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const fits = async () =>
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.goto(`${app.base}/app/customers`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    page.setDefaultTimeout(20_000);
    if (SHOTS) page.on('console', (m) => console.log('page:', m.text()));

    await page.getByRole('button', { name: 'New customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'New customer' });
    await dialog.getByLabel('First name').fill('Annie');
    await dialog.getByLabel('Last name').fill('Lee');
    await dialog.getByLabel('Email', { exact: true }).fill('ann.lee@example.com');
    await dialog.getByLabel('Phone', { exact: true }).fill('305-555-01');
    await dialog.getByRole('button', { name: 'Add phone' }).click();
    await dialog.getByLabel('Other phone 1').fill('(786) 555-0123');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await dialog
      .locator('.field-error', { hasText: '305-555-01 is not a complete phone number for the United States' })
      .waitFor();
    await dialog.getByLabel('Phone', { exact: true }).fill('(305) 555-0142');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    const link = dialog.getByRole('link', { name: `#${ann.customer_number} Ann Lee` });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/app/customers/${ann.id}`);
    await fits();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/new-customer-duplicate.png` });
    await dialog.getByRole('button', { name: 'Create anyway' }).click();
    await page.getByRole('heading', { name: 'Annie Lee' }).waitFor();
    await fits();
    const annie = await db
      .selectFrom('customers')
      .selectAll()
      .where('yard_id', '=', yard.id)
      .where('first_name', '=', 'Annie')
      .executeTakeFirstOrThrow();
    expect(annie.phone_e164).toBe('+13055550142');

    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
    const banner = page.locator('.archived-banner');
    await banner.getByText('Archived').first().waitFor();
    await fits();
    await banner.getByRole('button', { name: 'Restore' }).click();
    await banner.waitFor({ state: 'detached' });

    // Annie is the same person as Ann: merge Ann into Annie.
    await page.getByRole('button', { name: 'Merge with…' }).click();
    const merge = page.getByRole('dialog');
    await merge.getByRole('searchbox').fill('Lee');
    await merge.getByRole('button', { name: new RegExp(`#${ann.customer_number} Ann Lee`) }).click();
    await merge.getByRole('table', { name: 'What moves' }).getByText('Invoices').waitFor();
    await fits();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/merge-preview.png` });
    await merge.getByRole('button', { name: 'Merge' }).click();
    await merge.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Annie Lee' }).waitFor();
    await page.getByText('Bottom paint and zincs').first().waitFor();
    const gone = await db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', ann.id)
      .executeTakeFirstOrThrow();
    expect(gone.merged_into).toBe(annie.id);
    await page.setViewportSize({ width: 360, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }, 120_000);
});
