import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { oldSystemExport } from '../support/imports.js';

describeEachBrowserEngine('import from another system in the browser, on a phone', (engine) => {
  let app: BrowserApp;
  let dir: string;
  let staff: { email: string };
  beforeAll(async () => {
    app = await startBrowserApp({ engine });
    ({ staff } = await makeYard(app.database.db, 'Import Marina'));
    dir = await mkdtemp(join(tmpdir(), 'slipway-import-e2e-'));
  });
  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('uploads an export, maps, previews, imports, reports and opens the invite preview at 390×844', async () => {
    const { csv, expected } = oldSystemExport();
    const file = join(dir, 'old-system.csv');
    await writeFile(file, csv);
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.base}/app/import`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Import from another system' }).waitFor();

    await page.getByLabel(/^Customers/).setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByLabel('Column "E-mail Address"').inputValue()).toBe('email');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.getByRole('button', { name: `Invalid ${expected.invalid}` }).click();
    await page.getByText('not a valid email address').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);

    await page.getByRole('button', { name: `Import ${expected.create} rows` }).click();
    await page.getByRole('heading', { name: '4. Report' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Invite the imported customers' }).click();
    await page.waitForURL(/\/app\/invites\//);
    // The bulk invite preview of exactly the imported customers ("… · 40 rows").
    await page.getByText(`· ${expected.customers} rows`).waitFor();
    await context.close();
  }, 180_000);
});
