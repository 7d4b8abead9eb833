import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';

/** A yard in metres: staff add a boat with an engine on a phone, edit it, and move it to another customer. */
describeEachBrowserEngine('boats on the customer profile in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('adds, edits and moves a boat at 390×844', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbour Point');
    await db.updateTable('yards').set({ length_unit: 'm' }).where('id', '=', yard.id).execute();
    const seller = await makeCustomer(db, yard.id, { first_name: 'Ava', last_name: 'Thompson' });
    const buyer = await makeCustomer(db, yard.id, { first_name: 'Noah', last_name: 'Zimmerli' });
    const page = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.base}/app/customers/${seller.id}`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('button', { name: 'Add boat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add boat' });
    await dialog.getByLabel('Boat name').fill('Sea Biscuit');
    await dialog.getByLabel('Length overall (m)').fill('12.5');
    await dialog.getByLabel('Hull ID (HIN)').fill('abc123');
    await dialog.getByLabel('Location').selectOption('slip');
    await dialog.getByLabel('Slip, rack or spot name').fill('C-12');
    await dialog.getByRole('button', { name: 'Add engine' }).click();
    await dialog.getByLabel('Engine 1 make').fill('Yanmar');
    // Every label names its own field: no two fields of the dialog share an id.
    expect(await dialog.getByLabel('Slip, rack or spot name').inputValue()).toBe('C-12');
    const ids = await dialog.locator('[id]').evaluateAll((els) => els.map((e) => e.id));
    expect(ids.length - new Set(ids).size, `repeated ids: ${ids.join(' ')}`).toBe(0);
    await dialog.getByLabel('Hours').fill('410');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await dialog.getByRole('button', { name: 'Add boat' }).click();
    // A hull ID not in the US format is saved, with a warning to check it.
    await dialog.getByText(/is not in the US format/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByText('12.5 m').waitFor();
    const boat = await db
      .selectFrom('boats')
      .selectAll()
      .where('customer_id', '=', seller.id)
      .executeTakeFirstOrThrow();
    expect(boat).toMatchObject({ name: 'Sea Biscuit', length_ft: '41.01', hull_id: 'ABC123' });

    await page.getByRole('button', { name: 'Edit Sea Biscuit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Sea Biscuit' });
    await expect.poll(() => edit.getByLabel('Length overall (m)').inputValue()).toBe('12.5');
    await edit.getByLabel('Beam (m)').fill('0');
    await edit.getByRole('button', { name: 'Save boat' }).click();
    await edit.getByText('Beam must be more than 0').waitFor();
    await edit.getByLabel('Beam (m)').fill('4.1');
    await edit.getByRole('button', { name: 'Remove engine 1' }).click();
    await edit.getByRole('button', { name: 'Save boat' }).click();
    await edit.getByText(/is not in the US format/).waitFor();
    await edit.getByRole('button', { name: 'Close' }).click();
    expect(await db.selectFrom('boat_engines').selectAll().where('boat_id', '=', boat.id).execute()).toEqual(
      [],
    );

    await page.getByRole('button', { name: 'Edit Sea Biscuit' }).click();
    const again = page.getByRole('dialog', { name: 'Edit Sea Biscuit' });
    await again.getByLabel('Move to another customer').fill('Zimmerli');
    await again.getByRole('button', { name: /Move to Noah Zimmerli/ }).click();
    await page.getByText('No boats on file.').waitFor();
    const moved = await db
      .selectFrom('boats')
      .select('customer_id')
      .where('id', '=', boat.id)
      .executeTakeFirstOrThrow();
    expect(moved.customer_id).toBe(buyer.id);

    await page.setViewportSize({ width: 360, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }, 90_000);
});
