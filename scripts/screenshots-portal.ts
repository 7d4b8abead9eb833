/**
 * The README's "The portal's newer pages" screenshots, taken by `scripts/screenshots.ts`
 * after the working day: messages with the yard on a phone, the account page with a passkey,
 * a saved card, receipts, the owner's "People with access", and for the yard its messages
 * inbox and the service reminders.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO_YARD_SLUG } from '../src/db/demo-seed.js';

type Shot = (name: string, p?: Page, fullPage?: boolean) => Promise<unknown>;
type Mailbox = (to: string, pattern: RegExp) => Promise<string>;

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Signs Ava in on a new page of `browser` with the given context options. */
async function avaSignsIn(browser: Browser, base: string, email: string, password: string, phone: boolean) {
  const context = await browser.newContext(phone ? PHONE : { viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  // A platform authenticator (CDP), so the account page can add a passkey.
  const cdp = await context.newCDPSession(p);
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
  await p.goto(`${base}/portal/${DEMO_YARD_SLUG}/sign-in`);
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in', exact: true }).click();
  await p.getByText(/Welcome,/).waitFor();
  return { context, p };
}

/** `page`: the owner's signed-in dashboard; `orderId`: Ava's order of the working day. */
export async function portalPictures(
  browser: Browser,
  base: string,
  page: Page,
  shot: Shot,
  ava: { email: string; password: string; orderId: string },
  mailbox: Mailbox,
) {
  const portal = `${base}/portal/${DEMO_YARD_SLUG}`;
  const { context: phone, p: ph } = await avaSignsIn(browser, base, ava.email, ava.password, true);

  // Messages about her order: she writes, the yard answers, she writes again.
  const say = async (text: string) => {
    const form = ph.getByRole('form', { name: 'New message' });
    await form.getByLabel('Write to the yard').fill(text);
    await form.getByRole('button', { name: 'Send' }).click();
    await ph.getByRole('list', { name: 'Messages' }).getByText(text).waitFor();
  };
  await ph.goto(`${portal}/orders/${ava.orderId}`);
  await ph.getByRole('link', { name: 'Messages about this order' }).click();
  await say('Could you check the bilge pump while she is out of the water?');
  const status = await page.evaluate(async (orderId) => {
    const { token } = await (await fetch('/api/csrf')).json();
    const body = new FormData();
    body.append(
      'body',
      'Will do. The pump runs but the float switch sticks; a new one is $45. Shall we fit it?',
    );
    const res = await fetch(`/api/staff/orders/${orderId}/messages`, {
      method: 'POST',
      headers: { 'x-csrf-token': token },
      body,
    });
    return res.status;
  }, ava.orderId);
  if (status !== 201) throw new Error(`the yard's message answered ${status}`);
  await ph.reload();
  await say('Yes please, go ahead.');
  await ph.evaluate(() => window.scrollTo(0, 0));
  await ph.waitForTimeout(300);
  await shot('portal-messages-phone.png', ph, false);
  // A question in the general thread too, so the yard's inbox has two unread threads.
  await ph.goto(`${portal}/messages/general`);
  await say('Can I leave the dinghy on the trailer next to her?');

  // A saved card, and a passkey on the account page.
  await ph.goto(`${portal}/cards`);
  await ph.getByRole('button', { name: 'Add a card' }).click();
  const card = ph.getByRole('form', { name: 'Add a card' });
  await card.getByLabel('Card number').fill('4242 4242 4242 4242');
  await card.getByLabel('Expiry month').fill('8');
  await card.getByLabel('Expiry year').fill(String(new Date().getUTCFullYear() + 3));
  await card.getByRole('button', { name: 'Save card' }).click();
  await ph.locator('.saved-cards').getByText('Visa •••• 4242').waitFor();
  await ph.evaluate(() => window.scrollTo(0, 0));
  await shot('portal-cards-phone.png', ph, false);
  await ph.goto(`${portal}/account`);
  await ph.getByLabel('Passkey name').fill('iPhone');
  await ph.getByRole('button', { name: 'Add a passkey' }).click();
  await ph.getByText('Passkey "iPhone" added.', { exact: false }).waitFor();
  const passkeys = ph.getByRole('region', { name: 'Passkeys' });
  await passkeys.scrollIntoViewIfNeeded();
  await passkeys.screenshot({ path: 'docs/screenshots/portal-passkeys-phone.png' });

  // Her receipts: the card payment and the check taken at the counter.
  await ph.goto(`${portal}/receipts`);
  await ph.getByRole('heading', { name: 'Receipts', level: 1 }).waitFor();
  await ph.getByText(/Check 2231/).waitFor();
  await shot('portal-receipts-phone.png', ph, false);
  await phone.close();

  // On her laptop: a captain she shared one boat with (accepted) and a co-owner invited.
  const { context: laptop, p: lp } = await avaSignsIn(browser, base, ava.email, ava.password, false);
  const share = async (name: string, email: string, boats: string, role: string) => {
    await lp.getByLabel('Their name').fill(name);
    await lp.getByLabel('Their email').fill(email);
    await lp.getByLabel('Boats').selectOption({ label: boats });
    await lp.getByLabel('What they may do').selectOption(role);
    await lp.getByRole('button', { name: 'Send invitation' }).click();
    await lp.getByText(`An invitation is on its way to ${email}`).waitFor();
  };
  await lp.goto(`${portal}/account`);
  await lp.getByRole('heading', { name: 'People with access' }).waitFor();
  await share('Sam Rivers', 'sam.rivers@example.com', 'Only Knot Working', 'approve');
  const link = await mailbox('sam.rivers@example.com', /https?:\/\/\S+\/access\/[A-Za-z0-9_-]{43}/);
  const samContext = await browser.newContext(PHONE);
  const sam = await samContext.newPage();
  await sam.goto(link);
  await sam.getByLabel('Choose a password', { exact: true }).fill('tidal anchor lighthouse morning');
  await sam.getByLabel('Confirm choose a password').fill('tidal anchor lighthouse morning');
  await sam.getByRole('button', { name: 'Accept and open the portal' }).click();
  await sam.getByText(/shared Knot Working with you/).waitFor();
  await samContext.close();
  await share('Noah Thompson', 'noah.thompson@example.com', 'All my boats', 'pay');
  await lp.reload();
  const people = lp.getByRole('region', { name: 'People with access' });
  await people.getByText('Sam Rivers', { exact: true }).waitFor();
  await people.getByText('Noah Thompson', { exact: true }).waitFor();
  await people.screenshot({ path: 'docs/screenshots/portal-people-with-access.png' });
  await laptop.close();

  // The yard: its messages inbox with Ava's two unread threads, and the service reminders.
  await page.goto(`${base}/app/messages`);
  await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
  await page.getByText('Can I leave the dinghy on the trailer next to her?').first().waitFor();
  await page.waitForTimeout(300);
  await shot('messages-inbox.png', page, false);
  await page.goto(`${base}/app/reminders`);
  await page.getByRole('heading', { name: 'Service reminders', level: 1 }).waitFor();
  await page.waitForTimeout(500);
  await shot('reminders.png', page, false);
}
