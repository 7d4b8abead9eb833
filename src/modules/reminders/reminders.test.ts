import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import { signedInCustomer } from '../../../test/support/order-fixtures.js';
import type { Database } from '../../db/connection.js';
import { createReminderJobs } from './reminder-jobs.js';

/** Waits until every reminder-email job of these occurrences is finished; returns their outputs. */
async function mailJobsDone(h: Harness, reminderId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { rows } = await sql<{ state: string }>`
      SELECT j.state FROM pgboss.job j
      JOIN reminder_occurrences o ON o.id::text = j.data->>'occurrenceId'
      WHERE j.name = 'reminder-email' AND o.reminder_id = ${reminderId}`.execute(h.deps.database.db);
    if (rows.every((r) => r.state === 'completed')) return rows.length;
    if (Date.now() > deadline) throw new Error(`reminder-email jobs: ${rows.map((r) => r.state)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function boatOf(db: Database, yardId: string, customerId: string, name: string, hours?: number) {
  const boat = await db.db
    .insertInto('boats')
    .values({ yard_id: yardId, customer_id: customerId, name })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (hours !== undefined) {
    await db.db.insertInto('boat_engines').values({ yard_id: yardId, boat_id: boat.id, hours }).execute();
  }
  return boat;
}

const occurrences = (db: Database, reminderId: string) =>
  db.db
    .selectFrom('reminder_occurrences')
    .select(['boat_id', 'period', 'status', 'reason'])
    .where('reminder_id', '=', reminderId)
    .orderBy('claimed_at')
    .execute();

describeEachEngine('service reminders', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  /** A yard in `timeZone` with its owner signed in, and a signed-in customer with a boat. */
  async function yardWithCustomer(timeZone: string) {
    const { yard, staff } = await makeYard(db().db);
    await db().db.updateTable('yards').set({ timezone: timeZone }).where('id', '=', yard.id).execute();
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const me = await signedInCustomer(h, db().db, yard);
    // After the clock moved on, sessions have ended: sign in again.
    const again = () => office.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, office, me, again };
  }

  it('a yearly reminder goes out once, on its day in the yard’s time zone, with a link to the filled-in request page', async () => {
    h.clock.set(new Date('2026-09-01T12:00:00Z'));
    const { yard, office, me, again } = await yardWithCustomer('America/Los_Angeles');
    const boat = await boatOf(db(), yard.id, me.customer.id, 'Sea Otter');
    const created = await office.post('/api/staff/reminders', {
      name: 'Winterize',
      message: 'Book before the first frost.',
      service: 'Winterization',
      schedule: { rule: 'yearly', month: 10, day: 1 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const reminder = created.json();
    expect(reminder.describe).toBe('Every year on October 1');
    const jobs = createReminderJobs(h.deps);

    // 06:30 UTC on 1 October is still 30 September, 23:30, in Los Angeles.
    h.clock.set(new Date('2026-10-01T06:30:00Z'));
    await jobs.scan();
    expect(await occurrences(db(), reminder.id)).toEqual([]);
    // An hour later it is 1 October there.
    h.clock.set(new Date('2026-10-01T07:30:00Z'));
    await jobs.scan();
    expect(await occurrences(db(), reminder.id)).toMatchObject([{ boat_id: boat.id, period: '2026-10-01' }]);
    await mailJobsDone(h, reminder.id);
    const [mail] = await h.sink.waitForMail(me.customer.email!, 1);
    expect(mail.parsed.subject).toBe(`Winterize for Sea Otter — a reminder from ${yard.name}`);
    expect(mail.parsed.text).toContain('Book before the first frost.');
    expect(mail.parsed.html).toContain(yard.name);
    const link = /(https:\/\/\S+\/request-service\?\S+)/.exec(mail.parsed.text ?? '')?.[1];
    expect(link).toBe(
      `${TEST_PUBLIC_URL}/portal/${yard.slug}/request-service?boat=${boat.id}&service=Winterization`,
    );
    // The link is the portal's request page (the browser app, filled in from its query).
    const page = await h.agent().get(new URL(link!).pathname + new URL(link!).search);
    expect([200, 503]).toContain(page.statusCode);
    expect(page.headers['content-type']).toMatch(/text\/(html|plain)/);

    // Later that day, the next day, a week on: nothing more.
    for (const at of ['2026-10-01T20:00:00Z', '2026-10-02T12:00:00Z', '2026-10-09T12:00:00Z']) {
      h.clock.set(new Date(at));
      await jobs.scan();
    }
    await mailJobsDone(h, reminder.id);
    expect(h.sink.mailTo(me.customer.email!)).toHaveLength(1);
    expect((await occurrences(db(), reminder.id)).map((o) => o.status)).toEqual(['sent']);

    // Staff see it on the reminder, and on the customer's timeline.
    await again();
    const detail = (await office.get(`/api/staff/reminders/${reminder.id}`)).json();
    expect(detail.reminder).toMatchObject({ sent: 1, skipped: 0, lastRunAt: expect.any(String) });
    expect(detail.occurrences).toMatchObject([
      { status: 'sent', boatName: 'Sea Otter', period: 'October 1, 2026', email: me.customer.email },
    ]);
    const profile = (await office.get(`/api/staff/customers/${me.customer.id}`)).json();
    expect(profile.timeline.map((e: { summary: string }) => e.summary)).toContain(
      `Reminder sent: Winterize (Sea Otter) to ${me.customer.email}`,
    );

    // A year later it is due again.
    h.clock.set(new Date('2027-10-01T08:00:00Z'));
    await jobs.scan();
    await mailJobsDone(h, reminder.id);
    await h.sink.waitForMail(me.customer.email!, 2);
    expect((await occurrences(db(), reminder.id)).map((o) => o.period)).toEqual(['2026-10-01', '2027-10-01']);
  });

  it('an engine-hours reminder goes out when the hours pass each threshold, once each', async () => {
    h.clock.set(new Date('2026-06-01T12:00:00Z'));
    const { yard, office, me } = await yardWithCustomer('UTC');
    const boat = await boatOf(db(), yard.id, me.customer.id, 'Diesel Duck', 90);
    const reminder = (
      await office.post('/api/staff/reminders', {
        name: 'Oil change',
        service: 'Engine oil and filter',
        schedule: { rule: 'engine_hours', hoursInterval: 100 },
      })
    ).json();
    const jobs = createReminderJobs(h.deps);
    const setHours = (hours: number) =>
      db().db.updateTable('boat_engines').set({ hours }).where('boat_id', '=', boat.id).execute();

    await jobs.scan();
    expect(await occurrences(db(), reminder.id)).toEqual([]);
    // The portal shows it coming at 100 hours.
    const upcoming = await me.agent.get(`/api/portal/${yard.slug}/boats/${boat.id}/reminders`);
    expect(upcoming.json().reminders).toMatchObject([
      { name: 'Oil change', dueAtHours: 100, currentHours: 90 },
    ]);

    await setHours(104.5);
    await jobs.scan();
    await jobs.scan();
    await setHours(150);
    await jobs.scan();
    expect(await occurrences(db(), reminder.id)).toMatchObject([{ period: 'hours:100' }]);
    await mailJobsDone(h, reminder.id);
    const [mail] = await h.sink.waitForMail(me.customer.email!, 1);
    expect(mail.parsed.text).toContain('due at 100 engine hours');

    await setHours(212);
    await jobs.scan();
    expect((await occurrences(db(), reminder.id)).map((o) => o.period)).toEqual(['hours:100', 'hours:200']);
    await mailJobsDone(h, reminder.id);
    await h.sink.waitForMail(me.customer.email!, 2);
    const after = await me.agent.get(`/api/portal/${yard.slug}/boats/${boat.id}/reminders`);
    expect(after.json().reminders).toMatchObject([{ dueAtHours: 300, lastSentAt: expect.any(String) }]);
  });

  it('two scans at once claim each occurrence once: one mail', async () => {
    h.clock.set(new Date('2026-03-01T12:00:00Z'));
    const { yard, office, me } = await yardWithCustomer('Europe/Paris');
    await boatOf(db(), yard.id, me.customer.id, 'Twin');
    const reminder = (
      await office.post('/api/staff/reminders', {
        name: 'Spring launch',
        service: 'Commissioning',
        schedule: { rule: 'interval', intervalMonths: 6, startsOn: '2026-04-01' },
      })
    ).json();
    h.clock.set(new Date('2026-04-01T06:00:00Z'));
    // Two workers, each its own scan over the same database.
    const [a, b] = [createReminderJobs(h.deps), createReminderJobs(h.deps)];
    await Promise.all([a.scan(), b.scan(), a.scan()]);
    expect(await occurrences(db(), reminder.id)).toHaveLength(1);
    expect(await mailJobsDone(h, reminder.id)).toBe(1);
    await h.sink.waitForMail(me.customer.email!, 1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.sink.mailTo(me.customer.email!)).toHaveLength(1);
  });

  it('a scan that dies before its jobs are queued claims nothing; the next run mails once', async () => {
    h.clock.set(new Date('2026-02-01T12:00:00Z'));
    const { yard, office, me } = await yardWithCustomer('UTC');
    await boatOf(db(), yard.id, me.customer.id, 'Phoenix');
    const reminder = (
      await office.post('/api/staff/reminders', {
        name: 'Survey',
        service: 'Annual survey',
        schedule: { rule: 'yearly', month: 2, day: 2 },
      })
    ).json();
    h.clock.set(new Date('2026-02-02T12:00:00Z'));
    // The process dies between claiming the rows and queueing their mail.
    const dying = Object.create(h.deps.boss) as typeof h.deps.boss;
    dying.insert = () => Promise.reject(new Error('the worker died'));
    await expect(createReminderJobs({ ...h.deps, boss: dying }).scan()).rejects.toThrow('the worker died');
    expect(await occurrences(db(), reminder.id)).toEqual([]);
    // The next run (another worker) claims and mails it, once.
    await Promise.all([createReminderJobs(h.deps).scan(), createReminderJobs(h.deps).scan()]);
    expect(await mailJobsDone(h, reminder.id)).toBe(1);
    await h.sink.waitForMail(me.customer.email!, 1);
    expect((await occurrences(db(), reminder.id)).map((o) => o.status)).toEqual(['sent']);
  });

  it('skips customers who turned reminders off (recorded), without email, archived, and paused reminders', async () => {
    h.clock.set(new Date('2026-05-01T12:00:00Z'));
    const { yard, office, me, again } = await yardWithCustomer('UTC');
    const off = await me.agent.patch(`/api/portal/${yard.slug}/me/notifications`, { reminders: false });
    expect(off.statusCode, off.body).toBe(200);
    const mine = await boatOf(db(), yard.id, me.customer.id, 'Quiet One');
    const noEmail = await makeCustomer(db().db, yard.id, { email: null });
    const noEmailBoat = await boatOf(db(), yard.id, noEmail.id, 'No Mail');
    const archived = await boatOf(db(), yard.id, noEmail.id, 'Gone');
    await db()
      .db.updateTable('boats')
      .set({ archived_at: new Date() })
      .where('id', '=', archived.id)
      .execute();
    const reminder = (
      await office.post('/api/staff/reminders', {
        name: 'Bottom paint',
        service: 'Bottom paint',
        schedule: { rule: 'yearly', month: 5, day: 2 },
      })
    ).json();
    h.clock.set(new Date('2026-05-02T12:00:00Z'));
    await createReminderJobs(h.deps).scan();
    await mailJobsDone(h, reminder.id);
    const rows = await occurrences(db(), reminder.id);
    expect(rows.map((r) => [r.boat_id, r.status, r.reason]).sort()).toEqual(
      [
        [mine.id, 'skipped', 'the customer turned reminder emails off'],
        [noEmailBoat.id, 'skipped', 'no email address on file'],
      ].sort(),
    );
    expect(h.sink.mailTo(me.customer.email!)).toEqual([]);
    await again();
    const listed = (await office.get('/api/staff/reminders')).json().reminders;
    expect(listed).toMatchObject([{ name: 'Bottom paint', sent: 0, skipped: 2 }]);

    // Paused: the scan leaves it alone; resumed, it is looked at again.
    const paused = await office.patch(`/api/staff/reminders/${reminder.id}`, { paused: true });
    expect(paused.json()).toMatchObject({ paused: true });
    await me.agent.patch(`/api/portal/${yard.slug}/me/notifications`, { reminders: true });
    h.clock.set(new Date('2027-05-02T12:00:00Z'));
    await createReminderJobs(h.deps).scan();
    expect(await occurrences(db(), reminder.id)).toHaveLength(2);
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['action', 'actor_kind'])
      .where('yard_id', '=', yard.id)
      .where('entity', '=', 'settings')
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['reminder created', 'reminder paused']);
  });
});
