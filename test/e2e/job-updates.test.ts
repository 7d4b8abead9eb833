import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { CUSTOMER_PASSWORD, makeOrder, signedInCustomer } from '../support/order-fixtures.js';
import { PHONES, phoneContext, phoneProblems } from '../support/page-checks.js';

/** A real 8×8 PNG, as a phone's camera would hand over (smaller). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGNQaDiAFTEMLQkAOsZYAYJCUNYAAAAASUVORK5CYII=',
  'base64',
);

/** The page's problems at both phone sizes, named by page and width. */
async function problemsOnPhones(page: Page, what: string) {
  const out: string[] = [];
  for (const viewport of PHONES) {
    await page.setViewportSize(viewport);
    await page.waitForLoadState('networkidle');
    for (const p of await phoneProblems(page)) out.push(`${what} at ${viewport.width} px: ${p}`);
  }
  return out;
}

/**
 * Staff post a job update with a photo from a phone on the order page; the customer sees it
 * on the order's and the boat's portal pages, on phones (docs/job-updates.md).
 */
describeEachBrowserEngine('job updates in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('staff post an update with a photo from a 390×844 phone; the customer sees it on the order and boat pages', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const { customer } = await signedInCustomer(app.h, db, yard);
    const { boat, order } = await makeOrder(db, yard.id, customer.id, { status: 'in_progress' });
    await db.updateTable('boats').set({ name: 'Blue Heron' }).where('id', '=', boat.id).execute();
    const text =
      'Hull washed and the keel inspected: a small blister forward of the keel, nothing structural. Gelcoat batch GC7F3A9B2C8D1E4F6A0B5C9D2E7F1A3B8C4D6E0F2A9B wraps too.';

    // Staff, on a phone at the boat: write, attach a photo, post.
    const staffContext = await phoneContext(app.browser, { width: 390, height: 844 });
    staffContext.setDefaultTimeout(15_000);
    const staffPage = await staffContext.newPage();
    await staffPage.goto(`${app.base}/app/orders/${order.id}`);
    await staffPage.getByLabel('Email').fill(staff.email);
    await staffPage.getByLabel('Password').fill(STAFF_PASSWORD);
    await staffPage.getByRole('button', { name: 'Sign in' }).click();
    const form = staffPage.getByRole('form', { name: 'New job update' });
    await form.getByLabel('Post an update').fill(text);
    await form
      .getByLabel('Choose photos')
      .setInputFiles({ name: 'keel.png', mimeType: 'image/png', buffer: PNG });
    await form.getByRole('button', { name: 'Remove keel.png' }).waitFor();
    await form.getByRole('button', { name: 'Post update' }).click();
    await form.getByRole('status').getByText('The update was posted').waitFor();
    const staffList = staffPage.getByRole('list', { name: 'Updates' });
    await staffList.getByText(text).waitFor();
    await staffList.getByText(staff.name).waitFor();
    expect(await staffPage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
      true,
    );
    const stored = await db
      .selectFrom('order_update_photos')
      .select(['file_name', 'content_type'])
      .where('order_id', '=', order.id)
      .execute();
    expect(stored).toEqual([{ file_name: 'keel.png', content_type: 'image/png' }]);

    // The customer, on a phone: the order page.
    const context = await phoneContext(app.browser, { width: 390, height: 844 });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${app.base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signed in: the portal's navigation shows (the sign-in page says "Welcome" too).
    await page.getByRole('navigation', { name: 'Portal' }).waitFor();
    await page.goto(`${app.base}/portal/${yard.slug}/orders/${order.id}`);
    const card = page.locator('section', {
      has: page.getByRole('heading', { name: 'Updates from the yard' }),
    });
    await card.getByText(text).waitFor();
    // The first name of who posted, never the whole name.
    await card.getByText(/^Dana · /).waitFor();
    expect(await card.getByText(staff.name).count()).toBe(0);
    const thumb = card.getByRole('link', { name: 'Open photo 1 of 1 full size' });
    await expect
      .poll(() => thumb.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(8);
    expect(await problemsOnPhones(page, 'order page')).toEqual([]);
    // A tap on the thumbnail opens the full photo.
    const [full] = await Promise.all([context.waitForEvent('page'), thumb.click()]);
    await full.waitForLoadState();
    expect(full.url()).toContain(`/api/portal/${yard.slug}/orders/${order.id}/update-photos/`);
    const photo = await page.request.get(full.url());
    expect(photo.headers()['content-type']).toBe('image/png');
    expect(Buffer.compare(await photo.body(), PNG)).toBe(0);
    await full.close();

    // The boat's page: the latest updates, each naming its order.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.base}/portal/${yard.slug}/boats/${boat.id}`);
    const latest = page.locator('section', { has: page.getByRole('heading', { name: 'Latest updates' }) });
    await latest.getByText(text).waitFor();
    await latest.getByRole('link', { name: `Order #${order.number}: ${order.title}` }).waitFor();
    expect(await problemsOnPhones(page, 'boat page')).toEqual([]);
  }, 180_000);
});
