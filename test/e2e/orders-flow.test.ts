import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import type { Harness } from '../support/harness.js';
import { CUSTOMER_PASSWORD, makeOrder, signedInCustomer } from '../support/order-fixtures.js';
import { signEstimate } from '../support/signature-pad.js';

/**
 * The portal doing business, in headless Chromium: a customer accepts an estimate and the
 * staff Orders page shows it; a customer pays an invoice partly, then fully.
 */
describeEachBrowserEngine('orders, estimates and payments in a browser', (engine) => {
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

  async function customerPage(yard: { slug: string }, email: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome,/).waitFor();
    return page;
  }

  it('a customer accepts an estimate and the staff Orders page shows it', async () => {
    const { yard, staff } = await makeYard(database.db, 'Harbor Point Marine');
    const me = await signedInCustomer(h, database.db, yard);
    const o = await makeOrder(database.db, yard.id, me.customer.id, {
      status: 'estimate_sent',
      estimate: 'sent',
    });

    const page = await customerPage(yard, me.customer.email!);
    await page.getByRole('link', { name: o.order.title }).click();
    await expect.poll(() => page.url()).toContain(`/portal/${yard.slug}/orders/${o.order.id}`);
    await page.getByText('Haul and block').waitFor();
    await page.getByText('$738.87').first().waitFor();
    await signEstimate(page, 'Ava Thompson');
    await page.getByRole('button', { name: 'Approve and sign $738.87' }).click();
    await page.getByText(/You approved and signed \$738\.87/).waitFor();
    await page.getByText('In progress').first().waitFor();
    expect(await page.getByRole('button', { name: /^Approve and sign/ }).count()).toBe(0);

    const staffContext = await browser.newContext();
    const dash = await staffContext.newPage();
    await dash.goto(`${base}/app/orders`);
    await dash.getByLabel('Email').fill(staff.email);
    await dash.getByLabel('Password').fill(STAFF_PASSWORD);
    await dash.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => dash.url()).toContain('/app/orders');
    await dash.getByRole('button', { name: /In progress\s*1/ }).click();
    const row = dash.getByRole('link', { name: new RegExp(`#${o.order.number}`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Accepted');
    expect(await row.textContent()).toContain(me.customer.last_name);

    // On a phone: the rows are cards, nothing scrolls sideways; the nav counts the unread activity.
    await dash.setViewportSize({ width: 390, height: 844 });
    await dash.getByRole('searchbox', { name: 'Search orders' }).fill(String(o.order.number));
    await expect.poll(() => new URL(dash.url()).searchParams.get('q')).toBe(String(o.order.number));
    await row.waitFor();
    expect(await dash.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await dash.getByRole('link', { name: /Activity\s*1\s*unread/ }).click();
    const item = dash.getByRole('link', { name: new RegExp(`accepted estimate #${o.estimate!.number}`) });
    await item.waitFor();
    expect(await dash.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await dash.setViewportSize({ width: 360, height: 640 });
    expect(await dash.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await item.click();
    await expect.poll(() => dash.url()).toContain(`/app/orders/${o.order.id}`);
    // Opening it marked it read: the badge is gone.
    await expect.poll(() => dash.getByRole('link', { name: 'Activity', exact: true }).count()).toBe(1);
    await staffContext.close();
    await page.context().close();
  });

  it('a customer pays an invoice partly, then fully', async () => {
    const { yard } = await makeYard(database.db, 'Harbor Point Marine');
    const me = await signedInCustomer(h, database.db, yard);
    const o = await makeOrder(database.db, yard.id, me.customer.id, { status: 'invoiced', invoice: true });

    const page = await customerPage(yard, me.customer.email!);
    await page.goto(`${base}/portal/${yard.slug}/orders/${o.order.id}`);
    const form = page.getByRole('form', { name: `Pay invoice #${o.invoice!.number}` });
    await form.waitFor();

    // A declined card: a clear message, nothing paid.
    await form.getByLabel('Another amount').check();
    await form.getByLabel('Amount (USD)').fill('200.00');
    await form.getByLabel('Card number').fill('4000 0000 0000 0002');
    await form.getByRole('button', { name: /^Pay/ }).click();
    await page.getByText(/card was declined/i).waitFor();

    await form.getByLabel('Card number').fill('4242 4242 4242 4242');
    await form.getByRole('button', { name: /^Pay/ }).click();
    await page.getByText(/Payment of \$200\.00 received/).waitFor();
    await page.getByText('$538.87').first().waitFor(); // 738.87 − 200.00

    await form.getByLabel(/Balance due/).check();
    await form.getByLabel('Card number').fill('4242424242424242');
    await form.getByRole('button', { name: 'Pay $538.87' }).click();
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await expect.poll(() => form.count()).toBe(0);

    const inv = await database.db
      .selectFrom('invoices')
      .selectAll()
      .where('id', '=', o.invoice!.id)
      .executeTakeFirstOrThrow();
    expect(inv).toMatchObject({ paid_cents: 73_887, status: 'paid' });
    const payments = await database.db
      .selectFrom('payments')
      .selectAll()
      .where('invoice_id', '=', inv.id)
      .execute();
    expect(payments.map((p) => p.amount_cents).sort((a, b) => a - b)).toEqual([20_000, 53_887]);
    await h.sink.waitForMail(me.customer.email!, 2);
    await page.context().close();
  });
});
