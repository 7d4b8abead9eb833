import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import {
  DEMO_STAFF_EMAIL,
  DEMO_STAFF_PASSWORD,
  DEMO_YARD_SLUG,
  seedDemoYard,
} from '../../src/db/demo-seed.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import type { Harness } from '../support/harness.js';
import { inviteSettled } from '../support/invites.js';
import { inviteLinkIn } from '../support/smtp-sink.js';

/**
 * The help-centre article, performed as a person would in headless Chromium: find the
 * customer, Invite to Portal, confirm, read the email from a real SMTP server, follow the
 * link, pick a password, and see the order history that was already there.
 */
describeEachBrowserEngine('the portal invite in a browser', (engine) => {
  let database: Database;
  let h: Harness;
  let browser: Browser;
  let base: string;

  let app: BrowserApp | undefined;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, seed: (d) => seedDemoYard(d.db) });
    ({ database, h, browser, base } = app);
  });

  afterAll(() => app?.close());

  it('staff invite Ava by phone search; Ava picks a password and finds her order history', async () => {
    const ava = await database.db
      .selectFrom('customers')
      .selectAll()
      .where('email', '=', 'ava.thompson@example.com')
      .executeTakeFirstOrThrow();
    const avaOrders = await database.db
      .selectFrom('orders')
      .select('title')
      .where('customer_id', '=', ava.id)
      .execute();
    expect(avaOrders.length).toBeGreaterThan(0);

    const staff = await browser.newContext();
    const page = await staff.newPage();
    await page.goto(`${base}/app/customers`);
    await page.getByLabel('Email').fill(DEMO_STAFF_EMAIL);
    await page.getByLabel('Password').fill(DEMO_STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByLabel('Search customers').fill('+1 305 555 0142');
    const row = page.getByRole('link', { name: /Ava Thompson|Thompson, Ava/ });
    await row.first().click();
    await expect.poll(() => page.url()).toContain(`/app/customers/${ava.id}`);

    const invite = page.getByRole('button', { name: 'Invite to Portal' });
    await invite.waitFor();
    expect(await invite.isEnabled()).toBe(true);
    await invite.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('ava.thompson@example.com');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();

    const [mail] = await h.sink.waitForMail('ava.thompson@example.com', 1);
    await inviteSettled(database.db, ava.id);
    expect(mail.parsed.subject).toContain('Harbor Point Marine');
    const link = inviteLinkIn(mail);
    expect(link.startsWith(`${base}/portal/${DEMO_YARD_SLUG}/accept/`)).toBe(true);

    // The 24-hour state: the button is inactive and says when it can be sent again.
    await page.reload();
    await page.getByRole('button', { name: 'Invite to Portal' }).waitFor();
    expect(await page.getByRole('button', { name: 'Invite to Portal' }).isDisabled()).toBe(true);
    await page
      .getByText(/send it again/i)
      .first()
      .waitFor();

    // Ava, in her own browser.
    const customer = await browser.newContext();
    const portal = await customer.newPage();
    await portal.goto(link);
    await portal.getByText(/Welcome, Ava/).waitFor();
    await portal.getByLabel('Password', { exact: true }).fill('seagull lantern cobble morning');
    await portal.getByLabel('Confirm password').fill('seagull lantern cobble morning');
    await portal.getByRole('button', { name: 'Activate account' }).click();
    await expect.poll(() => portal.url()).toMatch(new RegExp(`/portal/${DEMO_YARD_SLUG}/?$`));
    await portal.getByText(avaOrders[0].title).first().waitFor();
    const body = await portal.textContent('body');
    for (const o of avaOrders) expect(body).toContain(o.title);
    expect(body).toContain(ava.email);

    // Back on the profile: IN PORTAL replaces the button.
    await page.reload();
    await page.getByText('IN PORTAL', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Invite to Portal' }).count()).toBe(0);

    await staff.close();
    await customer.close();
  });
});
