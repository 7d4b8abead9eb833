import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { postMessage } from '../support/messages.js';
import { makeOrder } from '../support/order-fixtures.js';
import { phoneContext, phoneProblems } from '../support/page-checks.js';
import { multipartBody } from '../support/photos.js';
import { grantedAccount } from '../support/portal-accounts.js';

const CAPTAIN = { email: 'sam.rivers@two-owners.test', password: 'tidal anchor lighthouse morning' };

/**
 * A captain two owners shared their boats with, acting for the one, opens the link of an
 * email about the other's order (docs/shared-access.md, "Links in emails"): the portal
 * switches to that record and shows the order, and the header says whose it is. The same for
 * a message's link, and for a record's general thread (`?record=`); an order the sign-in does
 * not reach stays "not found".
 */
describeEachBrowserEngine('an email link to an order of another shared record', (engine) => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ engine });
  });
  afterAll(() => app?.close());

  /** The portal link in the newest of `count` emails to the captain. */
  const linkIn = async (count: number) => {
    const mails = await app.h.sink.waitForMail(CAPTAIN.email, count);
    const text = mails[count - 1].parsed.text ?? '';
    const link = /(https?:\/\/\S+\/portal\/\S+)/.exec(text)?.[1];
    expect(link, text).toBeTruthy();
    return link!;
  };

  it('acting for Alma, the link to Bea’s order opens it as Bea’s; a stranger’s order is not found', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const alma = await makeCustomer(db, yard.id, { first_name: 'Alma', last_name: 'Aalto' });
    const bea = await makeCustomer(db, yard.id, { first_name: 'Bea', last_name: 'Berg' });
    const stranger = await makeCustomer(db, yard.id, { first_name: 'Cy', last_name: 'Cole' });
    await makeOrder(db, yard.id, alma.id);
    const b = await makeOrder(db, yard.id, bea.id, { estimate: 'sent' });
    const c = await makeOrder(db, yard.id, stranger.id);
    await db.updateTable('boats').set({ name: 'Sea Biscuit' }).where('id', '=', b.boat.id).execute();
    const account = await grantedAccount(db, {
      yardId: yard.id,
      ownerCustomerId: alma.id,
      email: CAPTAIN.email,
      password: CAPTAIN.password,
    });
    await db
      .insertInto('access_grants')
      .values({
        yard_id: yard.id,
        owner_customer_id: bea.id,
        email: CAPTAIN.email,
        name: 'Sam Rivers',
        role: 'view',
        boat_id: null,
        account_id: account.id,
        invited_at: new Date(),
        accepted_at: new Date(),
      })
      .execute();

    // The yard posts a job update and writes a message on Bea's order: both mail the captain.
    const office = app.h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const { payload, contentType } = multipartBody([{ name: 'body', value: 'Sea Biscuit is hauled out.' }]);
    const update = await office.postRaw(`/api/staff/orders/${b.order.id}/updates`, payload, contentType);
    expect(update.statusCode, update.body).toBe(201);
    const orderLink = await linkIn(1);
    expect(orderLink).toContain(`/orders/${b.order.id}`);
    const message = await postMessage(office, `/api/staff/orders/${b.order.id}/messages`, [
      { name: 'body', value: 'The new propeller arrived.' },
    ]);
    expect(message.statusCode, message.body).toBe(201);
    const threadLink = await linkIn(2);
    expect(threadLink).toContain(`/messages/orders/${b.order.id}`);
    // And in Bea's general thread: its link names her record.
    const general = await postMessage(office, `/api/staff/customers/${bea.id}/messages`, [
      { name: 'body', value: 'Your winter storage contract is ready.' },
    ]);
    expect(general.statusCode, general.body).toBe(201);
    const generalLink = await linkIn(3);
    expect(generalLink).toContain(`/messages/general?record=${bea.id}`);

    // The captain signs in: Alma's record comes first (by the owner's name).
    // On a phone, where such emails are read.
    const page = await (await phoneContext(app.browser, { width: 390, height: 844 })).newPage();
    page.setDefaultTimeout(15_000);
    const portal = `${app.base}/portal/${yard.slug}`;
    await page.goto(`${portal}/sign-in`);
    await page.getByLabel('Email').fill(CAPTAIN.email);
    await page.getByLabel('Password').fill(CAPTAIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Alma Aalto shared their boats with you/).waitFor();

    // The email's link: Bea's order, and the header says it is Bea's.
    await page.goto(orderLink);
    await page.getByRole('heading', { name: `Order #${b.order.number}` }).waitFor();
    await page.getByText('Sea Biscuit is hauled out.').waitFor();
    await page.getByText(/Bea Berg shared their boats with you/).waitFor();
    expect(await page.getByLabel('Account').inputValue()).toBe(bea.id);
    expect(await page.getByText(/not found/i).count()).toBe(0);
    await page.waitForLoadState('networkidle');
    expect(await phoneProblems(page)).toEqual([]);

    // Back to Alma with the switcher (her home, not Bea's order again); the message's link
    // opens Bea's thread the same way.
    await page.getByLabel('Account').selectOption(alma.id);
    await page.getByRole('heading', { name: "Alma Aalto's boats" }).waitFor();
    await page.getByText(/Alma Aalto shared their boats with you/).waitFor();
    await page.goto(threadLink);
    await page.getByText('The new propeller arrived.').waitFor();
    await page.getByText(/Bea Berg shared their boats with you/).waitFor();

    // Back to Alma; the general thread's link opens Bea's general thread, not Alma's.
    await page.getByLabel('Account').selectOption(alma.id);
    await page.getByRole('heading', { name: "Alma Aalto's boats" }).waitFor();
    await page.goto(generalLink);
    await page.getByText('Your winter storage contract is ready.').waitFor();
    await page.getByText(/Bea Berg shared their boats with you/).waitFor();
    expect(await page.getByLabel('Account').inputValue()).toBe(bea.id);

    // A stranger's order: not found, and the session still acts for Bea.
    await page.goto(`${portal}/orders/${c.order.id}`);
    await page.getByRole('alert').getByText('That order was not found').waitFor();
    await page.getByText(/Bea Berg shared their boats with you/).waitFor();
    await page.context().close();
  });
});
