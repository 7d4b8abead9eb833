import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { runJob } from '../../server/logger.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import { MailSendError } from '../mail/mailer.js';
import { notificationPreferencesRepo } from '../notifications/notification-preferences.repo.js';
import { yardLogoUrl } from '../yards/yard-summary.js';
import { renderReminderEmail, requestLink } from './reminder-email.js';
import { type DateRule, dueOccurrence, localDate } from './reminder-schedule.js';
import { type ReminderRow, remindersRepo } from './reminders.repo.js';

/** When the scan runs (cron, UTC): every hour, so each yard's day is seen soon after it starts. */
export const REMINDER_SCAN_CRON = '17 * * * *';
/** Yards read per page, and occurrences one reminder claims per run (the rest come next run). */
const YARDS_PER_PAGE = 200;
const CLAIMS_PER_RUN = 1000;

export interface ReminderEmailJob {
  occurrenceId: string;
}

export const dateRuleOf = (r: ReminderRow): DateRule | null =>
  r.rule === 'yearly'
    ? { rule: 'yearly', month: r.month ?? 1, day: r.day ?? 1 }
    : r.rule === 'interval'
      ? { rule: 'interval', intervalMonths: r.interval_months ?? 1, startsOn: r.starts_on ?? '' }
      : null;

/** "October 1, 2026" for a due date, "300 engine hours" for a threshold. */
export function periodLabel(period: string): string {
  if (period.startsWith('hours:')) return `${period.slice(6)} engine hours`;
  const d = new Date(`${period}T00:00:00Z`);
  return d.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The scheduled scan and the mail it leads to (docs/reminders.md). The scan finds, per yard
 * and in the yard's time zone, what is due, and claims one occurrence row per reminder × boat
 * × period with its mail job in the same transaction: the row's unique key means two scans
 * at once, or a scan run again after a crash, claim (and so mail) each occurrence once.
 */
export function createReminderJobs(deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'boss' | 'mailer'>) {
  const { db } = deps.database;
  const repo = remindersRepo(db);

  async function scanReminder(r: ReminderRow, timeZone: string, now: Date): Promise<number> {
    return db.transaction().execute(async (trx) => {
      let ids: string[] = [];
      const rule = dateRuleOf(r);
      if (rule) {
        const today = localDate(now, timeZone);
        const due = dueOccurrence(rule, today, localDate(r.created_at, timeZone));
        if (due) ids = await repo.claimDate(trx, r, due, now, CLAIMS_PER_RUN);
      } else {
        ids = await repo.claimHours(trx, r, now, CLAIMS_PER_RUN);
      }
      if (ids.length > 0) {
        await deps.boss.insert(
          ids.map((occurrenceId) => ({
            name: QUEUES.reminderEmail,
            data: { occurrenceId } satisfies ReminderEmailJob,
            retryLimit: 8,
            retryDelay: 5,
            retryBackoff: true,
            expireInSeconds: 120,
          })),
          { db: executorFor(trx) },
        );
      }
      await repo.markRun(trx, r.id, now);
      return ids.length;
    });
  }

  /** One run over every yard with a live reminder; returns how many occurrences it claimed. */
  async function scan(): Promise<{ claimed: number }> {
    const now = deps.clock.now();
    let claimed = 0;
    let after: string | null = null;
    for (;;) {
      const yards = await repo.yardsToScan(after, YARDS_PER_PAGE);
      for (const yard of yards) {
        for (const r of await repo.liveReminders(yard.id))
          claimed += await scanReminder(r, yard.timezone, now);
      }
      if (yards.length < YARDS_PER_PAGE) break;
      after = yards[yards.length - 1].id;
    }
    return { claimed };
  }

  /** Mails one occurrence, or records why not; a thrown error hands the job back to retry. */
  async function deliver(occurrenceId: string): Promise<'sent' | 'skipped' | 'failed' | 'settled already'> {
    const o = await repo.forEmail(occurrenceId);
    if (o?.status !== 'queued') return 'settled already' as const;
    const skip = async (reason: string) => {
      await db
        .transaction()
        .execute((trx) =>
          repo.settle(trx, o.id, { status: 'skipped', reason, email: o.email }, deps.clock.now()),
        );
      return 'skipped' as const;
    };
    if (o.paused_at) return skip('the reminder was paused');
    if (o.boat_archived_at) return skip('the boat is archived');
    if (o.customer_archived_at) return skip('the customer is archived');
    if (o.boat_customer_id !== o.customer_id) return skip('the boat moved to another customer');
    if (!o.email) return skip('no email address on file');
    if (!(await notificationPreferencesRepo(db).wants(o.yard_id, o.customer_id, 'reminders'))) {
      return skip('the customer turned reminder emails off');
    }
    const logo = yardLogoUrl({ slug: o.slug, logo_updated_at: o.logo_updated_at });
    const mail = renderReminderEmail({
      yardName: o.yard_name,
      yardEmail: o.yard_email,
      yardPhone: o.yard_phone,
      logoUrl: logo ? `${deps.config.publicUrl}${logo}` : null,
      firstName: o.first_name,
      reminderName: o.name,
      message: o.message,
      service: o.service,
      boatName: o.boat_name,
      when: o.period.startsWith('hours:') ? `at ${periodLabel(o.period)}` : `on ${periodLabel(o.period)}`,
      link: requestLink(deps.config.publicUrl, o.slug, o.boat_id, o.service),
    });
    try {
      await deps.mailer.send({ to: o.email, fromName: o.yard_name, replyTo: o.yard_email, ...mail });
    } catch (err) {
      if (!(err instanceof MailSendError) || !err.permanent) throw err;
      await db
        .transaction()
        .execute((trx) =>
          repo.settle(
            trx,
            o.id,
            { status: 'failed', reason: err.serverReason, email: o.email },
            deps.clock.now(),
          ),
        );
      return 'failed';
    }
    const at = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      if (!(await repo.settle(trx, o.id, { status: 'sent', reason: null, email: o.email }, at))) return;
      await portalEventsRepo(db).add(
        {
          yardId: o.yard_id,
          customerId: o.customer_id,
          kind: 'reminder_sent',
          at,
          detail: { reminder: o.name, boatName: o.boat_name, service: o.service, email: o.email },
        },
        trx,
      );
    });
    return 'sent';
  }

  return { scan, deliver };
}

export type ReminderJobs = ReturnType<typeof createReminderJobs>;

/** The reminder mail worker: one occurrence per job. */
export async function workReminderEmails(
  boss: PgBoss,
  jobs: Pick<ReminderJobs, 'deliver'>,
  opts: { pollingIntervalSeconds?: number } = {},
) {
  return boss.work<ReminderEmailJob>(
    QUEUES.reminderEmail,
    { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 },
    async ([job]) => runJob(job, () => jobs.deliver(job.data.occurrenceId)),
  );
}

/**
 * The worker's half: puts the scan on its schedule (pg-boss keeps one schedule per queue, so
 * several workers registering it is harmless) and works the scan and the mail queues.
 */
export async function startReminders(
  deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'boss' | 'mailer'>,
  opts: { pollingIntervalSeconds?: number } = {},
) {
  const jobs = createReminderJobs(deps);
  await deps.boss.schedule(QUEUES.reminderScan, REMINDER_SCAN_CRON, {}, { tz: 'UTC' });
  await deps.boss.work(
    QUEUES.reminderScan,
    { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 10 },
    async ([job]) => runJob(job, () => jobs.scan()),
  );
  await workReminderEmails(deps.boss, jobs, opts);
  return jobs;
}
