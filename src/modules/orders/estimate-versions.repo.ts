import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PreparedLine } from './order-lines.js';
import { replaceOwnedLines } from './order-lines.repo.js';

export type EstimateRow = Selectable<DB['estimates']>;
export type LineRow = Selectable<DB['line_items']>;

/** A line as it is copied onto an estimate version. */
export interface LineCopy extends PreparedLine {
  sourceLineId: string | null;
}

/** Estimate versions, their lines and acceptances, read and written for staff and the portal; always scoped by yard. */
export function estimateVersionsRepo(db: Kysely<DB>) {
  return {
    yardTerms: (yardId: string) =>
      db
        .selectFrom('yards')
        .select(['tax_labor_bp', 'tax_parts_bp', 'tax_fees_bp', 'estimate_valid_days'])
        .where('id', '=', yardId)
        .executeTakeFirstOrThrow(),

    /** The order's working lines, in order. */
    orderLines: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('line_items')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .orderBy('position')
        .orderBy('id')
        .execute(),

    order: (yardId: string, orderId: string) =>
      db
        .selectFrom('orders')
        .select(['id', 'customer_id', 'number', 'status'])
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .executeTakeFirst(),

    /** An estimate of the yard, locked for the rest of the transaction. */
    lock: (trx: Kysely<DB>, yardId: string, estimateId: string) =>
      trx
        .selectFrom('estimates')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', estimateId)
        .forUpdate()
        .executeTakeFirst(),

    find: (yardId: string, estimateId: string) =>
      db
        .selectFrom('estimates')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', estimateId)
        .executeTakeFirst(),

    /** Every version carrying this number, newest first. */
    versionsOf: (trx: Kysely<DB>, yardId: string, number: number) =>
      trx
        .selectFrom('estimates')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('number', '=', number)
        .orderBy('version', 'desc')
        .execute(),

    /** The order's newest estimate version that is not superseded, for "send estimate" on an order. */
    newestOfOrder: (yardId: string, orderId: string) =>
      db
        .selectFrom('estimates')
        .select(['id'])
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .where('status', '!=', 'superseded')
        .orderBy('created_at', 'desc')
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst(),

    draftOfOrder: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('estimates')
        .select(['id', 'number', 'version'])
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .where('status', '=', 'draft')
        .executeTakeFirst(),

    insert: (trx: Kysely<DB>, e: Insertable<DB['estimates']>) =>
      trx.insertInto('estimates').values(e).returningAll().executeTakeFirstOrThrow(),

    replaceLines: (trx: Kysely<DB>, yardId: string, estimateId: string, lines: LineCopy[]) =>
      replaceOwnedLines(trx, yardId, { estimate_id: estimateId }, lines),

    updateDraft: (
      trx: Kysely<DB>,
      estimateId: string,
      set: Partial<
        Pick<
          EstimateRow,
          | 'subtotal_cents'
          | 'tax_cents'
          | 'total_cents'
          | 'valid_until'
          | 'message'
          | 'tax_labor_bp'
          | 'tax_parts_bp'
          | 'tax_fees_bp'
        >
      >,
    ) =>
      trx
        .updateTable('estimates')
        .set(set)
        .where('id', '=', estimateId)
        .where('status', '=', 'draft')
        .returningAll()
        .executeTakeFirst(),

    /** Sent (or sent again): open for an answer; the first sending date is kept. */
    markSent: (trx: Kysely<DB>, estimateId: string, at: Date) =>
      trx
        .updateTable('estimates')
        .set((eb) => ({
          status: 'sent',
          sent_at: eb.fn.coalesce('sent_at', eb.val(at)),
          changed_since_sent: false,
        }))
        .where('id', '=', estimateId)
        .execute(),

    /** The versions a newly sent one replaces stop being answerable; they stay readable. */
    supersedeOlder: (trx: Kysely<DB>, yardId: string, number: number, version: number) =>
      trx
        .updateTable('estimates')
        .set({ status: 'superseded' })
        .where('yard_id', '=', yardId)
        .where('number', '=', number)
        .where('version', '<', version)
        .where('status', 'in', ['sent', 'accepted', 'declined', 'expired'])
        .execute(),

    ofOrder: (yardId: string, orderId: string) =>
      db
        .selectFrom('estimates')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .orderBy('created_at', 'desc')
        .orderBy('version', 'desc')
        .execute(),

    lines: (yardId: string, estimateIds: string[]) =>
      estimateIds.length === 0
        ? Promise.resolve([] as LineRow[])
        : db
            .selectFrom('line_items')
            .selectAll()
            .where('yard_id', '=', yardId)
            .where('estimate_id', 'in', estimateIds)
            .orderBy('position')
            .execute(),

    linesOfEstimate: (trx: Kysely<DB>, yardId: string, estimateId: string) =>
      trx
        .selectFrom('line_items')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('estimate_id', '=', estimateId)
        .orderBy('position')
        .execute(),

    acceptances: (yardId: string, estimateIds: string[]) =>
      estimateIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('estimate_acceptances')
            .selectAll()
            .where('yard_id', '=', yardId)
            .where('estimate_id', 'in', estimateIds)
            .execute(),

    /** Everything an estimate's PDF shows, for staff (any customer of the yard) or one customer. */
    forPdf: (yardId: string, estimateId: string, customerId?: string) =>
      db
        .selectFrom('estimates')
        .innerJoin('yards', 'yards.id', 'estimates.yard_id')
        .innerJoin('customers', 'customers.id', 'estimates.customer_id')
        .innerJoin('orders', 'orders.id', 'estimates.order_id')
        .leftJoin('boats', 'boats.id', 'orders.boat_id')
        .selectAll('estimates')
        .select([
          'yards.name as yard_name',
          'yards.address as yard_address',
          'yards.phone as yard_phone',
          'yards.email as yard_email',
          'yards.currency as yard_currency',
          'yards.timezone as yard_timezone',
          'customers.first_name',
          'customers.last_name',
          'customers.company',
          'customers.email as customer_email',
          'customers.phone as customer_phone',
          'customers.street',
          'customers.city',
          'customers.state',
          'customers.postal_code',
          'orders.number as order_number',
          'boats.name as boat_name',
          'boats.make as boat_make',
          'boats.model as boat_model',
          'boats.year as boat_year',
          'boats.length_ft as boat_length_ft',
        ])
        .where('estimates.yard_id', '=', yardId)
        .where('estimates.id', '=', estimateId)
        .$if(customerId !== undefined, (q) =>
          q.where('estimates.customer_id', '=', customerId!).where('estimates.status', '!=', 'draft'),
        )
        .executeTakeFirst(),
  };
}

export type EstimateVersionsRepo = ReturnType<typeof estimateVersionsRepo>;
