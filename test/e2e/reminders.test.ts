import { afterAll, beforeAll, expect, it } from 'vitest';
import { createReminderJobs } from '../../src/modules/reminders/reminder-jobs.js';
import { dateOf, localDate } from '../../src/modules/reminders/reminder-schedule.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../support/order-fixtures.js';
import { axeViolations, PHONES, phoneContext, phoneProblems } from '../support/page-checks.js';

/**
 * The office defines a service reminder in the dashboard; on its day the customer gets the
 * email, and its link opens the portal's request page filled in with the boat and the service
 * (docs/reminders.md).
 */
describeEachBrowserEngine('service reminders in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine });
  });
  afterAll(() => app?.close());

  it('the office adds a yearly "Winterize"; on its day the email’s link opens the filled-in request page on a phone', async () => {
    const db = app.database.db;
    // The reminder is made on its own day in New York, so it is due at once. (The clock stays
    // at the real time: the browser's sessions live by it.)
    const today = localDate(app.h.clock.now(), 'America/New_York');
    const [year, month, day] = today.split('-').map(Number);
    const nextYear = new Date(`${dateOf(year + 1, month, day)}T12:00:00Z`).toLocaleDateString('en-US', {
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    await db.updateTable('yards').set({ timezone: 'America/New_York' }).where('id', '=', yard.id).execute();
    const { customer } = await signedInCustomer(app.h, db, yard);
    const boat = await db
      .insertInto('boats')
      .values({ yard_id: yard.id, customer_id: customer.id, name: 'Blue Heron' })
      .returningAll()
      .executeTakeFirstOrThrow();
    await db
      .insertInto('boats')
      .values({ yard_id: yard.id, customer_id: customer.id, name: 'Dinghy' })
      .execute();

    // The office, at a desk.
    const desk = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    desk.setDefaultTimeout(15_000);
    const staffPage = await desk.newPage();
    await staffPage.goto(`${app.base}/app/reminders`);
    await staffPage.getByLabel('Email').fill(staff.email);
    await staffPage.getByLabel('Password').fill(STAFF_PASSWORD);
    await staffPage.getByRole('button', { name: 'Sign in' }).click();
    await staffPage.getByRole('heading', { name: 'Service reminders' }).waitFor();
    await staffPage.getByRole('button', { name: 'New reminder' }).click();
    await staffPage.getByLabel('Name').fill('Winterize');
    await staffPage.getByLabel('Service to suggest').fill('Winterization');
    await staffPage.getByLabel('Message (optional)').fill('Book before the first frost.');
    await staffPage.getByLabel('Month').selectOption(String(month));
    await staffPage.getByLabel('Day').fill(String(day));
    await staffPage.getByRole('button', { name: 'Add reminder' }).click();
    await staffPage.getByText(/Every year on \w+ \d+/).waitFor();
    expect(await axeViolations(staffPage)).toEqual([]);

    // The scheduled scan mails the customer once per boat.
    await createReminderJobs(app.h.deps).scan();
    const mails = await app.h.sink.waitForMail(customer.email!, 2);
    const mail = mails.find((m) => m.parsed.subject?.includes('Blue Heron'));
    expect(mail?.parsed.subject).toBe(`Winterize for Blue Heron — a reminder from ${yard.name}`);
    const link = /(http:\/\/\S+\/request-service\?\S+)/.exec(mail?.parsed.text ?? '')?.[1];
    expect(link).toContain(`boat=${boat.id}`);

    // The customer opens it on a phone: the form is filled in with the boat and the service.
    const context = await phoneContext(app.browser, PHONES[1]);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${app.base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(customer.email!);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signed in: the portal's navigation shows (the sign-in page says "Welcome" too).
    await page.getByRole('navigation', { name: 'Portal' }).waitFor();
    await page.goto(link!);
    await page.getByText('Filled in from your service reminder: Winterization for Blue Heron').waitFor();
    expect(await page.getByLabel('Boat').inputValue()).toBe(boat.id);
    expect(await page.getByLabel('Title (optional)').inputValue()).toBe('Winterization');
    expect(await page.getByLabel('What needs doing?').inputValue()).toBe('Winterization');
    await page.waitForLoadState('networkidle');
    expect(await phoneProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText(/Request sent: order #\d+ “Winterization” for Blue Heron/).waitFor();

    // The boat page lists what is coming: next year's, now that this year's went out.
    await page.goto(`${app.base}/portal/${yard.slug}/boats/${boat.id}`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Upcoming service' }) });
    await card.getByText(`due ${nextYear}`).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await phoneProblems(page)).toEqual([]);

    // The office sees both sent, and pauses it.
    await staffPage.reload();
    await staffPage.getByText(/Sent 2 · skipped 0/).waitFor();
    await staffPage.getByRole('button', { name: 'What was sent' }).click();
    await staffPage
      .getByRole('cell', { name: `Sent to ${customer.email}` })
      .first()
      .waitFor();
    await staffPage.getByRole('button', { name: 'Pause' }).click();
    await staffPage.getByText('Paused', { exact: true }).waitFor();
    // And changes its message.
    await staffPage.getByRole('button', { name: 'Edit' }).click();
    await staffPage.getByLabel('Message (optional)').fill('Book before the first frost; we fill up fast.');
    await staffPage.getByRole('button', { name: 'Save reminder' }).click();
    await staffPage.getByText('Book before the first frost; we fill up fast.').waitFor();
    expect(await axeViolations(staffPage)).toEqual([]);
    await desk.close();
    await context.close();
  });
});
