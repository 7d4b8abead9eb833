import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RecentCursor } from '../orders/recent-cursor.js';
import type { AuditEntry } from './audit.repo.js';

export interface AuditFilter {
  entity?: AuditEntry['entity'];
  action?: string;
  staffId?: string;
  customerId?: string;
  orderId?: string;
  /** Days in the yard's time zone, both included. */
  from?: string;
  to?: string;
}

/**
 * Reading the audit log, always within one yard, newest first, a page at a time (keyset on
 * (at, id)). A customer's rows include those of the customers merged into it.
 */
export function auditReadRepo(db: Kysely<DB>) {
  return {
    timezone: async (yardId: string) =>
      (await db.selectFrom('yards').select('timezone').where('id', '=', yardId).executeTakeFirst())
        ?.timezone ?? 'UTC',

    page: (yardId: string, f: AuditFilter, cursor: RecentCursor | null, take: number) =>
      db
        .selectFrom('audit_log as a')
        .leftJoin('customers as c', 'c.id', 'a.customer_id')
        .leftJoin('orders as o', 'o.id', 'a.order_id')
        .select([
          'a.id',
          'a.at',
          'a.actor_kind',
          'a.actor_staff_id',
          'a.actor_account_id',
          'a.actor_name',
          'a.ip',
          'a.entity',
          'a.entity_id',
          'a.action',
          'a.changes',
          'a.customer_id',
          'a.order_id',
          'c.first_name',
          'c.last_name',
          'c.company',
          'o.number as order_number',
          sql<string>`to_json(a.at) #>> '{}'`.as('cursor_at'),
        ])
        .where('a.yard_id', '=', yardId)
        .$if(!!f.entity, (q) => q.where('a.entity', '=', f.entity!))
        .$if(!!f.action, (q) => q.where('a.action', '=', f.action!))
        .$if(!!f.staffId, (q) => q.where('a.actor_staff_id', '=', f.staffId!))
        .$if(!!f.orderId, (q) => q.where('a.order_id', '=', f.orderId!))
        .$if(!!f.customerId, (q) =>
          q.where(
            'a.customer_id',
            'in',
            sql<string>`(WITH RECURSIVE merged(id) AS (
              SELECT id FROM customers WHERE yard_id = ${yardId} AND id = ${f.customerId!}
              UNION SELECT c2.id FROM customers c2 JOIN merged m ON c2.merged_into = m.id
              WHERE c2.yard_id = ${yardId}
            ) SELECT id FROM merged)`,
          ),
        )
        .$if(!!f.from, (q) =>
          q.where(
            'a.at',
            '>=',
            sql<Date>`(${f.from!}::date)::timestamp AT TIME ZONE (SELECT timezone FROM yards WHERE id = ${yardId})`,
          ),
        )
        .$if(!!f.to, (q) =>
          q.where(
            'a.at',
            '<',
            sql<Date>`(${f.to!}::date + 1)::timestamp AT TIME ZONE (SELECT timezone FROM yards WHERE id = ${yardId})`,
          ),
        )
        .$if(!!cursor, (q) =>
          q
            .where('a.at', '<=', sql<Date>`${cursor!.at}::timestamptz`)
            .where((eb) =>
              eb.or([eb('a.at', '<', sql<Date>`${cursor!.at}::timestamptz`), eb('a.id', '<', cursor!.id)]),
            ),
        )
        .orderBy('a.at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(take)
        .execute(),
  };
}

export type AuditRow = Awaited<ReturnType<ReturnType<typeof auditReadRepo>['page']>>[number];
