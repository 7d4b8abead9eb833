import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { makeOrder } from '../support/order-fixtures.js';
import { axeViolations } from '../support/page-checks.js';
import { pdfText } from '../support/pdf-text.js';
import { CUSTOMER_PASSWORD, makePortalCustomer } from '../support/portal-accounts.js';

/**
 * A boat owner saves a card, pays an invoice with it in one step and reads the receipt; the
 * yard sees the saved card (brand, last four, expiry) on the customer's profile.
 */
describeEachBrowserEngine('saved cards in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('an owner saves a card, pays an invoice with it in one step, and sees the receipt', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const { customer } = await makePortalCustomer(db, yard.id, { first_name: 'Ava', last_name: 'Owner' });
    const o = await makeOrder(db, yard.id, customer.id, { status: 'invoiced', invoice: true });
    const expYear = new Date().getUTCFullYear() + 3;

    // bypassCSP: axe-core is added to the page as a script.
    const context = await app.browser.newContext({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const portal = `${app.base}/portal/${yard.slug}`;
    await page.goto(`${portal}/sign-in`);
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome, Ava/).waitFor();

    // ── Save a card from the Cards page.
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Cards' }).click();
    await page.getByRole('heading', { name: 'Saved cards', level: 1 }).waitFor();
    await page.getByText('No saved cards yet').waitFor();
    await page.getByRole('button', { name: 'Add a card' }).click();
    const form = page.getByRole('form', { name: 'Add a card' });
    // A declined card is not saved, and says so.
    await form.getByLabel('Card number').fill('4000 0000 0000 0002');
    await form.getByLabel('Expiry month').fill('8');
    await form.getByLabel('Expiry year').fill(String(expYear));
    await form.getByRole('button', { name: 'Save card' }).click();
    await form
      .getByRole('alert')
      .getByText(/declined/)
      .waitFor();
    await form.getByLabel('Card number').fill('4242 4242 4242 4242');
    await form.getByRole('button', { name: 'Save card' }).click();
    await page.getByRole('status').getByText('Visa •••• 4242 is saved.', { exact: false }).waitFor();
    const list = page.locator('.saved-cards');
    await list.getByText('Visa •••• 4242').waitFor();
    expect(await list.textContent()).toContain(`Expires 08/${expYear}`);
    expect(await list.textContent()).toContain('Default');
    expect(await axeViolations(page)).toEqual([]);

    // ── Pay the invoice with it: the saved card is chosen, no card number asked.
    await page.goto(`${portal}/orders/${o.order.id}`);
    const pay = page.getByRole('form', { name: `Pay invoice #${o.invoice!.number}` });
    await pay.waitFor();
    expect(await pay.getByLabel(/Visa •••• 4242/).isChecked()).toBe(true);
    expect(await pay.getByLabel('Card number').count()).toBe(0);
    await pay.getByRole('button', { name: 'Pay $738.87' }).click();
    await page.getByText(/Paid in full — thank you\. Payment of \$738\.87 received/).waitFor();
    await page.getByRole('link', { name: 'View the receipt' }).click();

    // ── The receipt page, and its PDF.
    await page.getByRole('heading', { name: /^Receipt R-/ }).waitFor();
    const facts = page.locator('.receipt-facts');
    expect(await facts.textContent()).toContain('Visa •••• 4242 (saved card)');
    expect(await facts.textContent()).toContain('$738.87');
    expect(await facts.textContent()).toContain('Paid in full');
    expect(await axeViolations(page)).toEqual([]);
    const href = await page.getByRole('link', { name: 'Download the receipt (PDF)' }).getAttribute('href');
    const res = await context.request.get(new URL(href!, app.base).href);
    expect(res.headers()['content-type']).toContain('application/pdf');
    const text = pdfText(Buffer.from(await res.body())).text;
    expect(text).toContain('Receipt');
    expect(text).toContain('$738.87');

    // ── The Receipts page lists it, with its invoice.
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Receipts' }).click();
    await page.getByRole('heading', { name: 'Receipts', level: 1 }).waitFor();
    const row = page.locator('.receipt-item').first();
    expect(await row.textContent()).toContain(`Invoice #${o.invoice!.number}`);
    expect(await row.textContent()).toContain('Visa •••• 4242 (saved card)');
    expect(await axeViolations(page)).toEqual([]);
    const rows = await db
      .selectFrom('payments')
      .select('id')
      .where('invoice_id', '=', o.invoice!.id)
      .execute();
    expect(rows).toHaveLength(1);
    await context.close();

    // ── The yard sees the saved card on the customer's profile, and the payment's receipt.
    const staffContext = await app.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const staffPage = await staffContext.newPage();
    await staffPage.goto(`${app.base}/app/customers/${customer.id}`);
    await staffPage.getByLabel('Email').fill(staff.email);
    await staffPage.getByLabel('Password').fill(STAFF_PASSWORD);
    await staffPage.getByRole('button', { name: 'Sign in' }).click();
    const cards = staffPage.locator('section', {
      has: staffPage.getByRole('heading', { name: 'Saved cards' }),
    });
    await cards.getByText(`Visa •••• 4242, expires 08/${expYear}`).waitFor();
    await staffPage
      .getByRole('link', { name: `Receipt of the payment on invoice #${o.invoice!.number} (PDF)` })
      .waitFor();
    await staffContext.close();
  }, 120_000);
});
