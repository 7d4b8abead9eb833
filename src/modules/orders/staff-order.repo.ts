import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What the staff order page reads about one order; every query is yard-scoped. */
export function staffOrderRepo(db: Kysely<DB>) {
  return {
    order: (yardId: string, orderId: string) =>
      db
        .selectFrom('orders')
        .innerJoin('customers', 'customers.id', 'orders.customer_id')
        .select([
          'orders.id',
          'orders.number',
          'orders.title',
          'orders.description',
          'orders.status',
          'orders.opened_at',
          'orders.scheduled_for',
          'orders.promised_on',
          'orders.completed_at',
          'orders.updated_at',
          'orders.boat_id',
          'customers.id as customer_id',
          'customers.first_name',
          'customers.last_name',
          'customers.company',
          'customers.email',
          'customers.phone',
        ])
        .where('orders.yard_id', '=', yardId)
        .where('orders.id', '=', orderId)
        .executeTakeFirst(),

    boat: (yardId: string, boatId: string) =>
      db
        .selectFrom('boats')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', boatId)
        .executeTakeFirst(),

    /** The status history, oldest first, with the staff member's name. */
    history: (yardId: string, orderId: string) =>
      db
        .selectFrom('order_status_history as h')
        .leftJoin('staff_users', 'staff_users.id', 'h.actor_staff_id')
        .select([
          'h.id',
          'h.from_status',
          'h.to_status',
          'h.changed_at',
          'h.actor_account_id',
          'h.actor_staff_id',
          'h.note',
          'staff_users.name as staff_name',
        ])
        .where('h.yard_id', '=', yardId)
        .where('h.order_id', '=', orderId)
        .orderBy('h.changed_at')
        .orderBy('h.id')
        .execute(),

    /**
     * The customer's portal events about this order: those naming its number, and payments
     * naming one of its invoices.
     */
    portalEvents: (yardId: string, customerId: string, orderId: string, orderNumber: number) =>
      db
        .selectFrom('portal_events')
        .leftJoin('staff_users', 'staff_users.id', 'portal_events.actor_staff_id')
        .select([
          'portal_events.id',
          'portal_events.kind',
          'portal_events.detail',
          'portal_events.created_at',
          'staff_users.name as actor_name',
        ])
        .where('portal_events.yard_id', '=', yardId)
        .where('portal_events.customer_id', '=', customerId)
        .where((eb) =>
          eb.or([
            eb(sql<string>`portal_events.detail->>'orderNumber'`, '=', String(orderNumber)),
            eb(
              sql<string>`portal_events.detail->>'invoiceNumber'`,
              'in',
              eb
                .selectFrom('invoices')
                .select(sql<string>`number::text`.as('n'))
                .where('invoices.yard_id', '=', yardId)
                .where('invoices.order_id', '=', orderId),
            ),
          ]),
        )
        .orderBy('portal_events.created_at')
        .limit(200)
        .execute(),

    newestEstimateStatus: async (yardId: string, orderId: string) =>
      (
        await db
          .selectFrom('estimates')
          .select('status')
          .where('yard_id', '=', yardId)
          .where('order_id', '=', orderId)
          .orderBy('created_at', 'desc')
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst()
      )?.status ?? null,
  };
}
