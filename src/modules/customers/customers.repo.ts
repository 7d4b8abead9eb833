import { type Kysely, sql } from 'kysely';
import { runPrepared, runPreparedFirst } from '../../db/prepared.js';
import type { CustomersTable, DB, OrderStatus } from '../../db/schema.js';

type CustomerPatch = Partial<
  Pick<
    CustomersTable,
    | 'first_name'
    | 'last_name'
    | 'company'
    | 'email'
    | 'phone'
    | 'phone_e164'
    | 'phone_digits'
    | 'street'
    | 'city'
    | 'state'
    | 'postal_code'
  >
>;

/** Narrows a customer's records to one order, one boat or one order status. */
export interface RecordFilter {
  orderId?: string;
  boatId?: string;
  status?: OrderStatus;
}

/** Every query here is scoped by yard: a customer of another yard is simply not found. */
export function customersRepo(db: Kysely<DB>) {
  return {
    findById: (yardId: string, id: string, trx: Kysely<DB> = db) =>
      runPreparedFirst(
        trx,
        trx.selectFrom('customers').selectAll().where('yard_id', '=', yardId).where('id', '=', id),
      ),

    /** The first customer with an email address in the dashboard's list order (last name, first name). */
    firstWithEmail: (yardId: string) =>
      db
        .selectFrom('customers')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('email', 'is not', null)
        .where('email', '!=', '')
        .orderBy('sort_name')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst(),

    /** Locks the customer row for the rest of the transaction: invites for one customer queue up here. */
    lockById: (trx: Kysely<DB>, yardId: string, id: string) =>
      trx
        .selectFrom('customers')
        .select(['id', 'email', 'first_name', 'last_name', 'archived_at'])
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    update: (trx: Kysely<DB>, yardId: string, id: string, patch: CustomerPatch, now: Date) =>
      trx
        .updateTable('customers')
        .set({ ...patch, updated_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),

    boats: (yardId: string, customerId: string) =>
      runPrepared(
        db,
        db
          .selectFrom('boats')
          .selectAll()
          .where('yard_id', '=', yardId)
          .where('customer_id', '=', customerId)
          .orderBy('name'),
      ),

    // A customer's records are what the portal and the profile read on every visit: prepared
    // statements (src/db/prepared.ts), one per filter combination.
    orders: (yardId: string, customerId: string, filter: RecordFilter = {}) =>
      runPrepared(
        db,
        db
          .selectFrom('orders')
          .leftJoin('boats', 'boats.id', 'orders.boat_id')
          .select([
            'orders.id',
            'orders.number',
            'orders.title',
            'orders.status',
            'orders.opened_at',
            'orders.scheduled_for',
            'orders.completed_at',
            'orders.boat_id',
            'orders.description',
            'boats.name as boat_name',
          ])
          .select((eb) => [
            eb
              .selectFrom('invoices')
              .select((e) => e.fn.coalesce(e.fn.sum<number>('invoices.total_cents'), e.lit(0)).as('t'))
              .whereRef('invoices.order_id', '=', 'orders.id')
              .where('invoices.status', '!=', 'void')
              .as('invoiced_cents'),
            eb
              .selectFrom('estimates')
              .select('estimates.total_cents')
              .whereRef('estimates.order_id', '=', 'orders.id')
              // A draft is the yard's until sent; a superseded version no longer counts.
              .where('estimates.status', 'not in', ['draft', 'superseded'])
              .orderBy('estimates.created_at', 'desc')
              .limit(1)
              .as('estimate_cents'),
          ])
          .where('orders.yard_id', '=', yardId)
          .where('orders.customer_id', '=', customerId)
          .$if(!!filter.orderId, (q) => q.where('orders.id', '=', filter.orderId!))
          .$if(!!filter.boatId, (q) => q.where('orders.boat_id', '=', filter.boatId!))
          .$if(!!filter.status, (q) => q.where('orders.status', '=', filter.status!))
          .orderBy('orders.opened_at', 'desc'),
      ),

    estimates: (yardId: string, customerId: string, filter: RecordFilter = {}) =>
      runPrepared(
        db,
        db
          .selectFrom('estimates')
          .innerJoin('orders', 'orders.id', 'estimates.order_id')
          .selectAll('estimates')
          .select('orders.number as order_number')
          .where('estimates.yard_id', '=', yardId)
          .where('estimates.customer_id', '=', customerId)
          .where('estimates.status', '!=', 'draft')
          .$if(!!filter.orderId, (q) => q.where('estimates.order_id', '=', filter.orderId!))
          .orderBy('estimates.created_at', 'desc'),
      ),

    invoices: (yardId: string, customerId: string, filter: RecordFilter = {}) =>
      runPrepared(
        db,
        db
          .selectFrom('invoices')
          .innerJoin('orders', 'orders.id', 'invoices.order_id')
          .selectAll('invoices')
          .select('orders.number as order_number')
          .where('invoices.yard_id', '=', yardId)
          .where('invoices.customer_id', '=', customerId)
          .where('invoices.status', '!=', 'draft')
          .$if(!!filter.orderId, (q) => q.where('invoices.order_id', '=', filter.orderId!))
          .orderBy('invoices.created_at', 'desc'),
      ),

    lineItems: (yardId: string, ids: { estimateIds: string[]; invoiceIds: string[] }) => {
      if (ids.estimateIds.length === 0 && ids.invoiceIds.length === 0) return Promise.resolve([]);
      // Arrays, not IN lists: one statement text whatever the number of documents.
      return runPrepared(
        db,
        db
          .selectFrom('line_items')
          .selectAll()
          .where('yard_id', '=', yardId)
          .where((eb) =>
            eb.or([
              eb('estimate_id', '=', sql<string>`any(${ids.estimateIds}::uuid[])`),
              eb('invoice_id', '=', sql<string>`any(${ids.invoiceIds}::uuid[])`),
            ]),
          )
          .orderBy('position'),
      );
    },

    payments: (yardId: string, customerId: string, filter: RecordFilter = {}) =>
      runPrepared(
        db,
        db
          .selectFrom('payments')
          .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
          .select([
            'payments.id',
            'payments.amount_cents',
            'payments.method',
            'payments.received_at',
            'invoices.number as invoice_number',
          ])
          .where('payments.yard_id', '=', yardId)
          .where('payments.customer_id', '=', customerId)
          .$if(!!filter.orderId, (q) => q.where('invoices.order_id', '=', filter.orderId!))
          .orderBy('payments.received_at', 'desc'),
      ),

    /** Of these customers: who has a portal account, and who has an invite queued or sent. */
    portalStates: async (yardId: string, ids: string[]) => {
      const [accounts, invited] = await Promise.all([
        db
          .selectFrom('portal_accounts')
          .select('customer_id')
          .where('yard_id', '=', yardId)
          .where('customer_id', 'in', ids)
          .execute(),
        db
          .selectFrom('invites')
          .select('customer_id')
          .where('yard_id', '=', yardId)
          .where('customer_id', 'in', ids)
          .where('status', 'in', ['queued', 'sent'])
          .execute(),
      ]);
      return { inPortal: accounts.map((a) => a.customer_id), invited: invited.map((i) => i.customer_id) };
    },
  };
}

export type CustomersRepo = ReturnType<typeof customersRepo>;
