/**
 * Regenerates the README's screenshots (docs/screenshots/) by walking the demo in
 * headless Chromium: `npm run screenshots`. Uses a throwaway data folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_STAFF_EMAIL, DEMO_STAFF_PASSWORD, DEMO_YARD_SLUG, seedDemoYard } from '../src/db/demo-seed.js';
import { loadConfig } from '../src/server/config.js';
import { startRuntime } from '../src/server/runtime.js';
import { freePort, launchChromium } from '../test/support/browser.js';
import { drawSignature } from '../test/support/signature-pad.js';
import { portalPictures } from './screenshots-portal.js';
import { yardMovesIn } from './screenshots-yard.js';

const OUT = path.resolve('docs/screenshots');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-shots-'));
const port = await freePort();
const base = `http://localhost:${port}`;
const config = loadConfig({
  PORT: String(port),
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  SMTP_CATCHER_PORT: '0',
});
const runtime = await startRuntime(
  config,
  { web: true, worker: true },
  { beforeServe: (d) => seedDemoYard(d.database.db).then(() => {}) },
);
const browser = await launchChromium();
try {
  fs.mkdirSync(OUT, { recursive: true });
  const db = runtime.deps.database.db;
  const ava = await db
    .selectFrom('customers')
    .selectAll()
    .where('email', '=', 'ava.thompson@example.com')
    .executeTakeFirstOrThrow();
  const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await staff.newPage();
  const shot = (name: string, p = page, fullPage = true) =>
    p.screenshot({ path: path.join(OUT, name), fullPage });

  await page.goto(`${base}/app/customers`);
  await page.getByLabel('Email').fill(DEMO_STAFF_EMAIL);
  await page.getByLabel('Password').fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Search customers').fill('305 555 0142');
  await page
    .getByRole('link', { name: /Thompson/ })
    .first()
    .waitFor();
  await shot('customers-search.png');

  await page.goto(`${base}/app/customers/${ava.id}`);
  await page.getByRole('button', { name: 'Invite to Portal' }).waitFor();
  await shot('profile-invite.png');
  await page.getByRole('button', { name: 'Invite to Portal' }).click();
  await page.getByRole('dialog').waitFor();
  await shot('profile-confirm.png');
  await page.getByRole('dialog').getByRole('button', { name: 'Invite', exact: true }).click();

  /** The first link matching `pattern` in an email to `to` caught by the built-in mailbox. */
  async function mailLink(to: string, pattern: RegExp) {
    for (let i = 0; i < 100; i++) {
      const mails = await db
        .selectFrom('mailbox_messages')
        .select('text_body')
        .where('rcpt_to', 'like', `%${to}%`)
        .execute();
      const found = mails.map((m) => m.text_body?.match(pattern)?.[0]).find(Boolean);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no email to ${to} with ${pattern}`);
  }
  const link = await mailLink('ava.thompson', /https?:\/\/\S+\/accept\/[A-Za-z0-9_-]+/);
  await page.reload();
  await page
    .getByText(/send it again/i)
    .first()
    .waitFor();
  await shot('profile-wait.png');

  await page.goto(`${base}/mailbox`);
  await page
    .getByText(/invited you/)
    .first()
    .click();
  await page.waitForTimeout(500);
  await shot('mailbox.png');

  const customer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const portal = await customer.newPage();
  await portal.goto(link);
  await portal.getByText(/Welcome, Ava/).waitFor();
  await shot('portal-accept.png', portal);
  await portal.getByLabel('Password', { exact: true }).fill('seagull lantern copper morning');
  await portal.getByLabel('Confirm password').fill('seagull lantern copper morning');
  await portal.getByRole('button', { name: 'Activate account' }).click();
  await portal.waitForURL(new RegExp(`/portal/${DEMO_YARD_SLUG}/?$`));
  await portal.getByText('Order history').waitFor();
  await shot('portal-home.png', portal);

  // Phones first: the portal's sign-in at 360 px, with "Keep me signed in" unticked.
  const phone = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 });
  const phonePage = await phone.newPage();
  await phonePage.goto(`${base}/portal/${DEMO_YARD_SLUG}/sign-in`);
  await phonePage.getByLabel('Keep me signed in').waitFor();
  await shot('portal-sign-in-phone.png', phonePage);
  await phone.close();

  await page.goto(`${base}/app/customers/${ava.id}`);
  await page.getByText('IN PORTAL', { exact: true }).waitFor();
  await shot('profile-in-portal.png');

  // Bulk invites: every eligible customer of a search, previewed, then sent.
  await page.goto(`${base}/app/customers`);
  await page.getByLabel('Search customers').fill('car');
  await page.getByRole('button', { name: 'Invite all eligible' }).click();
  await page.getByRole('heading', { name: 'Customers matching "car"', level: 1 }).waitFor();
  const send = page.getByRole('button', { name: /^Send \d+ invites$/ });
  await send.waitFor();
  await shot('bulk-preview.png');
  await send.click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Send \d+ invites$/ })
    .click();
  await page.getByRole('link', { name: /Download report \(CSV\)/ }).waitFor({ timeout: 30_000 });
  await shot('bulk-done.png');

  await page.goto(`${base}/app/settings/invite-email`);
  await page.getByLabel('Subject').waitFor();
  await page.waitForTimeout(1500);
  await shot('invite-email-template.png');
  const orderId = await workingDay();
  await yardMovesIn(browser, base, page, shot, ava.id);
  await portalPictures(
    browser,
    base,
    page,
    shot,
    { email: ava.email!, password: 'seagull lantern copper morning', orderId },
    mailLink,
  );
  console.log(`Screenshots written to ${OUT}`);

  /**
   * A working day: an order for Ava's Catalina from the catalog with an optional line,
   * estimated and sent; Ava answers on her phone (shot before she does); the yard sees it in
   * the activity inbox, invoices the accepted estimate and takes part of it at the counter.
   */
  async function workingDay() {
    await page.goto(`${base}/app/customers/${ava.id}`);
    await page.getByRole('button', { name: 'New order' }).click();
    const dialog = page.getByRole('dialog', { name: 'New order' });
    const boat = await db
      .selectFrom('boats')
      .select('id')
      .where('customer_id', '=', ava.id)
      .where('name', '=', 'Knot Working')
      .executeTakeFirstOrThrow();
    await dialog.getByLabel('Boat').selectOption(boat.id);
    await dialog.getByLabel('Catalog job (optional)').selectOption({ label: 'Bottom paint' });
    await dialog.getByRole('button', { name: 'Create order' }).click();
    await page.waitForURL(/\/app\/orders\/[0-9a-f-]{36}$/);
    const orderUrl = page.url();
    await page.getByLabel('Line 1 description').waitFor();
    const n = (await page.locator('.line-list > li').count()) + 1;
    await page.getByRole('button', { name: '+ Part' }).click();
    await page.getByLabel(`Line ${n} description`).fill('Zinc anodes, shaft and trim tabs');
    await page.getByLabel(`Line ${n} quantity`).fill('3');
    await page.getByLabel(`Line ${n} price`).fill('38.50');
    await page
      .locator('.line-list > li')
      .nth(n - 1)
      .getByRole('checkbox', { name: 'Optional' })
      .check();
    await page.getByRole('button', { name: 'Save lines' }).click();
    await page.getByRole('button', { name: 'Create estimate from lines' }).click();
    const version = page.getByRole('region', { name: /Estimate \d+ version 1/ });
    await version.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send', exact: true }).click();
    await version.getByText('Awaiting answer', { exact: true }).waitFor();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const ph = await phone.newPage();
    await ph.goto(`${base}/portal/${DEMO_YARD_SLUG}/sign-in`);
    await ph.getByLabel('Email').fill(ava.email!);
    await ph.getByLabel('Password').fill('seagull lantern copper morning');
    await ph.getByRole('button', { name: 'Sign in' }).click();
    await ph.getByText(/Welcome,/).waitFor();
    await ph.goto(`${base}/portal/${DEMO_YARD_SLUG}/orders/${orderUrl.split('/').pop()}`);
    await ph.getByRole('heading', { name: 'Approve and sign' }).waitFor();
    await shot('portal-estimate-phone.png', ph);
    // She keeps the optional line, types her name and signs with a finger.
    await ph
      .getByRole('group', { name: 'Zinc anodes, shaft and trim tabs' })
      .getByText('Approve', { exact: true })
      .click();
    await ph.getByLabel('Your full name').fill('Ava Thompson');
    await drawSignature(ph, ph.getByTestId('signature-pad'), 'touch');
    await ph
      .getByRole('region', { name: 'Approve and sign' })
      .evaluate((s) => s.scrollIntoView({ block: 'end' }));
    await ph.waitForTimeout(300);
    await shot('portal-estimate-sign-phone.png', ph, false);
    await ph.getByRole('button', { name: /^Approve and sign \$/ }).click();
    await ph
      .getByText(/You approved and signed/)
      .first()
      .waitFor();
    // She asks for more work while she is at it.
    await ph.goto(`${base}/portal/${DEMO_YARD_SLUG}/request-service`);
    await ph.getByLabel('Title (optional)').fill('Canvas repair');
    await ph.getByLabel('What needs doing?').fill('The bimini has a tear along the aft seam.');
    await ph.getByRole('button', { name: 'Send request' }).click();
    await ph.getByText(/Request sent/).waitFor();

    // The yard opens the order from the inbox and invoices the accepted estimate.
    await page.goto(`${base}/app/activity`);
    await page.getByRole('link', { name: /Ava Thompson accepted estimate/ }).click();
    await page.waitForURL(orderUrl);
    const billing = page.locator('.billing-card');
    await billing.getByRole('button', { name: 'Invoice accepted estimate' }).click();
    await billing.getByRole('button', { name: 'Send', exact: true }).click();
    await billing.getByRole('button', { name: 'Record payment' }).waitFor();

    // Ava pays part of it by card; the inbox shows what she did, the newest unread.
    await ph.goto(orderUrl.replace('/app/orders/', `/portal/${DEMO_YARD_SLUG}/orders/`));
    const payForm = ph.getByRole('form', { name: /Pay invoice/ });
    await payForm.getByLabel('Another amount').check();
    await payForm.getByLabel('Amount (USD)').fill('800.00');
    await payForm.getByLabel('Card number').fill('4242 4242 4242 4242');
    await payForm.getByRole('button', { name: /^Pay/ }).click();
    await ph.getByText(/Payment of \$800\.00 received/).waitFor();

    // The yard hauls her boat with one click on her profile; her portal shows it at a glance.
    await page.goto(`${base}/app/customers/${ava.id}`);
    const where = page.getByRole('group', { name: 'Set where Knot Working is' });
    await where.getByRole('button', { name: 'Hauled' }).click();
    await where.getByRole('button', { name: 'Hauled', pressed: true }).waitFor();
    await shot('boat-status.png');
    await ph.goto(`${base}/portal/${DEMO_YARD_SLUG}`);
    await ph.getByRole('link', { name: 'Open Knot Working' }).waitFor();
    await shot('portal-home-phone.png', ph, false);
    await ph.getByRole('link', { name: 'Open Knot Working' }).click();
    await ph.getByRole('heading', { name: 'Knot Working', level: 1 }).waitFor();
    await shot('portal-boat-phone.png', ph, false);
    await phone.close();
    await page.goto(`${base}/app/activity`);
    await page.getByRole('link', { name: /Ava Thompson paid \$800\.00/ }).waitFor();
    await shot('activity.png');

    // The rest of the balance partly by check at the counter.
    await page.goto(orderUrl);
    await billing.getByRole('button', { name: 'Record payment' }).click();
    const pay = page.getByRole('dialog');
    await pay.getByLabel('Method').selectOption({ label: 'Check' });
    await pay.getByLabel('Amount (USD)').fill('500.00');
    await pay.getByLabel('Check number').fill('2231');
    await pay.getByRole('button', { name: 'Record payment' }).click();
    await pay.waitFor({ state: 'detached' });
    await billing.getByText(/Check 2231/).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('order-page.png');

    // The Orders list, searched for a customer: her orders, what each is worth or still owes.
    await page.goto(`${base}/app/orders`);
    await page.getByRole('searchbox', { name: 'Search orders' }).fill('Thompson');
    await page.waitForURL(/q=Thompson/);
    await page.getByText(/^\d{1,2} orders ·/).waitFor();
    await page.getByRole('link', { name: /Canvas repair/ }).waitFor();
    await shot('orders-list.png', page, false);
    return orderUrl.split('/').pop()!;
  }
} finally {
  await browser.close();
  await runtime.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
