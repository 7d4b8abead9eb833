import type { Kysely } from 'kysely';
import type { DB, OrderStatus } from '../../db/schema.js';
import type { TaxRates } from './money.js';
import type { PreparedLine } from './order-lines.js';

/** Staff creating and editing orders and their working lines; every query is yard-scoped. */
export function orderLinesRepo(db: Kysely<DB>) {
  return {
    taxRates: async (yardId: string, trx: Kysely<DB> = db): Promise<TaxRates> => {
      const y = await trx
        .selectFrom('yards')
        .select(['tax_labor_bp', 'tax_parts_bp', 'tax_fees_bp'])
        .where('id', '=', yardId)
        .executeTakeFirstOrThrow();
      return { labor: y.tax_labor_bp, parts: y.tax_parts_bp, fees: y.tax_fees_bp };
    },

    customer: (trx: Kysely<DB>, yardId: string, customerId: string) =>
      trx
        .selectFrom('customers')
        .select(['id'])
        .where('yard_id', '=', yardId)
        .where('id', '=', customerId)
        .executeTakeFirst(),

    boat: (trx: Kysely<DB>, yardId: string, boatId: string) =>
      trx
        .selectFrom('boats')
        .select(['id', 'customer_id', 'length_ft', 'archived_at'])
        .where('yard_id', '=', yardId)
        .where('id', '=', boatId)
        .executeTakeFirst(),

    insertOrder: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        customerId: string;
        boatId: string;
        number: number;
        title: string;
        description: string | null;
        scheduledFor: string | null;
        promisedOn: string | null;
        staffId: string;
        status: OrderStatus;
        now: Date;
      },
    ) =>
      trx
        .insertInto('orders')
        .values({
          yard_id: v.yardId,
          customer_id: v.customerId,
          boat_id: v.boatId,
          number: v.number,
          title: v.title,
          description: v.description,
          scheduled_for: v.scheduledFor,
          promised_on: v.promisedOn,
          status: v.status,
          created_by: v.staffId,
          opened_at: v.now,
          updated_at: v.now,
        })
        .returning(['id', 'number', 'status'])
        .executeTakeFirstOrThrow(),

    /** The order's first status, for its history: who opened it, when. */
    recordOpened: (trx: Kysely<DB>, v: { yardId: string; orderId: string; staffId: string; now: Date }) =>
      trx
        .insertInto('order_status_history')
        .values({
          yard_id: v.yardId,
          order_id: v.orderId,
          from_status: null,
          to_status: 'open_estimate',
          changed_at: v.now,
          actor_staff_id: v.staffId,
          note: 'Order opened',
        })
        .execute(),

    /** The order and its boat's length, locked for the rest of the transaction. */
    lockForEdit: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('orders')
        .leftJoin('boats', 'boats.id', 'orders.boat_id')
        .select([
          'orders.id',
          'orders.status',
          'orders.customer_id',
          'orders.title',
          'orders.description',
          'orders.scheduled_for',
          'orders.promised_on',
          'boats.length_ft',
        ])
        .where('orders.yard_id', '=', yardId)
        .where('orders.id', '=', orderId)
        .forUpdate('orders')
        .executeTakeFirst(),

    updateOrder: (
      trx: Kysely<DB>,
      yardId: string,
      orderId: string,
      patch: {
        title?: string;
        description?: string | null;
        scheduled_for?: string | null;
        promised_on?: string | null;
        updated_at: Date;
      },
    ) =>
      trx.updateTable('orders').set(patch).where('yard_id', '=', yardId).where('id', '=', orderId).execute(),

    lines: (yardId: string, orderId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('line_items')
        .select([
          'id',
          'position',
          'kind',
          'description',
          'quantity',
          'unit_price_cents',
          'total_cents',
          'tax_class',
          'optional',
          'note',
          'technician',
          'part_number',
        ])
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .orderBy('position')
        .execute(),

    replaceLines: (trx: Kysely<DB>, yardId: string, orderId: string, lines: readonly PreparedLine[]) =>
      replaceOwnedLines(trx, yardId, { order_id: orderId }, lines),

    setCompletedAt: (trx: Kysely<DB>, yardId: string, orderId: string, at: Date | null) =>
      trx
        .updateTable('orders')
        .set({ completed_at: at })
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .execute(),

    touch: (trx: Kysely<DB>, yardId: string, orderId: string, at: Date) =>
      trx
        .updateTable('orders')
        .set({ updated_at: at })
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .execute(),
  };
}

export type OrderLinesRepo = ReturnType<typeof orderLinesRepo>;

/**
 * Replaces every line of one owner — an order's working lines or an estimate version's
 * copy — numbered from 1 in the order given, in the caller's transaction.
 */
export async function replaceOwnedLines(
  trx: Kysely<DB>,
  yardId: string,
  owner: { order_id: string } | { estimate_id: string },
  lines: readonly (PreparedLine & { sourceLineId?: string | null })[],
) {
  const [column, id] =
    'order_id' in owner
      ? (['order_id', owner.order_id] as const)
      : (['estimate_id', owner.estimate_id] as const);
  await trx.deleteFrom('line_items').where('yard_id', '=', yardId).where(column, '=', id).execute();
  if (lines.length === 0) return;
  await trx
    .insertInto('line_items')
    .values(
      lines.map((l, i) => ({
        yard_id: yardId,
        ...owner,
        position: i + 1,
        kind: l.kind,
        description: l.description,
        quantity: l.quantity,
        unit_price_cents: l.unitPriceCents,
        total_cents: l.totalCents,
        tax_class: l.taxClass,
        optional: l.optional,
        note: l.note,
        technician: l.technician,
        part_number: l.partNumber,
        ...(l.sourceLineId !== undefined ? { source_line_id: l.sourceLineId } : {}),
      })),
    )
    .execute();
}
