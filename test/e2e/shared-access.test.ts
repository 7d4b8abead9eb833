import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard } from '../support/factories.js';
import { CUSTOMER_PASSWORD, makeOrder, signedInCustomer } from '../support/order-fixtures.js';
import { phoneContext, phoneProblems } from '../support/page-checks.js';

const CAPTAIN = {
  name: 'Sam Rivers',
  email: 'sam.rivers@boat.test',
  password: 'tidal anchor lighthouse morning',
};

/**
 * Shared access in a browser (docs/shared-access.md): the owner shares one boat with a captain
 * from the account page; the captain accepts on a phone and sets a password, sees that boat
 * and not the other, cannot pay; the owner removes the access and the captain is out.
 */
describeEachBrowserEngine('sharing a boat with a captain', (engine) => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ engine });
  });
  afterAll(() => app?.close());

  const problemsOf = async (page: Page, what: string) => {
    await page.waitForLoadState('networkidle');
    return (await phoneProblems(page)).map((p) => `${what}: ${p}`);
  };

  it('owner shares a boat; the captain accepts, sees it, cannot pay; the owner revokes and the captain is out', async () => {
    const db = app.database.db;
    const { yard } = await makeYard(db, 'Harbor Point Marine');
    const { customer } = await signedInCustomer(app.h, db, yard);
    const a = await makeOrder(db, yard.id, customer.id, { estimate: 'sent', invoice: true });
    const b = await makeOrder(db, yard.id, customer.id, { invoice: true });
    await db.updateTable('boats').set({ name: 'Blue Heron' }).where('id', '=', a.boat.id).execute();
    await db.updateTable('boats').set({ name: 'Sea Biscuit' }).where('id', '=', b.boat.id).execute();
    const portal = `${app.base}/portal/${yard.slug}`;

    // The owner, on a desktop: Account → People with access → invite.
    const owner = await (await app.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    owner.setDefaultTimeout(15_000);
    await owner.goto(`${portal}/sign-in`);
    await owner.getByLabel('Email').fill(customer.email!);
    await owner.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await owner.getByRole('button', { name: 'Sign in' }).click();
    await owner.getByRole('link', { name: 'Account' }).click();
    await owner.getByRole('heading', { name: 'People with access' }).waitFor();
    await owner.getByLabel('Their name').fill(CAPTAIN.name);
    await owner.getByLabel('Their email').fill(CAPTAIN.email);
    await owner.getByLabel('Boats').selectOption({ label: 'Only Blue Heron' });
    await owner.getByLabel('What they may do').selectOption('view');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText(`An invitation is on its way to ${CAPTAIN.email}`).waitFor();
    await owner
      .getByRole('list', { name: 'People with access' })
      .getByText(CAPTAIN.name, { exact: true })
      .waitFor();

    // The captain, on a phone: the link from the email, a password, the shared boat.
    const [mail] = await app.h.sink.waitForMail(CAPTAIN.email, 1);
    const link = /(https?:\/\/\S+\/access\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')?.[1];
    expect(link, mail.parsed.text).toBeTruthy();
    // The smaller phone first: opening the link only reads it.
    const small = await (await phoneContext(app.browser, { width: 360, height: 640 })).newPage();
    await small.goto(link!);
    await small.getByRole('heading', { name: 'Welcome, Sam' }).waitFor();
    const smallProblems = await problemsOf(small, 'accept page at 360 px');
    await small.context().close();
    const context = await phoneContext(app.browser, { width: 390, height: 844 });
    const captain = await context.newPage();
    captain.setDefaultTimeout(15_000);
    const problems: string[] = [];
    await captain.goto(link!);
    await captain.getByRole('heading', { name: 'Welcome, Sam' }).waitFor();
    await captain.getByText(/shared Blue Heron with you/).waitFor();
    problems.push(...(await problemsOf(captain, 'accept page')));
    await captain.getByLabel('Choose a password', { exact: true }).fill(CAPTAIN.password);
    await captain.getByLabel('Confirm choose a password').fill(CAPTAIN.password);
    await captain.getByRole('button', { name: 'Accept and open the portal' }).click();
    await captain.getByText(/shared Blue Heron with you: view only/).waitFor();
    // The header names the captain, the page whose boats these are.
    await captain.locator('header.topbar').getByText(CAPTAIN.name).waitFor();
    await captain
      .getByRole('heading', { name: `${customer.first_name} ${customer.last_name}'s boats` })
      .waitFor();
    expect(await captain.getByText('Sea Biscuit').count()).toBe(0);
    problems.push(...(await problemsOf(captain, 'home as captain')));

    // The shared boat's order: its invoice is shown, without a way to pay it.
    await captain.goto(`${portal}/orders/${a.order.id}`);
    await captain.getByText('Your access does not include paying invoices').waitFor();
    expect(await captain.getByRole('button', { name: /^Pay/ }).count()).toBe(0);
    await captain.getByText('Your access is view only').waitFor();
    problems.push(...(await problemsOf(captain, 'order as captain')));
    // The server refuses a payment all the same.
    const refused = await captain.evaluate(
      async ({ slug, invoiceId }) => {
        const csrf = await (await fetch('/api/csrf')).json();
        const res = await fetch(`/api/portal/${slug}/invoices/${invoiceId}/payments`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-csrf-token': csrf.token,
            'idempotency-key': 'e2e-pay-1',
          },
          body: JSON.stringify({ amountCents: 1000, cardNumber: '4242424242424242' }),
        });
        return res.status;
      },
      { slug: yard.slug, invoiceId: a.invoice!.id },
    );
    expect(refused).toBe(403);
    await captain.goto(`${portal}/account`);
    await captain.getByRole('heading', { name: 'Your access' }).waitFor();
    problems.push(...(await problemsOf(captain, 'account as captain')));
    // Their own emails: job updates off, saved; reminders are the owner's, not offered.
    const emails = captain.getByRole('group', { name: 'Email me about' });
    expect(await emails.getByLabel(/Service reminders/).count()).toBe(0);
    await emails.getByLabel(/Job updates/).uncheck();
    await captain.getByText('Job updates emails off. Saved.').waitFor();
    expect([...smallProblems, ...problems]).toEqual([]);

    // The owner removes the access; the captain's next page is the sign-in page.
    await owner.reload();
    await owner.getByRole('button', { name: `Remove access for ${CAPTAIN.name}` }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Remove access' }).click();
    await owner.getByRole('list', { name: 'People with access' }).waitFor({ state: 'detached' });
    await captain.goto(`${portal}/orders/${a.order.id}`);
    await captain.waitForURL(/\/sign-in$/);
    await captain.getByLabel('Email').fill(CAPTAIN.email);
    await captain.getByLabel('Password').fill(CAPTAIN.password);
    await captain.getByRole('button', { name: 'Sign in' }).click();
    await captain.getByText(/access to this portal has ended/).waitFor();
  });
});
