import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { csvOf, previewOf, TEMPLATE_HEADER } from '../support/bulk-invites.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { makeOrder } from '../support/order-fixtures.js';
import { axeViolations } from '../support/page-checks.js';

/**
 * Every page of the yard's dashboard, filled with a customer, a boat, an order with an
 * estimate and an invoice and a bulk invite batch, passes axe-core with no violation — on a
 * desktop and on a phone — as the portal's pages do (test/e2e/portal-phone.test.ts).
 */
describeEachBrowserEngine('the dashboard passes axe-core', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false, env: { SMTP_URL: '' } });
  });
  afterAll(() => app?.close());

  it('finds no violation on any dashboard page', { timeout: 180_000 }, async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const customer = await makeCustomer(db, yard.id, {
      first_name: 'Ava',
      last_name: 'Thompson',
      email: 'ava.thompson@example.com',
    });
    const { order } = await makeOrder(db, yard.id, customer.id, { estimate: 'sent', invoice: true });
    const staffAgent = app.h.agent();
    await staffAgent.signInStaff(staff.email, STAFF_PASSWORD);
    const batch = await previewOf(
      staffAgent,
      csvOf([TEMPLATE_HEADER, ['', 'liam.walker@example.com', 'Liam', 'Walker', '']]),
    );

    const pages: [string, string, (p: Page) => Promise<unknown>][] = [
      [
        'customers',
        '/app/customers',
        (p) =>
          p
            .getByRole('link', { name: /Ava Thompson/ })
            .first()
            .waitFor(),
      ],
      [
        'customer',
        `/app/customers/${customer.id}`,
        (p) => p.getByRole('heading', { name: 'Ava Thompson' }).waitFor(),
      ],
      ['orders', '/app/orders', (p) => p.getByRole('heading', { name: 'Orders' }).first().waitFor()],
      ['order', `/app/orders/${order.id}`, (p) => p.getByText(order.title).first().waitFor()],
      [
        'activity',
        '/app/activity',
        (p) =>
          p
            .getByRole('heading', { name: /activity/i })
            .first()
            .waitFor(),
      ],
      ['audit', '/app/audit', (p) => p.getByRole('heading', { name: /audit/i }).first().waitFor()],
      [
        'catalog',
        '/app/catalog',
        (p) =>
          p
            .getByRole('heading', { name: /catalog/i })
            .first()
            .waitFor(),
      ],
      ['invite email', '/app/settings/invite-email', (p) => p.getByRole('heading').first().waitFor()],
      ['yard settings', '/app/settings/yard', (p) => p.getByRole('heading').first().waitFor()],
      ['staff', '/app/settings/staff', (p) => p.getByRole('heading').first().waitFor()],
      ['import', '/app/import', (p) => p.getByRole('heading').first().waitFor()],
      ['invites', '/app/invites', (p) => p.getByRole('heading').first().waitFor()],
      [
        'invite batch',
        `/app/invites/${batch.id}`,
        (p) =>
          p
            .getByText(/liam\.walker@example\.com|1 row|Send/)
            .first()
            .waitFor(),
      ],
      ['messages', '/app/messages', (p) => p.getByRole('heading').first().waitFor()],
      ['reminders', '/app/reminders', (p) => p.getByRole('heading').first().waitFor()],
      ['mailbox', '/mailbox', (p) => p.getByRole('heading').first().waitFor()],
    ];

    const problems: string[] = [];
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const context = await app.browser.newContext({ viewport, bypassCSP: true });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      await page.goto(`${app.base}/app/sign-in`);
      for (const p of await axeViolations(page)) problems.push(`sign-in at ${viewport.width}: ${p}`);
      await page.getByLabel('Email').fill(staff.email);
      await page.getByLabel('Password').fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/app\/(?!sign-in)/);
      for (const [name, path, ready] of pages) {
        await page.goto(`${app.base}${path}`);
        await ready(page);
        await page.waitForLoadState('networkidle');
        for (const p of await axeViolations(page)) problems.push(`${name} at ${viewport.width}: ${p}`);
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
