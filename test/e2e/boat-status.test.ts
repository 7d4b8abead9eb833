import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/accounts/password-hash.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { CUSTOMER_PASSWORD, makeOrder, signedInCustomer } from '../support/order-fixtures.js';

const noOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/**
 * Staff set a boat's yard status in one click on the customer's profile; the customer sees
 * it on the portal home and on the boat's own page, on phones (docs/boat-status.md).
 */
describeEachBrowserEngine('a boat’s live yard status in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('staff set "Hauled" in one click; the customer sees it on the portal home and the boat page at 390×844 and 360×640', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    const { customer } = await signedInCustomer(app.h, db, yard);
    const { boat, order } = await makeOrder(db, yard.id, customer.id, { status: 'in_progress' });
    await db
      .updateTable('boats')
      .set({
        name: 'Blue Heron',
        make: 'Catalina',
        model: '34 Mk II',
        year: 2004,
        length_ft: '34.50',
        hull_id: 'CTY12345D404',
        registration: 'FL 2231 KM',
        location_kind: 'rack',
        slip: 'R-7',
      })
      .where('id', '=', boat.id)
      .execute();
    await db
      .insertInto('boat_engines')
      .values({ yard_id: yard.id, boat_id: boat.id, make: 'Yanmar', model: '3YM30', hours: '1200' })
      .execute();
    // Another customer's boat of the same yard, for the portal's 404.
    const neighbour = await signedInCustomer(app.h, db, yard);
    const theirs = await makeOrder(db, yard.id, neighbour.customer.id);

    // Staff, on a phone: one click on "Hauled".
    const staffPage = await (
      await app.browser.newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    staffPage.setDefaultTimeout(10_000);
    await staffPage.goto(`${app.base}/app/customers/${customer.id}`);
    await staffPage.getByLabel('Email').fill(staff.email);
    await staffPage.getByLabel('Password').fill(STAFF_PASSWORD);
    await staffPage.getByRole('button', { name: 'Sign in' }).click();
    const buttons = staffPage.getByRole('group', { name: 'Set where Blue Heron is' });
    await buttons.getByRole('button', { name: 'Hauled' }).click();
    await buttons.getByRole('button', { name: 'Hauled', pressed: true }).waitFor();
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('boats')
              .select('yard_status')
              .where('id', '=', boat.id)
              .executeTakeFirstOrThrow()
          ).yard_status,
      )
      .toBe('hauled');
    await staffPage.getByText('Status history').click();
    await staffPage.getByText(`· ${staff.name}`).waitFor();
    expect(await noOverflow(staffPage)).toBe(true);

    // The customer, on a phone.
    const page = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const boats = page.locator('.card', { has: page.getByRole('heading', { name: 'Your boats' }) });
    await boats.getByText('Hauled', { exact: true }).waitFor();
    expect(await noOverflow(page)).toBe(true);
    await page.setViewportSize({ width: 360, height: 640 });
    expect(await noOverflow(page)).toBe(true);

    await page.getByRole('link', { name: 'Open Blue Heron' }).click();
    await page.getByRole('heading', { name: 'Blue Heron', level: 1 }).waitFor();
    const now = page.locator('.card', { has: page.getByRole('heading', { name: 'Where it is now' }) });
    await now.locator('.badge', { hasText: 'Hauled' }).waitFor();
    await page.getByText('Rack R-7').waitFor();
    await page.getByText('34.5 ft').waitFor();
    await page.getByText(/Yanmar 3YM30 · 1200 hours/).waitFor();
    await page.getByRole('link', { name: order.title }).waitFor();
    expect(await noOverflow(page)).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noOverflow(page)).toBe(true);
    // The link to the boat's order opens it.
    await page.getByRole('link', { name: order.title }).click();
    await page.getByRole('heading', { name: new RegExp(`Order #${order.number}`) }).waitFor();

    // Another customer's boat is not found.
    await page.goto(`${app.base}/portal/${yard.slug}/boats/${theirs.boat.id}`);
    await page
      .getByRole('alert')
      .getByText(/not found/i)
      .waitFor();
  }, 120_000);

  it('a technician gets the status buttons only for the boats on orders assigned to them; a viewer gets none', async () => {
    const db = app.database.db;
    const { yard } = await makeYard(db, 'Harbor Point Marine');
    const { customer } = await signedInCustomer(app.h, db, yard);
    const { boat, order } = await makeOrder(db, yard.id, customer.id, { status: 'in_progress' });
    await db.updateTable('boats').set({ name: 'Blue Heron' }).where('id', '=', boat.id).execute();
    await db
      .insertInto('boats')
      .values({ yard_id: yard.id, customer_id: customer.id, name: 'Dinghy' })
      .execute();
    const hash = await hashPassword(STAFF_PASSWORD);
    const people = await db
      .insertInto('staff_users')
      .values(
        (['technician', 'viewer'] as const).map((role) => ({
          yard_id: yard.id,
          email: `${role}-${yard.slug}@yard.test`,
          name: `Pat ${role}`,
          role,
          password_hash: hash,
        })),
      )
      .returning(['id', 'email', 'role'])
      .execute();
    const tech = people.find((p) => p.role === 'technician')!;
    await db.updateTable('orders').set({ assigned_to: tech.id }).where('id', '=', order.id).execute();

    for (const person of people) {
      const page = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${app.base}/app/customers/${customer.id}`);
      await page.getByLabel('Email').fill(person.email);
      await page.getByLabel('Password').fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Dinghy', { exact: true }).waitFor();
      expect(await page.getByRole('group', { name: 'Set where Dinghy is' }).count()).toBe(0);
      const mine = page.getByRole('group', { name: 'Set where Blue Heron is' });
      if (person.role === 'viewer') {
        expect(await mine.count()).toBe(0);
        continue;
      }
      await mine.getByRole('button', { name: 'In the shop' }).click();
      await mine.getByRole('button', { name: 'In the shop', pressed: true }).waitFor();
      await page.getByText('Status history').first().click();
      await page.getByText('· Pat technician').waitFor();
    }
  }, 120_000);
});
