import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeOrderHistory, makeYard, STAFF_PASSWORD } from '../support/factories.js';

/**
 * Staff of one yard open another yard's customer by id, in a real browser: they must get
 * "not found", and nothing of the victim may appear anywhere on the page.
 */
describeEachBrowserEngine('cross-tenant access in a browser', (engine) => {
  let database: Database;
  let browser: Browser;
  let base: string;
  let app: BrowserApp | undefined;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
    ({ database, browser, base } = app);
  });

  afterAll(() => app?.close());

  it("an attacker yard's staff see 404 for the victim's customer, with no trace of the victim", async () => {
    const victimYard = await makeYard(database.db, 'VictimYardMarker');
    const victim = await makeCustomer(database.db, victimYard.yard.id, {
      first_name: 'VictimFirstMarker',
      last_name: 'VictimLastMarker',
      email: 'victim.marker@example.com',
    });
    const history = await makeOrderHistory(database.db, victimYard.yard.id, victim.id);
    const attacker = await makeYard(database.db, 'AttackerYard');
    const markers = [
      'VictimFirstMarker',
      'VictimLastMarker',
      'victim.marker@example.com',
      'VictimYardMarker',
      history.boat.name,
    ];

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/app/sign-in`);
    await page.getByLabel('Email').fill(attacker.staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Search customers').waitFor();

    const apiStatus = await page.evaluate(
      async (id) => (await fetch(`/api/staff/customers/${id}`)).status,
      victim.id,
    );
    expect(apiStatus).toBe(404);

    await page.goto(`${base}/app/customers/${victim.id}`);
    await page
      .getByText(/not found/i)
      .first()
      .waitFor();
    await page
      .getByLabel('Search customers')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    const html = await page.content();
    for (const m of markers) expect(html).not.toContain(m);

    await page.goto(`${base}/app/customers?q=VictimLastMarker`);
    await page.getByText(/No customers match/).waitFor();
    // The typed search term is on the page, of course; nothing else of the victim is.
    const listHtml = await page.content();
    for (const m of markers.filter((x) => x !== 'VictimLastMarker')) expect(listHtml).not.toContain(m);
    await ctx.close();
  });
});
