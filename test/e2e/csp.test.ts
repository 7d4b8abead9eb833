import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderPasswordResetEmail } from '../../src/modules/accounts/account-email.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeOrderHistory, makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { CUSTOMER_PASSWORD, makePortalCustomer } from '../support/portal-accounts.js';

/**
 * The Content-Security-Policy in a real browser: every page of the app works under it and
 * nothing is refused, the emails shown in srcdoc frames (template preview, mailbox) included.
 */
describeEachBrowserEngine('the Content-Security-Policy in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    // Mail "to the catcher" so the mailbox page is there; the harness's own SMTP server still receives it.
    app = await startBrowserApp({ engine, worker: false, env: { SMTP_URL: '' } });
  });
  afterAll(() => app?.close());

  /** A browser context that records every CSP refusal, of the page and of its frames. */
  async function watchedContext() {
    const context = await app.browser.newContext();
    const refused: string[] = [];
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspRefused: string[] }).__cspRefused = seen;
      document.addEventListener('securitypolicyviolation', (e) => {
        seen.push(`${e.effectiveDirective} ${e.blockedURI}`);
      });
    });
    // A sandboxed frame runs no script, not even ours: its refusals only show in the console.
    context.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    const pageRefusals = async (page: Page) =>
      page.evaluate(() => (window as unknown as { __cspRefused?: string[] }).__cspRefused ?? []);
    return { context, refused, pageRefusals };
  }

  function expectCsp(res: Response | null) {
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  }

  /** The body's background colour inside an email frame: set only by the email's style attribute. */
  const frameBackground = (page: Page, title: string) =>
    page
      .frameLocator(`iframe[title="${title}"]`)
      .locator('body')
      .evaluate((b) => getComputedStyle(b).backgroundColor);

  it('the dashboard, the template editor with its live preview and the mailbox', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    await makeCustomer(db, yard.id, { first_name: 'Ann', last_name: 'Abbott' });
    const { context, refused, pageRefusals } = await watchedContext();
    const page = await context.newPage();

    expectCsp(await page.goto(`${app.base}/app/customers`));
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('link', { name: /Abbott/ })
      .first()
      .waitFor();

    expectCsp(await page.goto(`${app.base}/app/settings/invite-email`));
    const frame = page.getByTitle('Email preview (HTML)');
    await frame.waitFor();
    await expect.poll(() => frame.getAttribute('srcdoc')).toContain('Hi Ann,');
    await expect
      .poll(() => page.frameLocator('iframe[title="Email preview (HTML)"]').locator('body').textContent())
      .toContain('Hi Ann,');
    // The email's inline styles apply inside the frame (#f4f6f8), so the preview looks like the email.
    await expect.poll(() => frameBackground(page, 'Email preview (HTML)')).toBe('rgb(244, 246, 248)');
    expect(await pageRefusals(page)).toEqual([]);

    const mail = renderPasswordResetEmail({
      yardName: yard.name,
      yardEmail: yard.email,
      yardPhone: yard.phone,
      firstName: 'Ann',
      link: `${app.base}/portal/${yard.slug}/reset/abc`,
      validMinutes: 60,
    });
    const message = await db
      .insertInto('mailbox_messages')
      .values({ mail_from: 'portal@slipway.local', rcpt_to: 'ann@example.com', ...mailColumns(mail) })
      .returning('id')
      .executeTakeFirstOrThrow();
    expectCsp(await page.goto(`${app.base}/mailbox?id=${message.id}`));
    await page.getByRole('heading', { name: mail.subject }).waitFor();
    await expect
      .poll(() => page.frameLocator('iframe[title="Message body"]').locator('body').textContent())
      .toContain('Choose a new password');
    await expect.poll(() => frameBackground(page, 'Message body')).toBe('rgb(244, 246, 248)');
    expect(await pageRefusals(page)).toEqual([]);

    expect(refused).toEqual([]);
    await context.close();
  });

  it('the portal: sign-in, home, an order and the account page', async () => {
    const db = app.database.db;
    const { yard } = await makeYard(db, 'Harbor Point Marine');
    const { customer } = await makePortalCustomer(db, yard.id, { first_name: 'Rosalind' });
    const { order } = await makeOrderHistory(db, yard.id, customer.id);
    const { context, refused, pageRefusals } = await watchedContext();
    const page = await context.newPage();

    expectCsp(await page.goto(`${app.base}/portal/${yard.slug}/sign-in`));
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome, Rosalind/).waitFor();
    expect(await pageRefusals(page)).toEqual([]);

    expectCsp(await page.goto(`${app.base}/portal/${yard.slug}/orders/${order.id}`));
    await page.getByText(order.title).first().waitFor();
    expect(await pageRefusals(page)).toEqual([]);

    expectCsp(await page.goto(`${app.base}/portal/${yard.slug}/account`));
    await page.getByText(customer.email!).first().waitFor();
    expect(await pageRefusals(page)).toEqual([]);

    expect(refused).toEqual([]);
    await context.close();
  });
});

const mailColumns = (m: { subject: string; text: string; html: string }) => ({
  subject: m.subject,
  text_body: m.text,
  html_body: m.html,
});
