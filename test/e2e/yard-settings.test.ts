import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { topBarProblems } from '../support/page-checks.js';

/** The owner changes the yard's tax rate on a phone; a bad rate is refused at its field. */
describeEachBrowserEngine('the yard settings page in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('edits and saves at 390×844 and fits 360×640', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const page = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${app.base}/app/customers`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('navigation', { name: 'Dashboard' })
      .getByRole('link', { name: 'Yard settings' })
      .click();
    await expect.poll(() => page.url()).toContain('/app/settings/yard');

    const parts = page.getByLabel('Parts tax (%)');
    await expect.poll(() => parts.inputValue()).toBe('7');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await parts.fill('7.255');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Parts tax must be a percentage with at most two decimals').waitFor();
    expect(await parts.getAttribute('aria-invalid')).toBe('true');

    await parts.fill('7.25');
    await page.getByLabel('Time zone').selectOption('America/Chicago');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved. New estimates and invoices use these settings.').waitFor();
    const row = await db.selectFrom('yards').selectAll().where('id', '=', yard.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ tax_parts_bp: 725, timezone: 'America/Chicago' });

    await page.setViewportSize({ width: 360, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // On a laptop and a desktop the dashboard's links stay on one line, clear of the yard's mark.
    for (const width of [1024, 1280, 1440, 1920]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await topBarProblems(page), `at ${width} px`).toEqual([]);
    }
  });
});
