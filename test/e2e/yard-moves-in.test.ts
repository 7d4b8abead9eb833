import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseYardCreateArgs, runYardCreate } from '../../src/modules/yards/yard-create-command.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { oldSystemExport } from '../support/imports.js';
import { inviteLinkIn } from '../support/smtp-sink.js';
import { NEW_STAFF_PASSWORD, staffLinkFor } from '../support/staff-links.js';

/**
 * A real yard moves in, as its people do it: the yard is created on the command line, its
 * owner picks a password from the email and invites an office user, who picks a password
 * from theirs, imports the old system's export (fixing the rows it reports, and importing
 * it again to no effect), merges a duplicate, adds a boat, and invites the imported
 * customers to the portal.
 */
describeEachBrowserEngine('a yard moves in, in a browser', (engine) => {
  let app: BrowserApp;
  let dir: string;

  beforeAll(async () => {
    app = await startBrowserApp({ engine });
    dir = await mkdtemp(join(tmpdir(), 'slipway-moves-in-'));
  });
  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

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

  it('from `slipway yard create` to the imported customers invited to the portal', async () => {
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

    // 5. The office user imports the old system's export: 50 rows, one per boat.
    const { csv, expected } = oldSystemExport(50);
    const exportFile = join(dir, 'old-system.csv');
    await writeFile(exportFile, csv);
    await officeNav.getByRole('link', { name: 'Import' }).click();
    await office.getByRole('heading', { name: 'Import from another system' }).waitFor();
    await office.getByLabel(/^Customers/).setInputFiles(exportFile);
    await office.getByRole('button', { name: 'Upload' }).click();
    // The mapping screen guesses from the headers; the office user corrects one column.
    const column = (label: string, page = office) => page.getByLabel(`Column "${label}"`);
    await expect.poll(() => column('E-mail Address').inputValue()).toBe('email');
    expect(await column('Cell').inputValue()).toBe('phone');
    expect(await column('Vessel Name').inputValue()).toBe('boatName');
    expect(await column('LOA').inputValue()).toBe('length');
    expect(await column('HIN').inputValue()).toBe('hullId');
    await column('Notes').selectOption('boatNotes');
    await office.getByRole('button', { name: 'Preview', exact: true }).click();
    const chip = (name: string, page = office) =>
      page.getByRole('group', { name: 'Show rows' }).getByRole('button', { name });
    await chip(`New ${expected.create}`).waitFor();
    await chip(`Duplicate ${expected.duplicate}`).waitFor();
    await chip(`Invalid ${expected.invalid}`).click();
    await office.getByText(`Row ${expected.badEmailRow} · Invalid`).waitFor();
    await office.getByText('not a valid email address').waitFor();
    await office.getByText(`Row ${expected.badYearRow} · Invalid`).waitFor();
    await office.getByRole('button', { name: `Import ${expected.create} rows` }).click();
    const report = (term: string) => office.locator('.import-report dt', { hasText: term }).locator('+ dd');
    await office.getByRole('heading', { name: '4. Report' }).waitFor({ timeout: 60_000 });
    expect(await report('Customers created').textContent()).toBe(String(expected.customers));
    expect(await report('Boats created / updated').textContent()).toBe(`${expected.boats} / 0`);
    expect(await report('Rows invalid').textContent()).toBe('2');

    // 6. The two reported rows, fixed in the file and uploaded again: the saved mapping is
    // used, and only those two rows are new.
    const fixed = csv
      .replace('skipper-at-example.com', `skipper${expected.customers + 1}@example.com`)
      .replace(',1492,', ',2002,');
    const fixedFile = join(dir, 'old-system-fixed.csv');
    await writeFile(fixedFile, fixed);
    const uploadFixed = async (page: Page) => {
      await page.getByLabel(/^Customers/).setInputFiles(fixedFile);
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.getByRole('heading', { name: '3. Preview' }).waitFor();
      expect(await column('Notes', page).inputValue()).toBe('boatNotes');
    };
    await office.getByRole('button', { name: 'Import another file' }).click();
    await uploadFixed(office);
    await chip('New 2').waitFor();
    await chip(`No change ${expected.create}`).waitFor();
    await chip('Invalid 0').waitFor();
    await office.getByRole('button', { name: 'Import 2 rows' }).click();
    await office.getByRole('heading', { name: '4. Report' }).waitFor({ timeout: 60_000 });
    expect(await report('Customers created').textContent()).toBe('2');
    expect(await report('Boats created / updated').textContent()).toBe('2 / 0');
    expect(await report('Rows invalid').textContent()).toBe('0');

    // 7. The same file once more: the preview says nothing would change.
    // The report stays open in its tab; the office user carries on in another.
    const desk = await office.context().newPage();
    desk.setDefaultTimeout(20_000);
    const deskNav = desk.getByRole('navigation', { name: 'Dashboard' });
    await desk.goto(`${app.base}/app/import`);
    await uploadFixed(desk);
    await chip(`No change ${expected.create + 2}`, desk).waitFor();
    await chip('New 0', desk).waitFor();
    await chip('Update 0', desk).waitFor();
    await desk.getByRole('button', { name: 'Import 0 rows' }).waitFor();
    await desk.getByRole('button', { name: 'Discard' }).click();
    await deskNav.getByRole('link', { name: 'Customers' }).click();
    await customerList(desk)
      .locator('.table-footer')
      .getByText(new RegExp(`^${expected.customers + 2} customers`))
      .waitFor();

    // 8. A customer typed in by hand who was already in the export: the dialog warns with
    // a link to the imported record, the office user creates anyway, then merges the two.
    const skipperEmail = 'skipper5@example.com';
    await newCustomer(desk, { first: 'Skip', last: 'Oldsystem', email: skipperEmail });
    const dialog2 = desk.getByRole('dialog', { name: 'New customer' });
    const existing = dialog2.getByRole('link', { name: /^#\d+ Skipper5 Oldsystem$/ });
    await existing.waitFor();
    const skipperUrl = await existing.evaluate((a) => (a as HTMLAnchorElement).href);
    await dialog2.getByRole('button', { name: 'Create anyway' }).click();
    await desk.getByRole('heading', { name: 'Skip Oldsystem' }).waitFor();
    await deskNav.getByRole('link', { name: 'Customers' }).click();
    const list = customerList(desk);
    await desk.getByLabel('Search customers').fill(skipperEmail);
    await list.locator('.table-footer').getByText('2 customers shown').waitFor();

    await desk.goto(skipperUrl);
    await desk.getByRole('heading', { name: 'Skipper5 Oldsystem' }).waitFor();
    await desk.getByRole('button', { name: 'Merge with…' }).click();
    const merge = desk.getByRole('dialog', { name: /^Merge into #\d+ Skipper5 Oldsystem$/ });
    await merge.getByRole('searchbox').fill(skipperEmail);
    await merge.getByRole('button', { name: /^#\d+ Skip Oldsystem/ }).click();
    await merge.getByText(/has no records to move/).waitFor();
    await merge.getByRole('button', { name: 'Merge' }).click();
    await merge.waitFor({ state: 'detached' });
    await desk.getByRole('heading', { name: 'Skipper5 Oldsystem' }).waitFor();
    await deskNav.getByRole('link', { name: 'Customers' }).click();
    // One customer with that email in the list; the merged record is kept, archived, and
    // points to the imported one.
    await desk.getByLabel('Search customers').fill(skipperEmail);
    await list.locator('.table-footer').getByText('1 customer shown').waitFor();
    await list.getByRole('table', { name: 'Customers' }).getByText('Skipper5 Oldsystem').waitFor();
    expect(await list.getByText('Skip Oldsystem').count()).toBe(0);
    await list.getByRole('group', { name: 'Archive' }).getByRole('button', { name: 'Archived' }).click();
    await list.getByRole('link', { name: 'Skip Oldsystem' }).click();
    await desk.getByRole('heading', { name: 'Skip Oldsystem' }).waitFor();
    const banner = desk.locator('.archived-banner');
    await banner.getByText('Archived').first().waitFor();
    await banner.getByRole('link', { name: /^#\d+ Skipper5 Oldsystem$/ }).click();
    await desk.getByRole('heading', { name: 'Skipper5 Oldsystem' }).waitFor();
    expect(desk.url()).toBe(skipperUrl);

    // 9. The imported boats are on the profile; the office user adds a third, in the yard's
    // unit (feet), with its slip.
    const boats = desk.locator('.boat');
    await boats
      .filter({ hasText: 'Sea Breeze 5' })
      .getByText(/23\.5 ft/)
      .waitFor();
    await boats.filter({ hasText: 'Tender 5' }).waitFor();
    expect(await boats.count()).toBe(2);
    await desk.getByRole('button', { name: 'Add boat' }).click();
    const boatDialog = desk.getByRole('dialog', { name: 'Add boat' });
    await boatDialog.getByLabel('Boat name').fill('Sea Wren');
    await boatDialog.getByLabel('Make').fill('Catalina');
    await boatDialog.getByLabel('Model').fill('315');
    await boatDialog.getByLabel('Year').fill('2019');
    await boatDialog.getByLabel('Length overall (ft)').fill('32.5');
    await boatDialog.getByLabel('Location').selectOption('slip');
    await boatDialog.getByLabel('Slip, rack or spot name').fill('C-12');
    expect(await desk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await boatDialog.getByRole('button', { name: 'Add boat' }).click();
    await boatDialog.waitFor({ state: 'detached' });
    const wren = boats.filter({ hasText: 'Sea Wren' });
    await wren.getByText('2019 Catalina 315').waitFor();
    await wren.getByText(/32\.5 ft/).waitFor();
    await wren.getByText(/C-12/).waitFor();
    expect(await boats.count()).toBe(3);
    expect(await desk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // 10. Back in the report's tab: invite the imported customers in bulk.
    await office.bringToFront();
    await office.getByRole('button', { name: 'Invite the imported customers' }).click();
    await expect.poll(() => new URL(office.url()).pathname).toMatch(/^\/app\/invites\/[0-9a-f-]{36}$/);
    const invited = expected.customers + 2;
    await office
      .getByRole('group', { name: 'Preview totals' })
      .getByRole('button', { name: `Will be invited ${invited}`, exact: true })
      .waitFor();
    await office.getByRole('button', { name: `Send ${invited} invites` }).click();
    const send = office.getByRole('dialog', { name: `Send ${invited} portal invites?` });
    await send.getByRole('button', { name: `Send ${invited} invites` }).click();
    await send.waitFor({ state: 'detached' });
    await office.getByRole('heading', { name: 'Finished' }).waitFor({ timeout: 60_000 });
    for (const n of [1, 17, expected.customers + 1, expected.customers + 2]) {
      const [mail] = await app.h.sink.waitForMail(`skipper${n}@example.com`, 1);
      expect(inviteLinkIn(mail)).toMatch(new RegExp(`^${app.base}/portal/saltmarsh-${t}/accept/`));
    }
  }, 180_000);
});
