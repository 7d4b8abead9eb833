import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYardCreateArgs, runYardCreate } from '../../src/modules/yards/yard-create-command.js';
import { type BrowserApp, startBrowserApp } from '../support/browser-app.js';
import { NEW_STAFF_PASSWORD, staffLinkFor } from '../support/staff-links.js';

/**
 * A real yard moves in, as its people do it: the yard is created on the command line, its
 * owner picks a password from the email and invites an office user, who picks a password
 * from theirs and keeps the customer records: the same person typed in twice is merged,
 * and a boat is added.
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

  async function newCustomer(page: Page, c: { first: string; last: string; email: string }) {
    await page.getByRole('button', { name: 'New customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'New customer' });
    await dialog.getByLabel('First name').fill(c.first);
    await dialog.getByLabel('Last name').fill(c.last);
    await dialog.getByLabel('Email', { exact: true }).fill(c.email);
    await dialog.getByRole('button', { name: 'Create customer' }).click();
  }

  const customerList = (page: Page) => page.getByRole('region', { name: 'Customer list' });

  it('from `slipway yard create` to the office user working in the new yard', async () => {
    const t = randomBytes(3).toString('hex');
    const yardName = `Saltmarsh Boatworks ${t}`;
    const ownerEmail = `owner.${t}@saltmarsh.test`;
    const officeEmail = `office.${t}@saltmarsh.test`;

    // 1. The yard, created with the command line's own arguments. The CLI opens its own
    // database; with PGlite only this process can hold the test's, so the command's parsing
    // and its action run here, as `slipway yard create` runs them.
    const argv = [
      ...['--name', yardName, '--slug', `saltmarsh-${t}`],
      ...['--owner-email', ownerEmail, '--owner-name', 'Marguerite Hale'],
    ];
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

    // 5. The same person typed in twice: the second time the dialog warns with a link to
    // the first, the office user creates anyway, then merges the two.
    await newCustomer(office, { first: 'Harriet', last: 'Quayle', email: 'harriet.quayle@example.com' });
    await office.getByRole('heading', { name: 'Harriet Quayle' }).waitFor();
    const harrietUrl = office.url();
    await officeNav.getByRole('link', { name: 'Customers' }).click();
    await newCustomer(office, { first: 'Hattie', last: 'Quayle', email: 'Harriet.Quayle@example.com' });
    const dialog2 = office.getByRole('dialog', { name: 'New customer' });
    const existing = dialog2.getByRole('link', { name: /^#\d+ Harriet Quayle$/ });
    await existing.waitFor();
    expect(new URL(await existing.evaluate((a) => (a as HTMLAnchorElement).href)).href).toBe(harrietUrl);
    await dialog2.getByRole('button', { name: 'Create anyway' }).click();
    await office.getByRole('heading', { name: 'Hattie Quayle' }).waitFor();
    await officeNav.getByRole('link', { name: 'Customers' }).click();
    await customerList(office).locator('.table-footer').getByText('2 customers shown').waitFor();

    await office.goto(harrietUrl);
    await office.getByRole('heading', { name: 'Harriet Quayle' }).waitFor();
    await office.getByRole('button', { name: 'Merge with…' }).click();
    const merge = office.getByRole('dialog', { name: /^Merge into #\d+ Harriet Quayle$/ });
    await merge.getByRole('searchbox').fill('Quayle');
    await merge.getByRole('button', { name: /^#\d+ Hattie Quayle/ }).click();
    await merge.getByText(/has no records to move/).waitFor();
    await merge.getByRole('button', { name: 'Merge' }).click();
    await merge.waitFor({ state: 'detached' });
    await office.getByRole('heading', { name: 'Harriet Quayle' }).waitFor();
    await officeNav.getByRole('link', { name: 'Customers' }).click();
    // The list holds one Quayle; Hattie's record is kept, archived, and points to Harriet.
    const list = customerList(office);
    await list.locator('.table-footer').getByText('1 customer shown').waitFor();
    await list.getByRole('table', { name: 'Customers' }).getByText('Harriet Quayle').waitFor();
    expect(await list.getByText('Hattie Quayle').count()).toBe(0);
    await list.getByRole('group', { name: 'Archive' }).getByRole('button', { name: 'Archived' }).click();
    await list.getByRole('link', { name: 'Hattie Quayle' }).click();
    await office.getByRole('heading', { name: 'Hattie Quayle' }).waitFor();
    const banner = office.locator('.archived-banner');
    await banner.getByText('Archived').first().waitFor();
    await banner.getByRole('link', { name: /^#\d+ Harriet Quayle$/ }).click();
    await office.getByRole('heading', { name: 'Harriet Quayle' }).waitFor();
    expect(office.url()).toBe(harrietUrl);

    // 6. Harriet's boat, added from her profile in the yard's unit (feet), with its slip.
    await office.getByText('No boats on file.').waitFor();
    await office.getByRole('button', { name: 'Add boat' }).click();
    const boatDialog = office.getByRole('dialog', { name: 'Add boat' });
    await boatDialog.getByLabel('Boat name').fill('Sea Wren');
    await boatDialog.getByLabel('Make').fill('Catalina');
    await boatDialog.getByLabel('Model').fill('315');
    await boatDialog.getByLabel('Year').fill('2019');
    await boatDialog.getByLabel('Length overall (ft)').fill('32.5');
    await boatDialog.getByLabel('Location').selectOption('slip');
    await boatDialog.getByLabel('Slip, rack or spot name').fill('C-12');
    expect(await office.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await boatDialog.getByRole('button', { name: 'Add boat' }).click();
    await boatDialog.waitFor({ state: 'detached' });
    const boat = office.locator('.boat', { hasText: 'Sea Wren' });
    await boat.getByText('2019 Catalina 315').waitFor();
    await boat.getByText(/32\.5 ft/).waitFor();
    await boat.getByText(/C-12/).waitFor();
    expect(await office.getByText('No boats on file.').count()).toBe(0);
    expect(await office.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }, 180_000);
});
