import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/accounts/password-hash.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function signIn(page: Page, base: string, path: string, email: string) {
  await page.goto(`${base}${path}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The owner assigns an order on its page; the technician then sees that order alone. */
describeEachBrowserEngine('assigning an order to a technician, in a browser, phone-sized', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('the owner picks the technician on the order page; the technician’s Orders list shows only it, without billing buttons', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const tech = await db
      .insertInto('staff_users')
      .values({
        yard_id: yard.id,
        email: `theo-${yard.slug}@yard.test`,
        name: 'Theo Brightwater',
        role: 'technician',
        password_hash: await hashPassword(STAFF_PASSWORD),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const customer = await makeCustomer(db, yard.id, { first_name: 'Ann', last_name: 'Abbott' });
    const boat = await db
      .insertInto('boats')
      .values({ yard_id: yard.id, customer_id: customer.id, name: 'Windfall', length_ft: '30' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [mine, other] = await Promise.all(
      [
        [1001, 'Replace impeller'],
        [1002, 'Bottom paint'],
      ].map(([number, title]) =>
        db
          .insertInto('orders')
          .values({
            yard_id: yard.id,
            customer_id: customer.id,
            boat_id: boat.id,
            number: number as number,
            title: title as string,
            status: 'in_progress',
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      ),
    );

    const owner = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(owner, app.base, `/app/orders/${mine.id}`, staff.email);
    const select = owner.getByLabel('Assigned to');
    await select.selectOption({ label: 'Theo Brightwater' });
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('orders')
              .select('assigned_to')
              .where('id', '=', mine.id)
              .executeTakeFirstOrThrow()
          ).assigned_to,
      )
      .toBe(tech.id);
    expect(await overflow(owner)).toBeLessThanOrEqual(0);

    const phone = await (await app.browser.newContext({ viewport: { width: 360, height: 640 } })).newPage();
    await signIn(phone, app.base, '/app/orders', tech.email);
    const list = phone.getByRole('list', { name: 'Orders' });
    await list.getByRole('link', { name: /#1001/ }).waitFor();
    expect(await list.getByRole('link').count()).toBe(1);
    expect(await list.getByText('Theo Brightwater').count()).toBe(1);
    const nav = phone.getByRole('navigation', { name: 'Dashboard' });
    expect(await nav.getByRole('link', { name: 'Invite email' }).count()).toBe(0);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);

    // Their order's page: no assignee select and no invoice buttons.
    await list.getByRole('link', { name: /#1001/ }).click();
    await phone.getByRole('heading', { name: /#1001 Replace impeller/ }).waitFor();
    await phone.getByText('Invoices and payments').waitFor();
    expect(await phone.getByLabel('Assigned to').count()).toBe(0);
    expect(await phone.getByRole('button', { name: 'Invoice order lines' }).count()).toBe(0);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);

    // The other order is not theirs.
    await phone.goto(`${app.base}/app/orders/${other.id}`);
    await phone
      .getByText(/not found/i)
      .first()
      .waitFor();
  });
});
