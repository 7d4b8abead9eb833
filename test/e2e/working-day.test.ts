// Longer than most files: one working day told in order, each step building on the last.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../support/order-fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { signEstimate } from '../support/signature-pad.js';

/**
 * A yard's working day in Chromium, clicked through as people do it: staff build an order
 * from the catalog for a customer's boat, estimate it and send it; the customer accepts it
 * keeping one optional line and declining another; staff see that in the activity inbox,
 * invoice a deposit the customer pays by card, invoice the rest and take a check for it at
 * the counter, and the order ends paid. Then a service request with a photo becomes an
 * estimate, and the PDFs behind the pages' links show the pages' totals.
 *
 * Amounts (labour taxed 5 %, parts 7.25 %, fees untaxed; a 32 ft boat):
 *   Haul and block 32 ft × $12.00 = $384.00 (fee) · Pressure wash 2 h × $95.00 = $190.00
 *   (labour, tax $9.50) · optional Zinc anodes 2 × $40.00 = $80.00 (part, tax $5.80) ·
 *   optional Shrink wrap 1 × $350.00 = $350.00 (fee).
 *   Estimate $1,004.00 + $15.30 tax = $1,019.30; without the shrink wrap $669.30.
 *   Deposit $200.00; the final invoice $669.30 − $200.00 = $469.30.
 */
describeEachBrowserEngine('a working day at the yard', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine });
  });
  afterAll(() => app?.close());

  async function signInPortal(context: BrowserContext, slug: string, email: string): Promise<Page> {
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${app.base}/portal/${slug}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome,/).waitFor();
    return page;
  }

  /** The text of the PDF behind a link on the page, fetched with the page's own session. */
  async function pdfBehind(page: Page, link: ReturnType<Page['getByRole']>): Promise<string> {
    const href = await link.getAttribute('href');
    expect(href).toBeTruthy();
    const res = await page.context().request.get(new URL(href!, app.base).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    return pdfText(await res.body()).text;
  }

  const mailsTo = async (email: string, count: number) =>
    (await app.h.sink.waitForMail(email, count)).map((m) => m.parsed);

  it('from a catalog job to a paid order, then a service request with a photo to an estimate', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    await db
      .updateTable('yards')
      .set({ tax_labor_bp: 500, tax_parts_bp: 725, tax_fees_bp: 0 })
      .where('id', '=', yard.id)
      .execute();
    const me = await signedInCustomer(app.h, db, yard);
    const email = me.customer.email!;
    const boat = await db
      .insertInto('boats')
      .values({ yard_id: yard.id, customer_id: me.customer.id, name: 'Windfall', length_ft: '32' })
      .returningAll()
      .executeTakeFirstOrThrow();
    await db
      .insertInto('catalog_jobs')
      .values({
        yard_id: yard.id,
        name: 'Haul and launch',
        lines: JSON.stringify([
          { kind: 'per_foot', description: 'Haul and block (per ft)', quantity: null, unitPriceCents: 1_200 },
          { kind: 'labor', description: 'Pressure wash', quantity: '2', unitPriceCents: 9_500 },
        ]),
      })
      .execute();

    // ── Staff sign in and open the customer's profile.
    const staffContext = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    staffContext.setDefaultTimeout(15_000);
    const dash = await staffContext.newPage();
    /** The status badge under the order's heading. */
    const orderStatus = () => dash.locator('.order-header .subtitle .badge').textContent();
    await dash.goto(`${app.base}/app/customers/${me.customer.id}`);
    await dash.getByLabel('Email').fill(staff.email);
    await dash.getByLabel('Password').fill(STAFF_PASSWORD);
    await dash.getByRole('button', { name: 'Sign in' }).click();
    await dash.getByRole('heading', { name: `${me.customer.first_name} ${me.customer.last_name}` }).waitFor();

    // ── A new order for the boat, from the catalog.
    await dash.getByRole('button', { name: 'New order' }).click();
    const newOrder = dash.getByRole('dialog', { name: 'New order' });
    await newOrder.getByLabel('Boat').selectOption(boat.id);
    await newOrder.getByLabel('Catalog job (optional)').selectOption({ label: 'Haul and launch' });
    await newOrder.getByRole('button', { name: 'Create order' }).click();
    await expect.poll(() => dash.url()).toMatch(/\/app\/orders\/[0-9a-f-]{36}$/);
    const orderUrl = dash.url();
    const heading = dash.getByRole('heading', { name: /#\d+ Haul and launch/ });
    await heading.waitFor();
    const orderNumber = (await heading.textContent())!.match(/#(\d+)/)![1];
    expect(await dash.getByLabel('Line 1 quantity').inputValue()).toBe('32');
    // $384.00 + $190.00 + $9.50 tax
    await expect.poll(() => dash.getByTestId('total').textContent()).toBe('$583.50');

    // Two optional lines, added in the line editor.
    await dash.getByRole('button', { name: '+ Part' }).click();
    await dash.getByLabel('Line 3 description').fill('Zinc anodes');
    await dash.getByLabel('Line 3 quantity').fill('2');
    await dash.getByLabel('Line 3 price').fill('40');
    await dash.getByRole('button', { name: '+ Fee' }).click();
    await dash.getByLabel('Line 4 description').fill('Shrink wrap');
    await dash.getByLabel('Line 4 price').fill('350');
    const optional = dash.locator('.line-list > li').getByRole('checkbox', { name: 'Optional' });
    await optional.nth(2).check();
    await optional.nth(3).check();
    await expect.poll(() => dash.getByTestId('total').textContent()).toBe('$1,019.30');
    await dash.getByRole('button', { name: 'Save lines' }).click();
    await expect.poll(() => dash.getByText('Unsaved changes').count()).toBe(0);
    await expect.poll(() => optional.nth(3).isChecked()).toBe(true);

    // ── The estimate, created from the lines and sent.
    const estimates = dash.locator('.card', { has: dash.getByRole('heading', { name: 'Estimates' }) });
    await estimates.getByRole('button', { name: 'Create estimate from lines' }).click();
    const estimate = estimates.getByRole('region', { name: /Estimate \d+ version 1/ });
    await estimate.getByRole('heading', { name: /Estimate #\d+ · \$1,019\.30/ }).waitFor();
    const estimateNumber = (await estimate.getByRole('heading').first().textContent())!.match(/#(\d+)/)![1];
    await estimate.getByRole('button', { name: 'Send', exact: true }).click();
    const sendDialog = dash.getByRole('dialog', { name: `Send estimate #${estimateNumber}?` });
    expect(await sendDialog.textContent()).toContain('$1,019.30');
    await sendDialog.getByRole('button', { name: 'Send', exact: true }).click();
    await estimate.getByText('Awaiting answer', { exact: true }).waitFor();
    await expect.poll(orderStatus).toBe('Estimate sent');
    const [estimateMail] = await mailsTo(email, 1);
    expect(estimateMail.subject).toBe(`Your estimate #${estimateNumber} from ${yard.name}`);
    expect(estimateMail.attachments.map((a) => a.contentType)).toContain('application/pdf');

    // ── The customer opens the order in the portal and accepts, keeping the anodes only.
    const customerContext = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const portal = await signInPortal(customerContext, yard.slug, email);
    await portal.getByRole('link', { name: 'Haul and launch' }).click();
    await expect.poll(() => portal.url()).toContain(`/portal/${yard.slug}/orders/`);
    const total = portal.getByTestId('estimate-total');
    await portal.getByRole('group', { name: 'Zinc anodes' }).getByText('Approve', { exact: true }).click();
    await portal.getByRole('group', { name: 'Shrink wrap' }).getByText('Decline', { exact: true }).click();
    await expect.poll(() => total.textContent()).toBe('$669.30');
    await signEstimate(portal, 'Ava Thompson');
    await portal.getByRole('button', { name: 'Approve and sign $669.30' }).click();
    await portal.getByText(/You approved and signed \$669\.30 .*declining 1 optional line/).waitFor();
    await portal.getByText('Optional, declined').waitFor();

    // ── Staff see it in the activity inbox and open the order from it (the count is polled
    // every minute; coming back to the page fetches it now).
    await dash.reload();
    await dash.getByRole('link', { name: /Activity\s*1\s*unread/ }).click();
    const acceptedItem = dash.getByRole('link', {
      name: new RegExp(`accepted estimate #${estimateNumber}`),
    });
    await acceptedItem.waitFor();
    expect(await acceptedItem.textContent()).toContain('$669.30');
    await acceptedItem.click();
    await expect.poll(() => dash.url()).toBe(orderUrl);
    await expect.poll(() => dash.getByRole('link', { name: 'Activity', exact: true }).count()).toBe(1);
    const accepted = estimates.getByRole('region', { name: /Estimate \d+ version 1/ });
    await accepted.getByText(/Approved and signed \$669\.30 on .* by Ava Thompson/).waitFor();
    await accepted.getByText('Optional lines — approved: Zinc anodes; declined: Shrink wrap').waitFor();
    await accepted.getByRole('img', { name: 'Signature of Ava Thompson' }).waitFor();
    await accepted.getByText('Optional, declined').waitFor();
    await expect.poll(orderStatus).toBe('In progress');

    // ── A deposit invoice, sent.
    const billing = dash.locator('.billing-card');
    await billing.getByRole('button', { name: 'Request deposit' }).click();
    const depositDialog = dash.getByRole('dialog', { name: 'Request a deposit' });
    await depositDialog.getByLabel('Amount (USD)').fill('200.00');
    await depositDialog.getByRole('button', { name: 'Create deposit invoice' }).click();
    const depositItem = billing.getByRole('listitem').filter({ hasText: 'Deposit invoice' });
    await depositItem.getByText('Draft', { exact: true }).waitFor();
    const depositNumber = (await depositItem.locator('strong').first().textContent())!.match(/#(\d+)/)![1];
    await depositItem.getByRole('button', { name: 'Send', exact: true }).click();
    await depositItem.getByText('Open', { exact: true }).waitFor();
    expect(await depositItem.textContent()).toContain('$200.00');
    await expect.poll(orderStatus).toBe('Deposit requested');
    const depositMail = (await mailsTo(email, 2))[1];
    expect(depositMail.subject).toBe(`Invoice #${depositNumber} from ${yard.name}`);
    expect(depositMail.attachments.map((a) => a.contentType)).toContain('application/pdf');

    // ── The customer pays the deposit by card in the portal.
    await portal.reload();
    const payDeposit = portal.getByRole('form', { name: `Pay invoice #${depositNumber}` });
    await payDeposit.waitFor();
    await payDeposit.getByLabel(/Balance due/).check();
    await payDeposit.getByLabel('Card number').fill('4242 4242 4242 4242');
    await payDeposit.getByRole('button', { name: 'Pay $200.00' }).click();
    await portal.getByText(/Payment of \$200\.00 received/).waitFor();
    const [depositReceipt] = (await mailsTo(email, 3)).slice(2);
    expect(depositReceipt.subject).toBe(`Receipt: $200.00 paid to ${yard.name}`);

    // ── Staff invoice the rest from the accepted estimate: the deposit is deducted.
    await dash.reload();
    await depositItem.locator('.billing-head').getByText('Paid', { exact: true }).waitFor();
    // The deposit is in and the work goes on; the order is not paid until the work is.
    await expect.poll(orderStatus).toBe('In progress');
    await billing.getByRole('button', { name: 'Invoice accepted estimate' }).click();
    const finalItem = billing.getByRole('listitem').filter({ hasText: /^Invoice #/ });
    await finalItem.getByText('Draft', { exact: true }).waitFor();
    const finalNumber = (await finalItem.locator('strong').first().textContent())!.match(/#(\d+)/)![1];
    expect(await finalItem.locator('dl').textContent()).toContain('Total$469.30');
    await finalItem.getByRole('button', { name: 'Send', exact: true }).click();
    await finalItem.getByText('Open', { exact: true }).waitFor();
    await expect.poll(orderStatus).toBe('Invoiced');
    const finalMail = (await mailsTo(email, 4))[3];
    expect(finalMail.subject).toBe(`Invoice #${finalNumber} from ${yard.name}`);

    // ── A check for the balance at the counter; the order is paid.
    await finalItem.getByRole('button', { name: 'Record payment' }).click();
    const payDialog = dash.getByRole('dialog', { name: `Record a payment on invoice #${finalNumber}` });
    await payDialog.getByText('Balance due: $469.30').waitFor();
    await payDialog.getByLabel('Method').selectOption({ label: 'Check' });
    expect(await payDialog.getByLabel('Amount (USD)').inputValue()).toBe('469.30');
    await payDialog.getByLabel('Check number').fill('3318');
    await payDialog.getByRole('button', { name: 'Record payment' }).click();
    await payDialog.waitFor({ state: 'detached' });
    await finalItem.locator('.billing-head').getByText('Paid', { exact: true }).waitFor();
    expect(await finalItem.locator('dl').textContent()).toContain('Balance$0.00');
    await billing.getByText(`$469.30 · Check 3318 · invoice #${finalNumber}`).waitFor();
    await billing.getByText(`$200.00 · Card online Visa ending 4242 · invoice #${depositNumber}`).waitFor();
    await expect.poll(orderStatus).toBe('Paid');
    const checkReceipt = (await mailsTo(email, 5))[4];
    expect(checkReceipt.subject).toBe(`Receipt: $469.30 paid to ${yard.name}`);

    // The Orders list agrees: paid, nothing due.
    await dash.goto(`${app.base}/app/orders?q=${orderNumber}`);
    const row = dash.getByRole('link', { name: new RegExp(`#${orderNumber}`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Paid');
    expect(await row.textContent()).not.toContain('due');

    // ── The PDFs behind the order page's links show the page's totals.
    await dash.goto(orderUrl);
    const estimatePdf = await pdfBehind(dash, accepted.getByRole('link', { name: 'Download PDF' }));
    // The accepted version: what the customer accepted, the declined line marked.
    expect(estimatePdf).toContain(`Estimate\n#${estimateNumber}`);
    expect(estimatePdf).toContain('Shrink wrap\nDeclined by the customer — not included');
    expect(estimatePdf).toContain('Subtotal\n$654.00');
    expect(estimatePdf).toContain('Total\n$669.30');
    const pageTotal = async (item: typeof finalItem) =>
      (await item.locator('.billing-facts > div').filter({ hasText: 'Total' }).locator('dd').textContent())!;
    expect(await pageTotal(finalItem)).toBe('$469.30');
    const finalPdf = await pdfBehind(dash, finalItem.getByRole('link', { name: 'PDF' }));
    expect(finalPdf).toContain(`#${finalNumber}`);
    expect(finalPdf).toContain(`Total\n${await pageTotal(finalItem)}`);
    expect(finalPdf).toContain('Less deposit invoiced on invoice #');
    expect(finalPdf).toContain('-$200.00');
    expect(finalPdf).toContain('Balance due\n$0.00');
    expect(finalPdf).not.toContain('Shrink wrap');
    const depositPdf = await pdfBehind(dash, depositItem.getByRole('link', { name: 'PDF' }));
    expect(depositPdf).toContain(`Total\n${await pageTotal(depositItem)}`);

    // And the customer's own links, in the portal: the invoice and the check's receipt.
    await portal.reload();
    const portalInvoice = portal.locator('.card', {
      has: portal.getByRole('heading', { name: `Invoice #${finalNumber}` }),
    });
    const portalInvoicePdf = await pdfBehind(portal, portalInvoice.getByRole('link', { name: 'PDF' }));
    expect(portalInvoicePdf).toContain('Total\n$469.30');
    const receiptLink = portal
      .getByRole('listitem')
      .filter({ hasText: `$469.30 for invoice #${finalNumber}` })
      .getByRole('link', { name: 'Receipt (PDF)' });
    const receiptPdf = await pdfBehind(portal, receiptLink);
    expect(receiptPdf).toContain('$469.30');
    expect(receiptPdf).toContain('3318');

    // ── A second customer asks for service with a photo; it becomes an estimate.
    const other = await signedInCustomer(app.h, db, yard);
    await db
      .insertInto('boats')
      .values({ yard_id: yard.id, customer_id: other.customer.id, name: 'Kestrel', length_ft: '28' })
      .execute();
    const otherContext = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const otherPortal = await signInPortal(otherContext, yard.slug, other.customer.email!);
    const photo = await otherPortal.screenshot({ clip: { x: 0, y: 0, width: 64, height: 48 } });
    await otherPortal.getByRole('link', { name: 'Request service' }).first().click();
    await otherPortal.getByLabel('Title (optional)').fill('Prop strike');
    await otherPortal
      .getByLabel('What needs doing?')
      .fill('Hit a log off the point; the prop shakes above 2000 rpm.');
    await otherPortal
      .getByLabel('Photos (optional)')
      .setInputFiles({ name: 'prop.png', mimeType: 'image/png', buffer: photo });
    await otherPortal.getByRole('button', { name: 'Send request' }).click();
    const sent = otherPortal.getByText(/Request sent: order #(\d+) “Prop strike” for Kestrel/);
    await sent.waitFor();
    expect(await sent.textContent()).toContain('1 photo attached.');
    const requestNumber = (await sent.textContent())!.match(/#(\d+)/)![1];

    await dash.reload();
    await dash.getByRole('link', { name: /Activity\s*\d+\s*unread/ }).click();
    await dash
      .getByRole('link', {
        name: new RegExp(`requested service: order #${requestNumber} Prop strike \\(Kestrel\\)`),
      })
      .click();
    await dash.getByRole('heading', { name: new RegExp(`#${requestNumber} Prop strike`) }).waitFor();
    await expect.poll(orderStatus).toBe('Requested');
    const thumb = dash.getByRole('img', { name: 'prop.png (from the request)' });
    await thumb.waitFor();
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(64);

    await dash.getByRole('button', { name: '+ Labour' }).click();
    await dash.getByLabel('Line 1 description').fill('Pull and inspect propeller');
    await dash.getByLabel('Line 1 quantity').fill('1.5');
    await dash.getByLabel('Line 1 price').fill('100');
    await dash.getByRole('button', { name: '+ Part' }).click();
    await dash.getByLabel('Line 2 description').fill('Prop nut and cotter pin');
    await dash.getByLabel('Line 2 price').fill('24');
    // $150.00 labour + $7.50 tax; $24.00 part + $1.74 tax
    await expect.poll(() => dash.getByTestId('total').textContent()).toBe('$183.24');
    await dash.getByRole('button', { name: 'Save lines' }).click();
    await expect.poll(() => dash.getByText('Unsaved changes').count()).toBe(0);
    await estimates.getByRole('button', { name: 'Create estimate from lines' }).click();
    const second = estimates.getByRole('region', { name: /Estimate \d+ version 1/ });
    await second.getByRole('heading', { name: /Estimate #\d+ · \$183\.24/ }).waitFor();
    const secondNumber = (await second.getByRole('heading').first().textContent())!.match(/#(\d+)/)![1];
    await second.getByRole('button', { name: 'Send', exact: true }).click();
    await dash.getByRole('dialog').getByRole('button', { name: 'Send', exact: true }).click();
    await second.getByText('Awaiting answer', { exact: true }).waitFor();
    await expect.poll(orderStatus).toBe('Estimate sent');
    const [secondMail] = await mailsTo(other.customer.email!, 1);
    expect(secondMail.subject).toBe(`Your estimate #${secondNumber} from ${yard.name}`);
    const secondPdf = await pdfBehind(dash, second.getByRole('link', { name: 'Download PDF' }));
    expect(secondPdf).toContain('$183.24');
    expect(secondPdf).toContain('Pull and inspect propeller');

    await staffContext.close();
    await customerContext.close();
    await otherContext.close();
  }, 180_000);
});
