import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runYardCreate } from '../../src/modules/yards/yard-create-command.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { NEW_STAFF_PASSWORD, staffLinkFor } from '../support/staff-links.js';

/**
 * A yard moves in: created as `slipway yard create` does, its owner picks a password from
 * the email, invites an office user, who does the same and lands in the dashboard.
 */
describeEachBrowserEngine('a new yard and its staff in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine });
  });
  afterAll(() => app?.close());

  async function pickPassword(page: Page, link: string, yardName: string) {
    await page.goto(link);
    await page.getByRole('heading', { name: `Welcome to ${yardName}` }).waitFor();
    const width = page.viewportSize()?.width ?? 0;
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.getByLabel('Password', { exact: true }).fill(NEW_STAFF_PASSWORD);
    await page.getByLabel('Confirm password').fill(NEW_STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Set my password' }).click();
    await expect.poll(() => page.url()).toContain('/app/customers');
  }

  it('the owner sets a password from the email, invites an office user, who picks a password and lands in the dashboard', async () => {
    const t = randomBytes(3).toString('hex');
    const yardName = `Cove Marine ${t}`;
    const ownerEmail = `owner.${t}@cove.test`;
    await runYardCreate(
      app.h.deps,
      { name: yardName, slug: `cove-${t}`, ownerEmail, ownerName: 'Olive Ostrander' },
      { waitMs: 20_000 },
    );
    const ownerLink = await staffLinkFor(app.h.sink, ownerEmail);

    const owner = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await pickPassword(owner, ownerLink.link, yardName);

    const nav = owner.getByRole('navigation', { name: 'Dashboard' });
    await nav.getByRole('link', { name: 'Staff' }).click();
    await expect.poll(() => owner.url()).toContain('/app/settings/staff');
    await owner.getByRole('heading', { name: 'Staff users' }).waitFor();
    expect(await owner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const officeEmail = `office.${t}@cove.test`;
    await owner.getByRole('button', { name: 'Invite staff' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Invite a staff member' });
    await dialog.getByLabel('Name').fill('Robin Keel');
    await dialog.getByLabel('Email').fill(officeEmail);
    await dialog.getByLabel('Role').selectOption('office');
    await dialog.getByRole('button', { name: 'Send invite' }).click();
    await owner
      .getByText(`An invite with a link to pick a password is on its way to ${officeEmail}.`)
      .waitFor();
    await owner.getByText('Invited', { exact: true }).waitFor();

    const officeLink = await staffLinkFor(app.h.sink, officeEmail);
    const office = await (await app.browser.newContext({ viewport: { width: 360, height: 640 } })).newPage();
    await pickPassword(office, officeLink.link, yardName);
    await office.getByRole('heading', { name: 'Customers' }).waitFor();
    // An office user works with customers and orders, not with the staff users.
    const officeNav = office.getByRole('navigation', { name: 'Dashboard' });
    await officeNav.getByRole('link', { name: 'Orders' }).waitFor();
    expect(await officeNav.getByRole('link', { name: 'Staff' }).count()).toBe(0);
    expect(await office.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The owner deactivates them: their very next page asks them to sign in.
    await owner.reload();
    await owner.getByRole('button', { name: 'Deactivate' }).click();
    const confirm = owner.getByRole('dialog', { name: 'Deactivate Robin Keel?' });
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await owner.getByText('Robin Keel is deactivated and was signed out.').waitFor();
    await office.goto(`${app.base}/app/orders`);
    await expect.poll(() => office.url()).toContain('/app/sign-in');
  });
});
