// Longer than most files: the whole story of issue 13 told in order, each step building on the last.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sentInvoice } from '../support/billing-fixtures.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { OPTIONAL_LINES, orderWithLines, setLines, type WorkingLine } from '../support/estimate-fixtures.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { INBOUND_DOMAIN, INBOUND_TOKEN, postMessage, replyMime } from '../support/messages.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../support/order-fixtures.js';
import { phoneContext } from '../support/page-checks.js';
import { multipartBody, SAMPLE_PHOTOS } from '../support/photos.js';
import { drawSignature } from '../support/signature-pad.js';

const CAPTAIN = {
  name: 'Sam Rivers',
  email: 'sam.rivers@boat.test',
  password: 'tidal anchor lighthouse morning',
};

/** Haul $120 × 1.5 (5 %), and the three optional lines of OPTIONAL_LINES. */
const LINES: WorkingLine[] = [
  {
    kind: 'labor',
    description: 'Haul and block',
    quantity: '1.5',
    unitPriceCents: 12_000,
    taxClass: 'labor',
  },
  ...OPTIONAL_LINES,
];

/** The platform authenticator of the owner's laptop (CDP), with passkeys and a fingerprint that always matches. */
async function laptopAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/**
 * Issue 13's story in Chromium: the owner shares a boat with a captain; the yard posts a job
 * update with a photo and sets the boat hauled; the captain sees both, messages the yard, the
 * yard replies, the captain answers by email and the answer appears; the owner approves two of
 * three lines with a signature; the yard changes a line and the owner approves again; the owner
 * saves a card and pays; the owner adds a passkey and signs in with it.
 */
describeEachBrowserEngine("a boat owner's week in the portal", (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({
      engine,
      // Passkeys need a host name in a secure context: http://localhost is both.
      hostName: 'localhost',
      env: { INBOUND_EMAIL_TOKEN: INBOUND_TOKEN, INBOUND_EMAIL_DOMAIN: INBOUND_DOMAIN },
    });
  });
  afterAll(() => app?.close());

  it('shares, hauls, posts, messages by web and email, approves and re-approves with a signature, pays by saved card, signs in with a passkey', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const owner = await signedInCustomer(app.h, db, yard);
    await db
      .updateTable('customers')
      .set({ first_name: 'Ava', last_name: 'Thompson' })
      .where('id', '=', owner.customer.id)
      .execute();
    const { order, boat } = await orderWithLines(db, yard.id, owner.customer.id, LINES);
    await db.updateTable('boats').set({ name: 'Blue Heron' }).where('id', '=', boat.id).execute();
    const office = app.h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const v1 = (await office.post(`/api/staff/orders/${order.id}/estimates`)).json().estimate;
    expect((await office.post(`/api/staff/estimates/${v1.id}/send`)).statusCode).toBe(200);
    const portal = `${app.base}/portal/${yard.slug}`;

    // ── The owner, on a laptop: signs in and shares Blue Heron with the captain.
    const ownerContext = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    ownerContext.setDefaultTimeout(15_000);
    const ownerPage = await ownerContext.newPage();
    await laptopAuthenticator(ownerContext, ownerPage);
    await ownerPage.goto(`${portal}/sign-in`);
    await ownerPage.getByLabel('Email').fill(owner.customer.email!);
    await ownerPage.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await ownerPage.getByRole('button', { name: 'Sign in', exact: true }).click();
    await ownerPage.getByText(/Welcome, Ava/).waitFor();
    await ownerPage
      .getByRole('navigation', { name: 'Portal' })
      .getByRole('link', { name: 'Account' })
      .click();
    await ownerPage.getByRole('heading', { name: 'People with access' }).waitFor();
    await ownerPage.getByLabel('Their name').fill(CAPTAIN.name);
    await ownerPage.getByLabel('Their email').fill(CAPTAIN.email);
    await ownerPage.getByLabel('Boats').selectOption({ label: 'Only Blue Heron' });
    await ownerPage.getByLabel('What they may do').selectOption('view');
    await ownerPage.getByRole('button', { name: 'Send invitation' }).click();
    await ownerPage.getByText(`An invitation is on its way to ${CAPTAIN.email}`).waitFor();

    // ── The captain, on a phone: accepts the invitation and picks a password.
    const [invitation] = await app.h.sink.waitForMail(CAPTAIN.email, 1);
    const link = /(https?:\/\/\S+\/access\/[A-Za-z0-9_-]{43})/.exec(invitation.parsed.text ?? '')?.[1];
    expect(link, invitation.parsed.text).toBeTruthy();
    const captainContext = await phoneContext(app.browser, { width: 390, height: 844 });
    captainContext.setDefaultTimeout(15_000);
    const captain = await captainContext.newPage();
    await captain.goto(link!);
    await captain.getByLabel('Choose a password', { exact: true }).fill(CAPTAIN.password);
    await captain.getByLabel('Confirm choose a password').fill(CAPTAIN.password);
    await captain.getByRole('button', { name: 'Accept and open the portal' }).click();
    await captain.getByText(/shared Blue Heron with you: view only/).waitFor();

    // ── The yard: a job update with a photo, and the boat hauled.
    const { payload, contentType } = multipartBody([
      { name: 'body', value: 'Hauled and pressure-washed. The zincs are worn: photo attached.' },
      { name: 'photos', file: { fileName: 'zinc.jpg', contentType: 'image/jpeg', data: SAMPLE_PHOTOS.jpeg } },
    ]);
    const posted = await office.postRaw(`/api/staff/orders/${order.id}/updates`, payload, contentType);
    expect(posted.statusCode, posted.body).toBe(201);
    const hauled = await office.post(`/api/staff/boats/${boat.id}/status`, { status: 'hauled' });
    expect(hauled.statusCode, hauled.body).toBe(200);

    // ── The captain sees both: the boat hauled on the home page, the update on the order.
    await captain.goto(portal);
    await captain.getByText('Hauled').first().waitFor();
    await captain.goto(`${portal}/orders/${order.id}`);
    await captain.getByText('The zincs are worn').waitFor();

    // ── The captain messages the yard about the order; the yard replies.
    await captain.getByRole('link', { name: 'Messages about this order' }).click();
    const form = captain.getByRole('form', { name: 'New message' });
    await form.getByLabel('Write to the yard').fill('Please replace the zincs while she is out.');
    await form.getByRole('button', { name: 'Send' }).click();
    const thread = captain.getByRole('list', { name: 'Messages' });
    await thread.getByText('Please replace the zincs while she is out.').waitFor();
    app.h.clock.advance(60_000);
    const reply = await postMessage(office, `/api/staff/orders/${order.id}/messages`, [
      { name: 'body', value: 'Will do — new zincs on Tuesday.' },
    ]);
    expect(reply.statusCode, reply.body).toBe(201);

    // ── The captain answers the yard's email; the answer appears in the thread.
    // The captain has the invitation, the job update (the boat is shared with them) and the reply.
    const mails = await app.h.sink.waitForMail(CAPTAIN.email, 3);
    expect(mails.filter((m) => /posted an update/.test(m.parsed.text ?? ''))).toHaveLength(1);
    const fromYard = mails.find((m) => (m.parsed.text ?? '').includes('new zincs on Tuesday'))!;
    expect(fromYard, 'the yard reply by email').toBeDefined();
    app.h.clock.advance(60_000);
    const inbound = await fetch(`${app.base}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${INBOUND_TOKEN}` },
      body: replyMime({
        from: CAPTAIN.email,
        to: fromYard.parsed.replyTo!.value[0].address!,
        text: `Thanks, Tuesday works.\r\n\r\nOn Sat, ${yard.name} wrote:\r\n> Will do — new zincs on Tuesday.`,
      }),
    });
    expect(await inbound.json()).toEqual({ accepted: true });
    await captain.reload();
    const last = thread.getByRole('listitem').last();
    await last.getByText('Thanks, Tuesday works.').waitFor();
    await last.getByText('by email').waitFor();

    // ── The owner approves two of the three optional lines and signs.
    const choose = (line: string, c: 'Approve' | 'Decline') =>
      ownerPage.getByRole('group', { name: line }).getByText(c, { exact: true }).click();
    const approveAndSign = async () => {
      await choose('Shrink wrap', 'Approve');
      await choose('Zinc anode', 'Approve');
      await choose('Wax and polish', 'Decline');
      await ownerPage.getByLabel('Your full name').fill('Ava Thompson');
      await drawSignature(ownerPage, ownerPage.getByTestId('signature-pad'), 'mouse');
      await ownerPage.getByRole('button', { name: /^Approve and sign \$/ }).click();
    };
    await ownerPage.goto(`${portal}/orders/${order.id}`);
    await ownerPage.getByRole('heading', { name: 'Approve and sign' }).waitFor();
    await approveAndSign();
    await ownerPage.getByText(/You approved and signed .*declining 1 optional line/).waitFor();

    // ── The yard changes a line and sends version 2; the owner sees what changed and approves again.
    await setLines(
      db,
      yard.id,
      order.id,
      LINES.map((l) => (l.description === 'Zinc anode' ? { ...l, quantity: '2' } : l)),
    );
    const v2 = (await office.post(`/api/staff/estimates/${v1.id}/revise`)).json().estimate;
    expect((await office.post(`/api/staff/estimates/${v2.id}/send`)).statusCode).toBe(200);
    await ownerPage.reload();
    const changed = ownerPage.getByRole('region', { name: 'What changed' });
    await changed.waitFor();
    expect(await changed.textContent()).toContain('Zinc anode');
    await approveAndSign();
    await ownerPage.locator('.signed-by p:visible', { hasText: 'You approved and signed' }).waitFor();
    expect((await office.get(`/api/staff/orders/${order.id}`)).json().awaitingReapproval).toBeNull();

    // ── The yard invoices the approved estimate; the owner saves a card and pays with it in one step.
    const invoiceId = await sentInvoice(office, order.id, { from: 'estimate', estimateId: v2.id });
    const invoice = await db
      .selectFrom('invoices')
      .select('number')
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    await ownerPage.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Cards' }).click();
    await ownerPage.getByRole('button', { name: 'Add a card' }).click();
    const cardForm = ownerPage.getByRole('form', { name: 'Add a card' });
    await cardForm.getByLabel('Card number').fill('4242 4242 4242 4242');
    await cardForm.getByLabel('Expiry month').fill('8');
    await cardForm.getByLabel('Expiry year').fill(String(new Date().getUTCFullYear() + 3));
    await cardForm.getByRole('button', { name: 'Save card' }).click();
    await ownerPage.locator('.saved-cards').getByText('Visa •••• 4242').waitFor();
    await ownerPage.goto(`${portal}/orders/${order.id}`);
    const pay = ownerPage.getByRole('form', { name: `Pay invoice #${invoice.number}` });
    expect(await pay.getByLabel(/Visa •••• 4242/).isChecked()).toBe(true);
    await pay.getByRole('button', { name: /^Pay \$/ }).click();
    await ownerPage.getByText(/Paid in full — thank you/).waitFor();
    const paid = await db
      .selectFrom('invoices')
      .select('status')
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(paid.status).toBe('paid');

    // ── The owner adds a passkey, signs out, and signs in with it.
    await ownerPage
      .getByRole('navigation', { name: 'Portal' })
      .getByRole('link', { name: 'Account' })
      .click();
    await ownerPage.getByLabel('Passkey name').fill('Laptop');
    await ownerPage.getByRole('button', { name: 'Add a passkey' }).click();
    await ownerPage.getByText('Passkey "Laptop" added.', { exact: false }).waitFor();
    await ownerPage.getByRole('button', { name: 'Sign out', exact: true }).click();
    // The sign-in page offers the passkey in the email field's suggestions; the authenticator answers at once.
    await ownerPage.getByText(/Welcome, Ava/).waitFor();
    const signIns = await db
      .selectFrom('passkeys')
      .select('last_used_at')
      .where('account_id', '=', owner.account.id)
      .executeTakeFirstOrThrow();
    expect(signIns.last_used_at).not.toBeNull();

    await captainContext.close();
    await ownerContext.close();
  }, 240_000);
});
