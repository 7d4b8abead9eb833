/**
 * The README's "A yard moves in" screenshots, taken by `scripts/screenshots.ts` in the demo
 * yard as its owner: staff users, the ranked customer search, a boat on a phone, the audit
 * log, the import of another system's export and the merge of a duplicate it left.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_STAFF_EMAIL, DEMO_STAFF_PASSWORD } from '../src/db/demo-seed.js';
import { oldSystemExport } from '../test/support/imports.js';

const OUT = path.resolve('docs/screenshots');
type Shot = (name: string, p?: Page, fullPage?: boolean) => Promise<unknown>;

/** `page` is the owner's signed-in desktop page; `avaId` the demo's well-known customer. */
export async function yardMovesIn(browser: Browser, base: string, page: Page, shot: Shot, avaId: string) {
  // The owner invites a technician; the list shows them as invited.
  await page.goto(`${base}/app/settings/staff`);
  await page.getByRole('heading', { name: 'Staff users' }).waitFor();
  await page.getByRole('button', { name: 'Invite staff' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite a staff member' });
  await invite.getByLabel('Name').fill('Sam Okafor');
  await invite.getByLabel('Email').fill('sam@harborpoint.test');
  await invite.getByLabel('Role').selectOption('technician');
  await invite.getByRole('button', { name: 'Send invite' }).click();
  await page
    .getByText('An invite with a link to pick a password is on its way to sam@harborpoint.test.')
    .waitFor();
  await page.getByText('Invited', { exact: true }).waitFor();
  await shot('staff-users.png');

  // The customers list searched for "ava": the count, best matches first, filter chips.
  await page.goto(`${base}/app/customers`);
  await page.getByLabel('Search customers').fill('ava');
  await page.waitForURL(/q=ava/);
  await page.getByRole('link', { name: /Ava Thompson/ }).waitFor();
  await page.getByTestId('customer-count').waitFor();
  await page.waitForTimeout(500);
  await shot('customers-ranked.png', page, false);

  // A boat edited on a phone: its engine, where it is kept, lengths in the yard's unit.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const ph = await phone.newPage();
  await ph.goto(`${base}/app/customers/${avaId}`);
  await ph.getByLabel('Email').fill(DEMO_STAFF_EMAIL);
  await ph.getByLabel('Password').fill(DEMO_STAFF_PASSWORD);
  await ph.getByRole('button', { name: 'Sign in' }).click();
  await ph.getByRole('button', { name: 'Edit Sea Breeze' }).click();
  const boat = ph.getByRole('dialog', { name: 'Edit Sea Breeze' });
  await boat.getByLabel(/^Beam/).fill('8.5');
  await boat.getByLabel(/^Draft/).fill('1.5');
  await boat.getByLabel('Location').selectOption('rack');
  await boat.getByLabel('Slip, rack or spot name').fill('Rack 214');
  await boat.getByRole('button', { name: 'Add engine' }).click();
  const engines = boat.getByRole('group', { name: 'Engines' });
  // The engine row's first input: its make.
  await engines.locator('input').first().fill('Yamaha');
  await engines.getByLabel('Model').fill('F150XB');
  await engines.getByLabel('Hours').fill('412');
  // The dialog scrolls inside on a phone; a taller window shows all of it at 390 px wide.
  await ph.setViewportSize({ width: 390, height: 2400 });
  const tall = await boat.evaluate((d) => d.getBoundingClientRect().height);
  await ph.setViewportSize({ width: 390, height: Math.max(844, Math.ceil(tall) + 48) });
  await ph.waitForTimeout(300);
  await shot('boat-edit-phone.png', ph, false);
  await ph.setViewportSize({ width: 390, height: 844 });
  await boat.getByRole('button', { name: 'Save boat' }).click();
  await boat.waitFor({ state: 'detached' });
  await phone.close();

  // A contact change, so the audit log shows a before → after next to the boat's.
  await page.goto(`${base}/app/customers/${avaId}`);
  const status = await page.evaluate(async (id) => {
    const { token } = await (await fetch('/api/csrf')).json();
    const res = await fetch(`/api/staff/customers/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token },
      body: JSON.stringify({ city: 'Tavernier' }),
    });
    return res.status;
  }, avaId);
  if (status !== 200) throw new Error(`the contact change answered ${status}`);
  await page.goto(`${base}/app/audit`);
  await page.getByText('Tavernier').first().waitFor();
  // The newest three changes, whole: the contact, the boat, the staff invite.
  const third = await page.locator('.audit-row').nth(2).boundingBox();
  if (!third) throw new Error('the audit log shows fewer than three changes');
  const height = Math.ceil(third.y + third.height + 1);
  await page.screenshot({ path: path.join(OUT, 'audit-log.png'), clip: { x: 0, y: 0, width: 1280, height } });

  // Another system's export: the columns mapped, then the preview with each row's outcome.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-shots-import-'));
  try {
    const { csv, expected } = oldSystemExport();
    const file = path.join(dir, 'old-system.csv');
    fs.writeFileSync(file, csv);
    await page.goto(`${base}/app/import`);
    await page.getByRole('heading', { name: 'Import from another system' }).waitFor();
    await page.getByLabel(/^Customers/).setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByLabel('Column "E-mail Address"').waitFor();
    await page.waitForTimeout(500);
    await shot('import-mapping.png');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const go = page.getByRole('button', { name: `Import ${expected.create} rows` });
    await go.waitFor();
    await page.getByRole('button', { name: `Invalid ${expected.invalid}` }).click();
    await page.getByText('not a valid email address').waitFor();
    await page
      .getByRole('region', { name: '3. Preview' })
      .screenshot({ path: path.join(OUT, 'import-preview.png') });
    await go.click();
    await page.getByRole('heading', { name: '4. Report' }).waitFor({ timeout: 60_000 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // A customer typed in by hand who was in the export too: merging the imported record into
  // them shows what moves.
  const created = await page.evaluate(async () => {
    const { token } = await (await fetch('/api/csrf')).json();
    const res = await fetch('/api/staff/customers', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token },
      body: JSON.stringify({ firstName: 'Skipper1', lastName: 'Oldsystem', phone: '(305) 555-2001' }),
    });
    return (await res.json()) as { id?: string };
  });
  if (!created.id) throw new Error(`creating the duplicate failed: ${JSON.stringify(created)}`);
  await page.goto(`${base}/app/customers/${created.id}`);
  await page.getByRole('button', { name: 'Merge with…' }).click();
  const merge = page.getByRole('dialog', { name: /^Merge into #\d+ Skipper1 Oldsystem$/ });
  await merge.getByRole('searchbox').fill('skipper1@example.com');
  await merge.getByRole('button', { name: /skipper1@example\.com/ }).click();
  await merge.getByRole('table', { name: 'What moves' }).waitFor();
  await page.waitForTimeout(300);
  await shot('customer-merge.png', page, false);
  await merge.getByRole('button', { name: 'Cancel' }).click();
}
