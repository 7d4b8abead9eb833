import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export type ReminderRow = Selectable<DB['service_reminders']>;
export type ReminderWithStats = ReminderRow & {
  sent: number;
  skipped: number;
  failed: number;
  queued: number;
  last_sent_at: Date | null;
};

type NewReminder = Omit<ReminderRow, 'id' | 'paused_at' | 'last_run_at' | 'message'> & { message: string };

/** How the reminder's outcomes add up; one pass over its occurrences, by its index. */
const stats = (db: Kysely<DB>, yardId: string) =>
  db
    .selectFrom('reminder_occurrences')
    .select((eb) => [
      'reminder_id',
      sql<string>`count(*) FILTER (WHERE status = 'sent')`.as('sent'),
      sql<string>`count(*) FILTER (WHERE status = 'skipped')`.as('skipped'),
      sql<string>`count(*) FILTER (WHERE status = 'failed')`.as('failed'),
      sql<string>`count(*) FILTER (WHERE status = 'queued')`.as('queued'),
      eb.fn.max(sql<Date>`CASE WHEN status = 'sent' THEN settled_at END`).as('last_sent_at'),
    ])
    .where('yard_id', '=', yardId)
    .groupBy('reminder_id');

const withNumbers = <T extends { sent: string; skipped: string; failed: string; queued: string }>(r: T) => ({
  ...r,
  sent: Number(r.sent ?? 0),
  skipped: Number(r.skipped ?? 0),
  failed: Number(r.failed ?? 0),
  queued: Number(r.queued ?? 0),
});

/** Service reminders and their occurrences (0027); every query names the yard. */
export function remindersRepo(db: Kysely<DB>) {
  return {
    async list(yardId: string): Promise<ReminderWithStats[]> {
      const rows = await db
        .selectFrom('service_reminders as r')
        .leftJoin(stats(db, yardId).as('s'), 's.reminder_id', 'r.id')
        .selectAll('r')
        .select(['s.sent', 's.skipped', 's.failed', 's.queued', 's.last_sent_at'])
        .where('r.yard_id', '=', yardId)
        .orderBy('r.created_at')
        .orderBy('r.id')
        .execute();
      return rows.map((r) =>
        withNumbers(r as typeof r & { sent: string; skipped: string; failed: string; queued: string }),
      );
    },

    async find(yardId: string, id: string): Promise<ReminderWithStats | undefined> {
      return (await this.list(yardId)).find((r) => r.id === id);
    },

    lock: (trx: Kysely<DB>, yardId: string, id: string) =>
      trx
        .selectFrom('service_reminders')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    insert: (trx: Kysely<DB>, values: NewReminder) =>
      trx.insertInto('service_reminders').values(values).returning('id').executeTakeFirstOrThrow(),

    update: (trx: Kysely<DB>, yardId: string, id: string, values: Partial<ReminderRow>) =>
      trx
        .updateTable('service_reminders')
        .set(values)
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .execute(),

    /** A live catalog job of this yard, or undefined. */
    catalogJob: (yardId: string, id: string) =>
      db
        .selectFrom('catalog_jobs')
        .select(['id', 'name'])
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .where('archived_at', 'is', null)
        .executeTakeFirst(),

    /** The newest occurrences of one reminder, with the boat and customer they went to. */
    occurrences: (yardId: string, reminderId: string, limit: number) =>
      db
        .selectFrom('reminder_occurrences as o')
        .innerJoin('boats as b', (j) =>
          j.onRef('b.id', '=', 'o.boat_id').onRef('b.yard_id', '=', 'o.yard_id'),
        )
        .innerJoin('customers as c', (j) =>
          j.onRef('c.id', '=', 'o.customer_id').onRef('c.yard_id', '=', 'o.yard_id'),
        )
        .select([
          'o.id',
          'o.status',
          'o.reason',
          'o.period',
          'o.boat_id',
          'b.name as boat_name',
          'o.customer_id',
          sql<string>`trim(c.first_name || ' ' || c.last_name)`.as('customer_name'),
          'o.email',
          sql<Date>`coalesce(o.settled_at, o.claimed_at)`.as('at'),
        ])
        .where('o.yard_id', '=', yardId)
        .where('o.reminder_id', '=', reminderId)
        .orderBy('o.claimed_at', 'desc')
        .orderBy('o.id', 'desc')
        .limit(limit)
        .execute(),

    // ---- The scheduled scan ----

    /** Yards with at least one live reminder, a page at a time in id order. */
    yardsToScan: (afterId: string | null, limit: number) => {
      let q = db
        .selectFrom('yards as y')
        .select(['y.id', 'y.timezone'])
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('service_reminders as r')
              .select('r.id')
              .whereRef('r.yard_id', '=', 'y.id')
              .where('r.paused_at', 'is', null),
          ),
        )
        .orderBy('y.id')
        .limit(limit);
      if (afterId) q = q.where('y.id', '>', afterId);
      return q.execute();
    },

    liveReminders: (yardId: string) =>
      db
        .selectFrom('service_reminders')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('paused_at', 'is', null)
        .orderBy('id')
        .execute(),

    /**
     * Claims the occurrence `period` of a date reminder for every boat it applies to that has
     * none yet: the unique key skips the boats another scan claimed. Returns the new rows' ids.
     */
    async claimDate(trx: Kysely<DB>, r: ReminderRow, period: string, now: Date, limit: number) {
      const { rows } = await sql<{ id: string }>`
        INSERT INTO reminder_occurrences (yard_id, reminder_id, boat_id, customer_id, period, claimed_at)
        SELECT b.yard_id, ${r.id}, b.id, b.customer_id, ${period}, ${now}
        FROM boats b
        JOIN customers c ON c.id = b.customer_id AND c.yard_id = b.yard_id
        WHERE b.yard_id = ${r.yard_id} AND b.archived_at IS NULL
          AND c.archived_at IS NULL AND c.merged_into IS NULL
          AND (${r.boat_status}::text IS NULL OR b.yard_status = ${r.boat_status})
          AND NOT EXISTS (SELECT 1 FROM reminder_occurrences o
                          WHERE o.reminder_id = ${r.id} AND o.boat_id = b.id AND o.period = ${period})
        ORDER BY b.id
        LIMIT ${limit}
        ON CONFLICT (reminder_id, boat_id, period) DO NOTHING
        RETURNING id`.execute(trx);
      return rows.map((x) => x.id);
    },

    /**
     * Claims, for an engine-hours reminder, each boat's highest threshold passed (a multiple of
     * the interval, by its busiest engine) that has no occurrence yet.
     */
    async claimHours(trx: Kysely<DB>, r: ReminderRow, now: Date, limit: number) {
      const every = r.hours_interval ?? 0;
      const { rows } = await sql<{ id: string }>`
        INSERT INTO reminder_occurrences (yard_id, reminder_id, boat_id, customer_id, period, engine_hours, claimed_at)
        SELECT b.yard_id, ${r.id}, b.id, b.customer_id,
               'hours:' || (floor(h.hours / ${every}) * ${every})::bigint, h.hours, ${now}
        FROM boats b
        JOIN customers c ON c.id = b.customer_id AND c.yard_id = b.yard_id
        JOIN (SELECT boat_id, max(hours) AS hours FROM boat_engines
              WHERE yard_id = ${r.yard_id} AND hours IS NOT NULL GROUP BY boat_id) h ON h.boat_id = b.id
        WHERE b.yard_id = ${r.yard_id} AND b.archived_at IS NULL
          AND c.archived_at IS NULL AND c.merged_into IS NULL
          AND (${r.boat_status}::text IS NULL OR b.yard_status = ${r.boat_status})
          AND h.hours >= ${every}
          AND NOT EXISTS (SELECT 1 FROM reminder_occurrences o
                          WHERE o.reminder_id = ${r.id} AND o.boat_id = b.id
                            AND o.period = 'hours:' || (floor(h.hours / ${every}) * ${every})::bigint)
        ORDER BY b.id
        LIMIT ${limit}
        ON CONFLICT (reminder_id, boat_id, period) DO NOTHING
        RETURNING id`.execute(trx);
      return rows.map((x) => x.id);
    },

    markRun: (trx: Kysely<DB>, id: string, now: Date) =>
      trx.updateTable('service_reminders').set({ last_run_at: now }).where('id', '=', id).execute(),

    // ---- The mail ----

    /** An occurrence with what its mail needs, read fresh when the mail is composed. */
    forEmail: (id: string) =>
      db
        .selectFrom('reminder_occurrences as o')
        .innerJoin('service_reminders as r', 'r.id', 'o.reminder_id')
        .innerJoin('boats as b', 'b.id', 'o.boat_id')
        .innerJoin('customers as c', 'c.id', 'o.customer_id')
        .innerJoin('yards as y', 'y.id', 'o.yard_id')
        .select([
          'o.id',
          'o.yard_id',
          'o.status',
          'o.period',
          'o.boat_id',
          'o.customer_id',
          'r.name',
          'r.message',
          'r.service',
          'r.paused_at',
          'b.name as boat_name',
          'b.archived_at as boat_archived_at',
          'b.customer_id as boat_customer_id',
          'c.first_name',
          'c.email',
          'c.archived_at as customer_archived_at',
          'y.slug',
          'y.name as yard_name',
          'y.email as yard_email',
          'y.phone as yard_phone',
          'y.logo_updated_at',
        ])
        .where('o.id', '=', id)
        .whereRef('r.yard_id', '=', 'o.yard_id')
        .whereRef('b.yard_id', '=', 'o.yard_id')
        .whereRef('c.yard_id', '=', 'o.yard_id')
        .executeTakeFirst(),

    /** Settles a queued occurrence; false when it was already settled (nothing changes then). */
    async settle(
      trx: Kysely<DB>,
      id: string,
      outcome: { status: 'sent' | 'skipped' | 'failed'; reason: string | null; email: string | null },
      now: Date,
    ): Promise<boolean> {
      const res = await trx
        .updateTable('reminder_occurrences')
        .set({ status: outcome.status, reason: outcome.reason, email: outcome.email, settled_at: now })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    // ---- The portal's boat page ----

    /** The customer's own live boat: its yard status and its busiest engine's hours. */
    ownBoat: (yardId: string, customerId: string, boatId: string) =>
      db
        .selectFrom('boats as b')
        .select([
          'b.id',
          'b.yard_status',
          (eb) =>
            eb
              .selectFrom('boat_engines as e')
              .select((e) => e.fn.max('e.hours').as('h'))
              .whereRef('e.boat_id', '=', 'b.id')
              .where('e.yard_id', '=', yardId)
              .as('hours'),
        ])
        .where('b.yard_id', '=', yardId)
        .where('b.customer_id', '=', customerId)
        .where('b.id', '=', boatId)
        .where('b.archived_at', 'is', null)
        .executeTakeFirst(),

    /** The boat's occurrences, for "already sent" and the last mail of each reminder. */
    boatOccurrences: (yardId: string, boatId: string) =>
      db
        .selectFrom('reminder_occurrences')
        .select(['reminder_id', 'period', 'status', 'claimed_at', 'settled_at'])
        .where('yard_id', '=', yardId)
        .where('boat_id', '=', boatId)
        .orderBy('claimed_at', 'desc')
        .limit(500)
        .execute(),
  };
}

export type RemindersRepo = ReturnType<typeof remindersRepo>;
