import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYardCreateArgs, runYardCreate } from '../../src/modules/yards/yard-create-command.js';
import { type BrowserApp, startBrowserApp } from '../support/browser-app.js';
import { NEW_STAFF_PASSWORD, staffLinkFor } from '../support/staff-links.js';

/**
 * A real yard moves in, as its people do it: the yard is created on the command line, its
 * owner picks a password from the email and invites an office user, who picks a password
 * from theirs and takes it from there in the dashboard.
 */
describe('a yard moves in, in a browser', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  /** Opens the link from the email and picks a password; the dashboard opens on Customers. */
  async function pickPassword(page: Page, link: string, yardName: string) {
    await page.goto(link);
    await page.getByRole('heading', { name: `Welcome to ${yardName}` }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill(NEW_STAFF_PASSWORD);
    await page.getByLabel('Confirm password').fill(NEW_STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Set my password' }).click();
    await expect.poll(() => page.url()).toContain('/app/customers');
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
  }

  it('from `slipway yard create` to the office user working in the new yard', async () => {
    const t = randomBytes(3).toString('hex');
    const yardName = `Saltmarsh Boatworks ${t}`;
    const ownerEmail = `owner.${t}@saltmarsh.test`;
    const officeEmail = `office.${t}@saltmarsh.test`;

    // 1. The yard, created with the command line's own arguments. The CLI opens its own
    // database; with PGlite only this process can hold the test's, so the command's parsing
    // and its action run here, as `slipway yard create` runs them.
    const argv = ['--name', yardName, '--slug', `saltmarsh-${t}`, '--owner-email', ownerEmail];
    argv.push('--owner-name', 'Marguerite Hale');
    const parsed = parseYardCreateArgs(argv);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const created = await runYardCreate(app.h.deps, parsed.input, { waitMs: 20_000 });
    expect(created.mailed).toBe(true);

    // 2. The owner's email: the yard's name and a link to pick a password.
    const ownerLink = await staffLinkFor(app.h.sink, ownerEmail);
    expect(ownerLink.mail.parsed.subject).toBe(`Set up ${yardName} on Slipway`);
    const owner = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    owner.setDefaultTimeout(20_000);
    await pickPassword(owner, ownerLink.link, yardName);
    // A new yard starts empty.
    await owner.getByText('No customers yet').waitFor();

    // 3. The owner invites an office user from Settings → Staff.
    await owner.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Staff' }).click();
    await expect.poll(() => owner.url()).toContain('/app/settings/staff');
    await owner.getByRole('heading', { name: 'Staff users' }).waitFor();
    await owner
      .getByRole('row', { name: /Marguerite Hale \(you\)/ })
      .getByText('Active', { exact: true })
      .waitFor();
    await owner.getByRole('button', { name: 'Invite staff' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Invite a staff member' });
    await dialog.getByLabel('Name').fill('Dana Whitcomb');
    await dialog.getByLabel('Email').fill(officeEmail);
    await dialog.getByLabel('Role').selectOption('office');
    await dialog.getByRole('button', { name: 'Send invite' }).click();
    await owner
      .getByText(`An invite with a link to pick a password is on its way to ${officeEmail}.`)
      .waitFor();
    const danaRow = owner.getByRole('row', { name: /Dana Whitcomb/ });
    await danaRow.getByText('Invited', { exact: true }).waitFor();
    expect(await owner.getByRole('combobox', { name: 'Role of Dana Whitcomb' }).inputValue()).toBe('office');

    // 4. The office user opens their email and picks a password.
    const officeLink = await staffLinkFor(app.h.sink, officeEmail);
    expect(officeLink.mail.parsed.subject).toBe(`You are invited to ${yardName} on Slipway`);
    const office = await (
      await app.browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true })
    ).newPage();
    office.setDefaultTimeout(20_000);
    await pickPassword(office, officeLink.link, yardName);
    await office.getByText('No customers yet').waitFor();
    const officeNav = office.getByRole('navigation', { name: 'Dashboard' });
    expect(await officeNav.getByRole('link', { name: 'Staff' }).count()).toBe(0);
    // The owner now sees them as active.
    await owner.reload();
    await owner
      .getByRole('row', { name: /Dana Whitcomb/ })
      .getByText('Active', { exact: true })
      .waitFor();

    // Still to come once the import page and the boats dialog are in the dashboard: import a
    // 50-row export with a column mapping, fix the two reported rows, re-import (no change),
    // merge the duplicate, add a boat, and invite the imported customers in bulk.
  }, 180_000);
});
