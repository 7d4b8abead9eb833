import type { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type {
  CreateReminderRequest,
  ReminderRule,
  UpdateReminderRequest,
} from '../../shared/api-schemas/reminders.js';
import type { BoatReminderView, ReminderDetailResponse, ReminderView } from '../../shared/api-types.js';
import { type AuditActor, type AuditEntry, auditRepo } from '../audit/audit.repo.js';
import { dateRuleOf, periodLabel } from './reminder-jobs.js';
import { addDays, hoursPeriod, hoursThreshold, localDate, nextOccurrence } from './reminder-schedule.js';
import { type ReminderRow, type ReminderWithStats, remindersRepo } from './reminders.repo.js';

type Rule = z.output<typeof ReminderRule>;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function ruleOf(r: ReminderRow): Rule {
  if (r.rule === 'yearly') return { rule: 'yearly', month: r.month ?? 1, day: r.day ?? 1 };
  if (r.rule === 'interval')
    return { rule: 'interval', intervalMonths: r.interval_months ?? 1, startsOn: r.starts_on ?? '' };
  return { rule: 'engine_hours', hoursInterval: r.hours_interval ?? 1 };
}

/** The schedule in words, as staff read it in the list. */
export function describeRule(rule: Rule): string {
  if (rule.rule === 'yearly') return `Every year on ${MONTHS[rule.month - 1]} ${rule.day}`;
  if (rule.rule === 'interval')
    return `Every ${rule.intervalMonths === 1 ? 'month' : `${rule.intervalMonths} months`} from ${periodLabel(rule.startsOn)}`;
  return `Every ${rule.hoursInterval.toLocaleString('en-US')} engine hours`;
}

const ruleColumns = (rule: Rule) => ({
  rule: rule.rule,
  month: rule.rule === 'yearly' ? rule.month : null,
  day: rule.rule === 'yearly' ? rule.day : null,
  interval_months: rule.rule === 'interval' ? rule.intervalMonths : null,
  starts_on: rule.rule === 'interval' ? rule.startsOn : null,
  hours_interval: rule.rule === 'engine_hours' ? rule.hoursInterval : null,
});

function view(r: ReminderWithStats): ReminderView {
  const schedule = ruleOf(r);
  return {
    id: r.id,
    name: r.name,
    message: r.message,
    service: r.service,
    catalogJobId: r.catalog_job_id,
    boatStatus: r.boat_status,
    schedule,
    describe: describeRule(schedule),
    paused: r.paused_at !== null,
    pausedAt: r.paused_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    lastRunAt: r.last_run_at?.toISOString() ?? null,
    sent: r.sent,
    skipped: r.skipped,
    failed: r.failed,
    queued: r.queued,
    lastSentAt: r.last_sent_at ? new Date(r.last_sent_at).toISOString() : null,
  };
}

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION', `${field}: ${message}`, { fields: { [field]: message } });

/** The yard's service reminders: staff define, pause and follow them; the portal shows what is coming. */
export function createRemindersService(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const repo = remindersRepo(db);
  const audit = auditRepo(db);

  async function checkCatalog(yardId: string, id: string | null | undefined) {
    if (id && !(await repo.catalogJob(yardId, id))) {
      throw invalid(
        'catalogJobId',
        'That catalog service is not in your catalog (or was archived); pick another',
      );
    }
  }

  async function detail(yardId: string, id: string): Promise<ReminderDetailResponse> {
    const r = await repo.find(yardId, id);
    if (!r) throw notFound('That reminder');
    const rows = await repo.occurrences(yardId, id, 100);
    return {
      reminder: view(r),
      occurrences: rows.map((o) => ({
        id: o.id,
        status: o.status,
        reason: o.reason,
        period: periodLabel(o.period),
        boatId: o.boat_id,
        boatName: o.boat_name,
        customerId: o.customer_id,
        customerName: o.customer_name,
        email: o.email,
        at: new Date(o.at).toISOString(),
      })),
    };
  }

  const entry = (
    yardId: string,
    actor: AuditActor,
    id: string,
    action: string,
    changes: AuditEntry['changes'],
  ) => ({
    yardId,
    actor,
    entity: 'settings' as const,
    entityId: id,
    action,
    changes,
    at: deps.clock.now(),
  });

  return {
    list: async (yardId: string) => ({ reminders: (await repo.list(yardId)).map(view) }),

    detail,

    async create(
      yardId: string,
      input: z.output<typeof CreateReminderRequest>,
      actor: AuditActor & { staffId: string },
    ): Promise<ReminderView> {
      await checkCatalog(yardId, input.catalogJobId);
      const now = deps.clock.now();
      const id = await db.transaction().execute(async (trx) => {
        const { id } = await repo.insert(trx, {
          yard_id: yardId,
          name: input.name,
          message: input.message,
          service: input.service,
          catalog_job_id: input.catalogJobId ?? null,
          boat_status: input.boatStatus,
          ...ruleColumns(input.schedule),
          created_by: actor.staffId,
          created_at: now,
          updated_at: now,
        });
        await audit.record(
          entry(yardId, actor, id, 'reminder created', {
            reminder: { before: null, after: `${input.name}: ${describeRule(input.schedule)}` },
          }),
          trx,
        );
        return id;
      });
      return (await detail(yardId, id)).reminder;
    },

    /** Changes what is given; `paused` pauses or resumes. Audited with each field's before and after. */
    async update(
      yardId: string,
      id: string,
      input: z.output<typeof UpdateReminderRequest>,
      actor: AuditActor,
    ): Promise<ReminderView> {
      await checkCatalog(yardId, input.catalogJobId);
      await db.transaction().execute(async (trx) => {
        const before = await repo.lock(trx, yardId, id);
        if (!before) throw notFound('That reminder');
        const now = deps.clock.now();
        const set: Partial<ReminderRow> = {};
        const changes: NonNullable<AuditEntry['changes']> = {};
        const put = <K extends keyof ReminderRow>(key: K, value: ReminderRow[K], label: string) => {
          if (before[key] === value) return;
          set[key] = value;
          changes[label] = { before: before[key], after: value };
        };
        if (input.name !== undefined) put('name', input.name, 'name');
        if (input.message !== undefined) put('message', input.message, 'message');
        if (input.service !== undefined) put('service', input.service, 'service');
        if (input.catalogJobId !== undefined) put('catalog_job_id', input.catalogJobId, 'catalogJobId');
        if (input.boatStatus !== undefined) put('boat_status', input.boatStatus, 'boatStatus');
        if (input.schedule) {
          const was = describeRule(ruleOf(before));
          const now = describeRule(input.schedule);
          if (was !== now) {
            Object.assign(set, ruleColumns(input.schedule));
            changes.schedule = { before: was, after: now };
          }
        }
        if (input.paused !== undefined && input.paused !== (before.paused_at !== null)) {
          set.paused_at = input.paused ? now : null;
          changes.paused = { before: !input.paused, after: input.paused };
        }
        if (Object.keys(changes).length === 0) return;
        await repo.update(trx, yardId, id, { ...set, updated_at: now });
        const action =
          Object.keys(changes).length === 1 && changes.paused
            ? input.paused
              ? 'reminder paused'
              : 'reminder resumed'
            : 'reminder changed';
        await audit.record(entry(yardId, actor, id, action, changes), trx);
      });
      return (await detail(yardId, id)).reminder;
    },

    /**
     * What is coming for one of the customer's boats: each live reminder that applies to it,
     * with its next due date (in the yard's time zone) or the engine hours it is due at.
     */
    async forBoat(
      yard: { id: string; timezone: string },
      customerId: string,
      boatId: string,
    ): Promise<{ reminders: BoatReminderView[] }> {
      const boat = await repo.ownBoat(yard.id, customerId, boatId);
      if (!boat) throw notFound('That boat');
      const occurrences = await repo.boatOccurrences(yard.id, boatId);
      const today = localDate(deps.clock.now(), yard.timezone);
      const hours = boat.hours === null || boat.hours === undefined ? null : Number(boat.hours);
      const out: BoatReminderView[] = [];
      for (const r of await repo.liveReminders(yard.id)) {
        if (r.boat_status && r.boat_status !== boat.yard_status) continue;
        const mine = occurrences.filter((o) => o.reminder_id === r.id);
        const lastSent = mine.find((o) => o.status === 'sent');
        const base = {
          id: r.id,
          name: r.name,
          message: r.message,
          service: r.service,
          lastSentAt: lastSent?.settled_at?.toISOString() ?? null,
        };
        const rule = dateRuleOf(r);
        if (rule) {
          // Today's occurrence counts as upcoming until it has gone out.
          const todays = mine.some((o) => o.period === today) ? null : today;
          const next =
            todays && nextOccurrence(rule, addDays(today, -1)) === today
              ? today
              : nextOccurrence(rule, today);
          out.push({ ...base, dueOn: next, dueAtHours: null, currentHours: hours });
        } else {
          const every = r.hours_interval ?? 1;
          const passed = hours === null ? null : hoursThreshold(hours, every);
          const passedOpen = passed !== null && !mine.some((o) => o.period === hoursPeriod(passed));
          out.push({
            ...base,
            dueOn: null,
            dueAtHours: passedOpen ? passed : (passed ?? 0) + every,
            currentHours: hours,
          });
        }
      }
      return { reminders: out.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999')) };
    },
  };
}

export type RemindersService = ReturnType<typeof createRemindersService>;
