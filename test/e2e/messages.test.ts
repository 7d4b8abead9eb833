import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { INBOUND_DOMAIN, INBOUND_TOKEN, replyMime } from '../support/messages.js';
import { CUSTOMER_PASSWORD, makeOrder, signedInCustomer } from '../support/order-fixtures.js';
import { axeViolations, phoneContext, phoneProblems } from '../support/page-checks.js';

/** A real 8×8 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGNQaDiAFTEMLQkAOsZYAYJCUNYAAAAASUVORK5CYII=',
  'base64',
);

/**
 * The customer messages the yard from a phone, staff reply from the inbox, the customer
 * answers the notification email and sees the answer in the portal (docs/messages.md).
 */
describeEachBrowserEngine('messages in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({
      engine,
      env: { INBOUND_EMAIL_TOKEN: INBOUND_TOKEN, INBOUND_EMAIL_DOMAIN: INBOUND_DOMAIN },
    });
  });
  afterAll(() => app?.close());

  it('customer writes about an order, staff reply, the customer replies by email and sees it', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const { customer } = await signedInCustomer(app.h, db, yard);
    const { order } = await makeOrder(db, yard.id, customer.id, { status: 'in_progress' });

    // The customer, on a phone: the order page's link to its messages.
    const context = await phoneContext(app.browser, { width: 390, height: 844 });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${app.base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Portal' }).waitFor();
    await page.goto(`${app.base}/portal/${yard.slug}/orders/${order.id}`);
    await page.getByRole('link', { name: 'Messages about this order' }).click();
    const form = page.getByRole('form', { name: 'New message' });
    await form.getByLabel('Write to the yard').fill('Could you also check the bilge pump? Photo attached.');
    await form
      .getByLabel('Attach photos or PDFs')
      .setInputFiles({ name: 'pump.png', mimeType: 'image/png', buffer: PNG });
    await form.getByRole('button', { name: 'Remove pump.png' }).waitFor();
    await form.getByRole('button', { name: 'Send' }).click();
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByText('Could you also check the bilge pump?').waitFor();
    await list.getByRole('link', { name: 'Open pump.png full size' }).waitFor();
    expect(await phoneProblems(page)).toEqual([]);
    // The yard is told by email.
    await app.h.sink.waitForMail(yard.email!, 1);

    // The test's clock stands still unless moved: a minute passes between the messages.
    app.h.clock.advance(60_000);
    // Staff: the navigation counts one unread conversation; the inbox opens it; they reply.
    // bypassCSP: axe-core is added to the page as a script.
    const staffContext = await app.browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    staffContext.setDefaultTimeout(15_000);
    const staffPage = await staffContext.newPage();
    await staffPage.goto(`${app.base}/app/messages`);
    await staffPage.getByLabel('Email').fill(staff.email);
    await staffPage.getByLabel('Password').fill(STAFF_PASSWORD);
    await staffPage.getByRole('button', { name: 'Sign in' }).click();
    const nav = staffPage.getByRole('navigation', { name: 'Dashboard' });
    await nav.getByRole('link', { name: 'Messages 1 unread' }).waitFor();
    expect(await axeViolations(staffPage)).toEqual([]);
    await staffPage.getByRole('link', { name: new RegExp(`Order #${order.number}`) }).click();
    await staffPage.getByText('Could you also check the bilge pump?').waitFor();
    const reply = staffPage.getByRole('form', { name: 'New message' });
    await reply.getByLabel('Reply').fill('Yes, we will test it tomorrow morning.');
    await reply.getByRole('button', { name: 'Send' }).click();
    await staffPage
      .getByRole('list', { name: 'Messages' })
      .getByText('Yes, we will test it tomorrow morning.')
      .waitFor();
    // Opened: nothing unread any more.
    await nav.getByRole('link', { name: 'Messages', exact: true }).waitFor();
    expect(await axeViolations(staffPage)).toEqual([]);

    // The customer's notification, answered by email: the quoted history stays out.
    app.h.clock.advance(60_000);
    const [mail] = await app.h.sink.waitForMail(customer.email!, 1);
    const replyTo = mail.parsed.replyTo!.value[0].address!;
    const res = await fetch(`${app.base}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${INBOUND_TOKEN}` },
      body: replyMime({
        from: customer.email!,
        to: replyTo,
        text: `Great, thank you!\r\n\r\nOn Sat, Dec 5, 2026, ${yard.name} wrote:\r\n> Yes, we will test it tomorrow morning.`,
      }),
    });
    expect(await res.json()).toEqual({ accepted: true });

    // The portal shows the answer, marked as sent by email, and the quote is not in it.
    await page.reload();
    const item = page.getByRole('list', { name: 'Messages' }).getByRole('listitem').last();
    await item.getByText('Great, thank you!').waitFor();
    await item.getByText('by email').waitFor();
    expect(await item.textContent()).not.toContain('tomorrow morning');
    // The list page shows the conversation.
    await page.getByRole('link', { name: '← All messages' }).click();
    await page.getByRole('link', { name: new RegExp(`Order #${order.number}`) }).waitFor();
    expect(await phoneProblems(page)).toEqual([]);
    await staffContext.close();
    await context.close();
  }, 180_000);
});
