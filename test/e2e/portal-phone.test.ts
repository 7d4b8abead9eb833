// Longer than most files: every portal page on two phones, and what a customer sees on each.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { makeOrder } from '../support/order-fixtures.js';
import { insideViewportWidth, PHONES, phoneContext, phoneProblems } from '../support/page-checks.js';
import { CUSTOMER_PASSWORD, linkTokenIn, makePortalCustomer } from '../support/portal-accounts.js';
import { inviteLinkIn } from '../support/smtp-sink.js';

/**
 * Every portal page at 360×640 and 390×844, signed in as a customer with boats, an order
 * with an estimate and an open invoice, and an order with an open invoice: no horizontal
 * scrolling, tap targets of 44 px, no axe-core violation — and what the pages promise: the
 * invoices' Balance and the line items' Amount in view, both names in the header, numbers
 * that link to their order, the confirmation of a payment in full, the status history.
 */
describeEachBrowserEngine('the portal on phones', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine });
  });
  afterAll(() => app?.close());

  /** Every page's problems, by page and width: all of them are reported at the end. */
  const problems: string[] = [];
  const check = async (page: Page, what: string) => {
    await page.waitForLoadState('networkidle');
    for (const p of await phoneProblems(page))
      problems.push(`${what} at ${page.viewportSize()?.width} px: ${p}`);
  };

  it('every page fits the phone, is tappable and passes axe; invoices, orders and payments read right', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine and Boatworks');
    const { customer } = await makePortalCustomer(db, yard.id, {
      first_name: 'Alexandrina',
      last_name: 'Montgomery-Whitfield',
    });
    const email = customer.email!;
    // An order with a sent estimate and an open invoice, and one with an open invoice only,
    // both with no recorded status move: opened with a status nobody recorded.
    const a = await makeOrder(db, yard.id, customer.id, {
      estimate: 'sent',
      invoice: true,
      dueOn: '2027-01-15',
    });
    const b = await makeOrder(db, yard.id, customer.id, {
      status: 'invoiced',
      invoice: true,
      dueOn: '2027-01-15',
    });
    const invoiceA = a.invoice!.number;

    const staffAgent = app.h.agent();
    await staffAgent.signInStaff(staff.email, STAFF_PASSWORD);
    // A service reminder, so the boat page lists what is coming (docs/reminders.md).
    const reminder = await staffAgent.post('/api/staff/reminders', {
      name: 'Winterize',
      message: 'Book before the first frost.',
      service: 'Winterization and shrink-wrap',
      schedule: { rule: 'yearly', month: 10, day: 1 },
    });
    expect(reminder.statusCode, reminder.body).toBe(201);

    let paidInFull = false;
    let mails = 0;
    for (const viewport of PHONES) {
      const context = await phoneContext(app.browser, viewport);
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const portal = `${app.base}/portal/${yard.slug}`;

      // ── Sign-in.
      await page.goto(`${portal}/sign-in`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await check(page, 'sign-in');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText(/Welcome, Alexandrina/).waitFor();

      // ── Home: both names in the header, the Balance of every invoice in view.
      await page.getByRole('heading', { name: 'Invoices with a balance due' }).waitFor();
      await check(page, 'home');
      const header = page.locator('header.topbar');
      for (const name of [yard.name, 'Alexandrina Montgomery-Whitfield']) {
        const el = header.getByText(name, { exact: true });
        expect(await el.isVisible(), name).toBe(true);
        expect(await insideViewportWidth(page, el), name).toBe(true);
      }
      const invoices = page.locator('section', {
        has: page.getByRole('heading', { name: 'Invoices with a balance due' }),
      });
      const balances = invoices.locator('table.table > tbody > tr > td:last-child');
      expect(await balances.count()).toBe(paidInFull ? 1 : 2);
      // With an invoice's line items open too, every column's value is shown and in view.
      await invoices.getByText('2 line items').first().click();
      for (const cell of await balances.all()) {
        expect(await cell.textContent()).toMatch(/\$738\.87/);
        expect(await insideViewportWidth(page, cell)).toBe(true);
      }
      for (const cell of await invoices.locator('table.table > tbody > tr > td').all()) {
        expect(await cell.isVisible(), (await cell.textContent()) ?? '').toBe(true);
        expect(await insideViewportWidth(page, cell), (await cell.textContent()) ?? '').toBe(true);
      }

      // ── A boat's page, from its link on the home page.
      await page.getByRole('link', { name: `Open ${a.boat.name}` }).click();
      await page.getByRole('heading', { name: a.boat.name, level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Upcoming service' }).waitFor();
      await check(page, 'boat page');
      await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Home' }).click();
      await page.getByRole('heading', { name: 'Invoices with a balance due' }).waitFor();

      // ── The invoice's number leads to its order, at the invoice.
      const invoiceLink = invoices.getByRole('link', { name: `Invoice #${b.invoice!.number}` });
      await invoiceLink.click();
      await expect.poll(() => page.url()).toBe(`${portal}/orders/${b.order.id}#invoice-${b.invoice!.number}`);
      await page.getByRole('heading', { name: `Invoice #${b.invoice!.number}` }).waitFor();
      await check(page, 'order page (invoice only)');
      // The same header and navigation as the other pages.
      expect(await page.getByRole('navigation', { name: 'Portal' }).isVisible()).toBe(true);
      expect(await header.getByText('Alexandrina Montgomery-Whitfield').isVisible()).toBe(true);
      // Opened with a status nobody recorded: just "Order opened", never today's "Invoiced".
      const history = page.locator('.status-history > li');
      expect(await history.first().textContent()).toMatch(/ — Order opened$/);
      // Every line's amount in view.
      const amounts = page.locator('table.line-items > tbody > tr > td:last-child');
      expect(await amounts.count()).toBe(2);
      for (const cell of await amounts.all()) expect(await insideViewportWidth(page, cell)).toBe(true);

      // ── The estimate's order, by the navigation home and the estimate's number.
      await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Home' }).click();
      await page
        .getByRole('link', { name: `Estimate #${a.estimate!.number}` })
        .first()
        .click();
      await expect
        .poll(() => page.url())
        .toBe(`${portal}/orders/${a.order.id}#estimate-${a.estimate!.number}`);
      const invoiceCard = page.locator('section', {
        has: page.getByRole('heading', { name: `Invoice #${invoiceA}` }),
      });
      await invoiceCard.waitFor();
      await check(page, 'order page (estimate and invoice)');

      if (!paidInFull) {
        // ── Paying in full: the form goes, a confirmation with the receipt takes its place.
        const form = page.getByRole('form', { name: `Pay invoice #${invoiceA}` });
        expect(await invoiceCard.textContent()).toMatch(/\(due /);
        await form.getByLabel('Card number').fill('4242 4242 4242 4242');
        await form.getByRole('button', { name: 'Pay $738.87' }).click();
        const confirmation = invoiceCard.getByRole('status');
        await confirmation
          .getByText(`Paid in full — thank you. Payment of $738.87 received; a receipt was sent to ${email}.`)
          .waitFor();
        await form.waitFor({ state: 'detached' });
        const receipt = confirmation.getByRole('link', { name: 'Receipt (PDF)' });
        const res = await context.request.get(new URL((await receipt.getAttribute('href'))!, app.base).href);
        expect(res.headers()['content-type']).toContain('application/pdf');
        mails = (await app.h.sink.waitForMail(email, 1)).length;
        await check(page, 'order page after paying');
        paidInFull = true;
      }
      // A paid invoice shows when it was paid, not when it was due.
      await expect.poll(() => invoiceCard.getByTestId('invoice-paid').textContent()).toMatch(/^Paid on /);
      expect(await invoiceCard.textContent()).not.toMatch(/\(due /);

      // ── Request service: the confirmation links to the new order.
      await page
        .getByRole('navigation', { name: 'Portal' })
        .getByRole('link', { name: 'Request service' })
        .click();
      await page.getByLabel('What needs doing?').waitFor();
      await check(page, 'request service');
      await page.getByLabel('What needs doing?').fill('The bilge pump runs every few minutes.');
      await page.getByRole('button', { name: 'Send request' }).click();
      const opened = page.getByRole('link', { name: /^Open order #\d+$/ });
      await opened.waitFor();
      await check(page, 'request sent');
      const requested = (await opened.textContent())!.match(/#(\d+)/)![1];
      await opened.click();
      await page.getByRole('heading', { name: new RegExp(`Order #${requested}:`) }).waitFor();
      // Opened in the portal: the status it was opened with.
      expect(await page.locator('.status-history > li').first().textContent()).toContain(
        'Order opened · Requested',
      );
      await check(page, 'requested order');

      // ── Messages: the list of conversations, and a thread with its reply box.
      await page
        .getByRole('navigation', { name: 'Portal' })
        .getByRole('link', { name: /^Messages/ })
        .click();
      await page.getByRole('heading', { name: 'Messages', exact: true }).waitFor();
      await check(page, 'messages');
      await page.getByRole('link', { name: /General messages/ }).click();
      await page.getByRole('form', { name: 'New message' }).waitFor();
      await check(page, 'general messages');

      // ── Account.
      await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Account' }).click();
      await page
        .getByRole('heading', { name: /account/i })
        .first()
        .waitFor();
      await check(page, 'account');
      // Email notifications: a box saves the moment it is ticked, and stays as chosen.
      const estimatesBox = page.getByRole('checkbox', { name: /^Estimates/ });
      const wanted = !(await estimatesBox.isChecked());
      await estimatesBox.setChecked(wanted);
      await page
        .getByRole('status')
        .getByText(`Estimates emails ${wanted ? 'on' : 'off'}. Saved.`)
        .waitFor();
      await page.reload();
      await page.getByRole('checkbox', { name: /^Estimates/ }).waitFor();
      expect(await page.getByRole('checkbox', { name: /^Estimates/ }).isChecked()).toBe(wanted);
      const profile = (await staffAgent.get(`/api/staff/customers/${customer.id}`)).json();
      expect(profile.notifications.estimates).toBe(wanted);

      // ── Saved cards: add one, then it is listed with its expiry and as the default.
      await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Cards' }).click();
      await page.getByRole('heading', { name: 'Saved cards', level: 1 }).waitFor();
      await check(page, 'saved cards');
      await page.getByRole('button', { name: 'Add a card' }).click();
      const cardForm = page.getByRole('form', { name: 'Add a card' });
      await cardForm.getByLabel('Card number').fill('4242 4242 4242 4242');
      await cardForm.getByLabel('Expiry month').fill('12');
      await cardForm.getByLabel('Expiry year').fill(String(new Date().getUTCFullYear() + 4));
      await check(page, 'add a card');
      await cardForm.getByRole('button', { name: 'Save card' }).click();
      await page
        .getByRole('status')
        .getByText(/Visa •••• 4242 is saved/)
        .waitFor();
      await check(page, 'saved cards with a card');

      // ── Receipts: the payment in full, and its receipt page.
      await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Receipts' }).click();
      await page.getByRole('heading', { name: 'Receipts', level: 1 }).waitFor();
      await page.locator('.receipt-item').first().waitFor();
      await check(page, 'receipts');
      await page
        .locator('.receipt-item')
        .first()
        .getByRole('link', { name: /^Payment of / })
        .click();
      await page.getByRole('heading', { name: /^Receipt R-/ }).waitFor();
      await check(page, 'receipt');

      // ── Signed out: forgotten password, a reset link, an invite link.
      await header.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await page.getByRole('button', { name: 'Email me a reset link' }).waitFor();
      await check(page, 'forgot password');
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Email me a reset link' }).click();
      await page.getByText(/a link to choose a new password is on its way/).waitFor();
      await check(page, 'reset link sent');
      // The receipt, then one reset link per phone.
      mails += 1;
      const resetMail = (await app.h.sink.waitForMail(email, mails))[mails - 1];
      await page.goto(linkTokenIn(resetMail, 'reset').link);
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await check(page, 'reset password');

      const invitee = await makeCustomer(db, yard.id);
      const invited = await staffAgent.post(`/api/staff/customers/${invitee.id}/invites`, {});
      expect(invited.statusCode, invited.body).toBeLessThan(300);
      const [inviteMail] = await app.h.sink.waitForMail(invitee.email!, 1);
      await page.goto(inviteLinkIn(inviteMail));
      await page.getByRole('heading', { name: `Welcome, ${invitee.first_name}` }).waitFor();
      await check(page, 'accept invite');

      await context.close();
    }
    expect(problems).toEqual([]);
  }, 240_000);
});
