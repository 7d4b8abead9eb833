import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { orderWithLines } from '../support/estimate-fixtures.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import type { Harness } from '../support/harness.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../support/order-fixtures.js';

/**
 * On a phone: the customer unticks an optional line, sees the total follow, accepts; the
 * yard revises, and the customer sees what changed and accepts again. No page scrolls
 * sideways at 390×844 or 360×640.
 */
describeEachBrowserEngine('estimate versions in the portal, on a phone', (engine) => {
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

  async function phonePage(
    yard: { slug: string },
    email: string,
    width: number,
    height: number,
  ): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome,/).waitFor();
    return page;
  }
  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('untick an optional line, accept, then review what changed in the next version and accept again', async () => {
    const { yard, staff } = await makeYard(database.db, 'Harbor Point Marine');
    const me = await signedInCustomer(h, database.db, yard);
    const { order } = await orderWithLines(database.db, yard.id, me.customer.id);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const draft = (await agent.post(`/api/staff/orders/${order.id}/estimates`)).json().estimate;
    expect((await agent.post(`/api/staff/estimates/${draft.id}/send`)).statusCode).toBe(200);

    const page = await phonePage(yard, me.customer.email!, 390, 844);
    await page.goto(`${base}/portal/${yard.slug}/orders/${order.id}`);
    await page.getByText('Shrink wrap').waitFor();
    const total = page.getByTestId('estimate-total');
    expect(await total.textContent()).toBe('$890.54');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('checkbox', { name: 'Shrink wrap' }).uncheck();
    await expect.poll(() => total.textContent()).toBe('$478.54');
    await page.getByRole('button', { name: 'Accept estimate' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('$478.54');
    await dialog.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByText(/You accepted \$478\.54 .*declining 1 optional line/).waitFor();
    expect(await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href')).toBe(
      `/api/portal/${yard.slug}/estimates/${draft.id}/pdf`,
    );

    // The yard adds a gallon of paint, revises and sends version 2.
    await database.db
      .updateTable('line_items')
      .set({ quantity: '4' })
      .where('order_id', '=', order.id)
      .where('description', '=', 'Bottom paint (gal)')
      .execute();
    const v2 = (await agent.post(`/api/staff/estimates/${draft.id}/revise`)).json().estimate;
    expect((await agent.post(`/api/staff/estimates/${v2.id}/send`)).statusCode).toBe(200);

    for (const [w, hgt] of [
      [390, 844],
      [360, 640],
    ] as const) {
      await page.setViewportSize({ width: w, height: hgt });
      await page.reload();
      const changed = page.getByRole('region', { name: 'What changed' });
      await changed.waitFor();
      expect(await changed.textContent()).toContain('Changed: Bottom paint (gal) — 3 × $89.99 → 4 × $89.99');
      expect(await changed.textContent()).toContain('$478.54 →');
      expect(await overflow(page)).toBeLessThanOrEqual(0);
    }
    await page.getByText('Earlier version (1)').click();
    await page.getByRole('region', { name: 'Version 1' }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Accept estimate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Accept', exact: true }).click();
    await page
      .getByText(/You accepted \$/)
      .first()
      .waitFor();
    expect(await page.getByRole('region', { name: 'What changed' }).count()).toBe(0);
    await page.context().close();
  });
});
