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
  const shot = (name: string, p = page) => p.screenshot({ path: path.join(OUT, name), fullPage: true });

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

  let link: string | undefined;
  for (let i = 0; i < 100 && !link; i++) {
    const mail = await db
      .selectFrom('mailbox_messages')
      .selectAll()
      .where('rcpt_to', 'like', '%ava.thompson%')
      .executeTakeFirst();
    link = mail?.text_body?.match(/https?:\/\/\S+\/accept\/[A-Za-z0-9_-]+/)?.[0];
    if (!link) await new Promise((r) => setTimeout(r, 200));
  }
  if (!link) throw new Error('the invite email did not arrive');
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
  await portal.getByLabel('Password', { exact: true }).fill('seagull lantern harbor morning');
  await portal.getByLabel('Confirm password').fill('seagull lantern harbor morning');
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
  console.log(`Screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await runtime.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
