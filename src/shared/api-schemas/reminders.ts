import { z } from 'zod';
import { isCalendarDate } from './calendar-date.js';
import { multiLine, singleLine } from './text-fields.js';
import { YARD_STATUSES } from './values.js';

/** When a reminder is due (docs/reminders.md). */
export const ReminderRule = z.discriminatedUnion('rule', [
  z.object({
    rule: z.literal('yearly'),
    month: z.number().int().min(1, 'Month is 1 to 12').max(12, 'Month is 1 to 12'),
    day: z.number().int().min(1, 'Day is 1 to 31').max(31, 'Day is 1 to 31'),
  }),
  z.object({
    rule: z.literal('interval'),
    intervalMonths: z
      .number()
      .int()
      .min(1, 'Every how many months: 1 to 60')
      .max(60, 'Every how many months: 1 to 60'),
    startsOn: z.string().refine(isCalendarDate, 'Starts on must be a date (YYYY-MM-DD)'),
  }),
  z.object({
    rule: z.literal('engine_hours'),
    hoursInterval: z
      .number()
      .int()
      .min(1, 'Every how many engine hours: 1 to 100,000')
      .max(100_000, 'Every how many engine hours: 1 to 100,000'),
  }),
]);

const reminderFields = {
  name: singleLine('Name', 120).min(1, 'Give the reminder a name, e.g. "Winterize"'),
  message: multiLine('Message', 2000).default(''),
  service: singleLine('Service', 200).min(1, 'Say which service to suggest, e.g. "Winterization"'),
  catalogJobId: z
    .string()
    .uuid('Catalog ids are UUIDs; pick the service from the catalog')
    .nullable()
    .optional(),
  /** Only boats with this yard status (e.g. in storage); null: every boat. */
  boatStatus: z.enum(YARD_STATUSES).nullable().default(null),
};

export const CreateReminderRequest = z.object({ ...reminderFields, schedule: ReminderRule }).strict();

export const UpdateReminderRequest = z
  .object({
    name: reminderFields.name.optional(),
    message: multiLine('Message', 2000).optional(),
    service: reminderFields.service.optional(),
    catalogJobId: reminderFields.catalogJobId,
    boatStatus: z.enum(YARD_STATUSES).nullable().optional(),
    schedule: ReminderRule.optional(),
    /** Paused reminders are not looked at by the scheduled job; their queued mail is skipped. */
    paused: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Say what to change: name, message, service, schedule or paused');

export const ReminderView = z.object({
  id: z.string(),
  name: z.string(),
  message: z.string(),
  service: z.string(),
  catalogJobId: z.string().nullable(),
  boatStatus: z.enum(YARD_STATUSES).nullable(),
  schedule: ReminderRule,
  /** "Every year on October 1", "Every 200 engine hours". */
  describe: z.string(),
  paused: z.boolean(),
  pausedAt: z.string().nullable(),
  createdAt: z.string(),
  lastRunAt: z.string().nullable(),
  /** What came of it so far. */
  sent: z.number(),
  skipped: z.number(),
  failed: z.number(),
  queued: z.number(),
  lastSentAt: z.string().nullable(),
});

export const RemindersResponse = z.object({ reminders: z.array(ReminderView) });

export const ReminderOccurrenceView = z.object({
  id: z.string(),
  status: z.enum(['queued', 'sent', 'skipped', 'failed']),
  reason: z.string().nullable(),
  /** "Oct 1, 2026" or "300 engine hours". */
  period: z.string(),
  boatId: z.string(),
  boatName: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  email: z.string().nullable(),
  at: z.string(),
});

export const ReminderDetailResponse = z.object({
  reminder: ReminderView,
  occurrences: z.array(ReminderOccurrenceView),
});

/** A reminder on a boat's portal page: what, and when it is next due. */
export const BoatReminderView = z.object({
  id: z.string(),
  name: z.string(),
  message: z.string(),
  service: z.string(),
  /** The next due date ('YYYY-MM-DD') of a date reminder. */
  dueOn: z.string().nullable(),
  /** The engine hours at which an hours reminder is next due, and the boat's hours now. */
  dueAtHours: z.number().nullable(),
  currentHours: z.number().nullable(),
  lastSentAt: z.string().nullable(),
});

export const BoatRemindersResponse = z.object({ reminders: z.array(BoatReminderView) });
