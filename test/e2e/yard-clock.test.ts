import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeOrderHistory, makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { signedInStaff } from '../support/staff-links.js';

// 23:30 UTC on 4 March 2026 is 12:30 PM on the 5th in Auckland and 3:30 PM on the 4th in
// Los Angeles, where the browser is.
const NEAR_MIDNIGHT = new Date('2026-03-04T23:30:00Z');

/** A yard in New Zealand, its owner's laptop on California time: the dashboard reads the yard's clock. */
describeEachBrowserEngine("the dashboard on the yard's clock", (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it("shows the staff list's last seen time and an order's opened time in the yard's zone, due days unshifted", async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Waitematā Boatyard');
    await db.updateTable('yards').set({ timezone: 'Pacific/Auckland' }).where('id', '=', yard.id).execute();
    const tech = await signedInStaff(app.h, db, yard.id, 'technician', 'Tama Rewi');
    await db
      .updateTable('sessions')
      .set({ last_seen_at: NEAR_MIDNIGHT })
      .where('staff_id', '=', tech.id)
      .execute();
    const customer = await makeCustomer(db, yard.id, { first_name: 'Aroha', last_name: 'Ngata' });
    const { order } = await makeOrderHistory(db, yard.id, customer.id);
    await db
      .updateTable('orders')
      .set({ opened_at: NEAR_MIDNIGHT, promised_on: '2026-03-05' })
      .where('id', '=', order.id)
      .execute();

    const context = await app.browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/Los_Angeles',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
      'America/Los_Angeles',
    );
    await page.goto(`${app.base}/app/customers`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();

    await page.goto(`${app.base}/app/settings/staff`);
    const row = page.getByRole('row').filter({ hasText: 'Tama Rewi' });
    await row.getByText(/^Seen /).waitFor();
    expect(await row.getByText(/^Seen /).textContent()).toBe('Seen Mar 5, 2026, 12:30 PM');

    await page.goto(`${app.base}/app/orders/${order.id}`);
    await page.getByRole('heading', { name: /Bottom paint and zincs/ }).waitFor();
    expect(await page.locator('.order-header .subtitle').textContent()).toContain(
      'Opened Mar 5, 2026, 12:30 PM',
    );
    const promised = page.locator('dt', { hasText: 'Promised' }).locator('xpath=following-sibling::dd[1]');
    expect(await promised.textContent()).toBe('Mar 5, 2026');
    await context.close();
  }, 90_000);
});
