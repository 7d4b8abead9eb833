import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ActivityKind } from '../../shared/api-types.js';
import type { RecentCursor } from '../orders/recent-cursor.js';

export interface NewActivity {
  yardId: string;
  customerId: string;
  orderId?: string | null;
  kind: ActivityKind;
  at: Date;
  /** What the sentence needs besides the customer and the order (activity-sentence.ts). */
  detail: Record<string, unknown>;
}

/**
 * Records what a customer did for the yard's activity inbox, in the caller's transaction
 * (pass it as `trx`), so the inbox shows it exactly when the action itself committed.
 */
export function recordActivity(trx: Kysely<DB>, a: NewActivity) {
  return trx
    .insertInto('yard_activity')
    .values({
      yard_id: a.yardId,
      customer_id: a.customerId,
      order_id: a.orderId ?? null,
      kind: a.kind,
      detail: JSON.stringify(a.detail),
      created_at: a.at,
    })
    .execute();
}

/** Unread items counted for the badge; beyond it the badge says "99+". */
export const UNREAD_CAP = 1000;

/** What a technician's inbox leaves out: money and portal invites are the office's business. */
export const NOT_FOR_TECHNICIANS: readonly ActivityKind[] = ['invoice_paid', 'invite_requested'];

/**
 * A technician's part of the inbox (docs/yards.md, "Technicians"): items about the orders
 * assigned to them, without money or invites. `table` is how the statement names yard_activity.
 */
function technicianScope(table: string, yardId: string, staffId: string) {
  const col = (c: string) => sql.ref(`${table}.${c}`);
  return sql<boolean>`${col('order_id')} IN (
      SELECT id FROM orders WHERE yard_id = ${yardId} AND assigned_to = ${staffId})
    AND ${col('kind')} NOT IN (${sql.join(NOT_FOR_TECHNICIANS.map((k) => sql`${k}`))})`;
}

/**
 * The yard's activity inbox: newest first, read state is the yard's (one office inbox).
 * `assignedTo` (a technician's staff id) narrows every read and mark to their part of it.
 */
export function activityRepo(db: Kysely<DB>) {
  return {
    list: (
      yardId: string,
      opts: { unread: boolean; cursor: RecentCursor | null; take: number; assignedTo?: string },
    ) =>
      db
        .selectFrom('yard_activity as a')
        .innerJoin('customers as c', 'c.id', 'a.customer_id')
        .leftJoin('orders as o', 'o.id', 'a.order_id')
        .innerJoin('yards as y', 'y.id', 'a.yard_id')
        .select([
          'y.currency',
          'a.id',
          'a.kind',
          'a.detail',
          'a.created_at',
          'a.read_at',
          'a.customer_id',
          'a.order_id',
          'c.first_name',
          'c.last_name',
          'c.company',
          'o.number as order_number',
          'o.title as order_title',
          sql<string>`to_json(a.created_at) #>> '{}'`.as('cursor_at'),
        ])
        .where('a.yard_id', '=', yardId)
        .$if(!!opts.assignedTo, (q) => q.where(technicianScope('a', yardId, opts.assignedTo!)))
        .$if(opts.unread, (q) => q.where('a.read_at', 'is', null))
        .$if(!!opts.cursor, (q) =>
          q
            .where('a.created_at', '<=', sql<Date>`${opts.cursor!.at}::timestamptz`)
            .where((eb) =>
              eb.or([
                eb('a.created_at', '<', sql<Date>`${opts.cursor!.at}::timestamptz`),
                eb('a.id', '<', opts.cursor!.id),
              ]),
            ),
        )
        .orderBy('a.created_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(opts.take)
        .execute(),

    unreadCount: async (yardId: string, assignedTo?: string) =>
      Number(
        (
          await sql<{ n: number }>`
            SELECT count(*) AS n FROM (
              SELECT 1 FROM yard_activity WHERE yard_id = ${yardId} AND read_at IS NULL
                ${assignedTo ? sql`AND ${technicianScope('yard_activity', yardId, assignedTo)}` : sql``}
              LIMIT ${UNREAD_CAP}
            ) u`.execute(db)
        ).rows[0]?.n ?? 0,
      ),

    /** Marks one item read; undefined when the yard has no such item. */
    markRead: (yardId: string, id: string, staffId: string, at: Date, assignedTo?: string) =>
      db
        .updateTable('yard_activity')
        .set((eb) => ({
          read_at: eb.fn.coalesce('read_at', sql<Date>`${at}`),
          read_by: eb.fn.coalesce('read_by', sql<string>`${staffId}::uuid`),
        }))
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .$if(!!assignedTo, (q) => q.where(technicianScope('yard_activity', yardId, assignedTo!)))
        .returning('id')
        .executeTakeFirst(),

    markAllRead: async (yardId: string, staffId: string, at: Date, assignedTo?: string) =>
      Number(
        (
          await db
            .updateTable('yard_activity')
            .set({ read_at: at, read_by: staffId })
            .where('yard_id', '=', yardId)
            .where('read_at', 'is', null)
            .$if(!!assignedTo, (q) => q.where(technicianScope('yard_activity', yardId, assignedTo!)))
            .executeTakeFirst()
        ).numUpdatedRows,
      ),
  };
}
