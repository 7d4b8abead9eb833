import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What a technician's route names by its path parameter (docs/yards.md, "Technicians"). */
export type ScopedRecord = 'order' | 'customer' | 'boat' | 'estimate' | 'invoice' | 'payment';

/**
 * Orders' assignees, and what a technician reaches through them: the orders assigned to
 * them and the customers and boats on those. Every query names the yard.
 */
export function assignmentRepo(db: Kysely<DB>) {
  /** The orders this technician may look at: assigned to them, in their yard. */
  const assigned = (yardId: string, staffId: string) =>
    db.selectFrom('orders').where('orders.yard_id', '=', yardId).where('orders.assigned_to', '=', staffId);

  return {
    /** The yard's staff who can be assigned an order: not deactivated, in name order. */
    activeStaff: (yardId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('staff_users')
        .select(['id', 'name', 'role'])
        .where('yard_id', '=', yardId)
        .where('deactivated_at', 'is', null)
        .orderBy('name')
        .orderBy('id')
        .execute(),

    isActiveStaff: async (trx: Kysely<DB>, yardId: string, staffId: string) =>
      (await trx
        .selectFrom('staff_users')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('id', '=', staffId)
        .where('deactivated_at', 'is', null)
        .executeTakeFirst()) !== undefined,

    /** The order's assignee, locked with the order for the change. */
    lockAssignee: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('orders')
        .select(['id', 'customer_id', 'assigned_to'])
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .forUpdate()
        .executeTakeFirst(),

    setAssignee: (trx: Kysely<DB>, yardId: string, orderId: string, staffId: string | null, at: Date) =>
      trx
        .updateTable('orders')
        .set({ assigned_to: staffId, updated_at: at })
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .execute(),

    /** The assignee's id and name, for the order page. */
    assigneeOf: (yardId: string, orderId: string) =>
      db
        .selectFrom('orders')
        .innerJoin('staff_users', 'staff_users.id', 'orders.assigned_to')
        .select(['staff_users.id', 'staff_users.name'])
        .where('orders.yard_id', '=', yardId)
        .where('orders.id', '=', orderId)
        .executeTakeFirst(),

    /** Whether the record a path names belongs to an order assigned to this technician. */
    async reaches(kind: ScopedRecord, yardId: string, id: string, staffId: string): Promise<boolean> {
      const mine = assigned(yardId, staffId).select('orders.id');
      let q: { executeTakeFirst(): Promise<unknown> };
      if (kind === 'order') q = mine.where('orders.id', '=', id);
      else if (kind === 'customer') q = mine.where('orders.customer_id', '=', id).limit(1);
      else if (kind === 'boat') q = mine.where('orders.boat_id', '=', id).limit(1);
      else if (kind === 'estimate') {
        q = mine.innerJoin('estimates', 'estimates.order_id', 'orders.id').where('estimates.id', '=', id);
      } else if (kind === 'invoice') {
        q = mine.innerJoin('invoices', 'invoices.order_id', 'orders.id').where('invoices.id', '=', id);
      } else {
        q = mine
          .innerJoin('invoices', 'invoices.order_id', 'orders.id')
          .innerJoin('payments', 'payments.invoice_id', 'invoices.id')
          .where('payments.id', '=', id);
      }
      return (await q.executeTakeFirst()) !== undefined;
    },

    /** The ids of this customer's orders assigned to this technician. */
    /**
     * The customers with an order assigned to this technician, in name order, those whose
     * name, company, email or phone contains the search when there is one (at most `limit`).
     */
    assignedCustomers: (yardId: string, staffId: string, q: string | undefined, limit: number) => {
      let query = db
        .selectFrom('customers')
        .select([
          'customers.id',
          'customers.customer_number',
          'customers.first_name',
          'customers.last_name',
          'customers.company',
          'customers.email',
          'customers.phone',
        ])
        .where('customers.yard_id', '=', yardId)
        .where('customers.id', 'in', assigned(yardId, staffId).select('orders.customer_id'));
      const term = q?.trim().toLowerCase();
      if (term) {
        const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where(
          sql<boolean>`lower(concat_ws(' ', customers.first_name, customers.last_name, customers.company,
            customers.email, customers.phone)) LIKE ${like}`,
        );
      }
      return query
        .orderBy('customers.last_name')
        .orderBy('customers.first_name')
        .orderBy('customers.id')
        .limit(limit)
        .execute();
    },
  };
}

export type AssignmentRepo = ReturnType<typeof assignmentRepo>;
