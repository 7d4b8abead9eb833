import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Something a portal route acts on, named by its id; the boat it is on decides its scope. */
export type ScopeTarget =
  | { orderId: string }
  | { estimateId: string }
  | { invoiceId: string }
  | { paymentId: string }
  | { boatId: string };

/**
 * The boat a record of the customer is on: the boat's id, null when the order has no boat,
 * undefined when the record is not the customer's (or not of the yard).
 */
export function portalScopeRepo(db: Kysely<DB>) {
  const orders = (yardId: string, customerId: string) =>
    db.selectFrom('orders as o').where('o.yard_id', '=', yardId).where('o.customer_id', '=', customerId);

  return {
    async boatOf(
      yardId: string,
      customerId: string,
      target: ScopeTarget,
    ): Promise<string | null | undefined> {
      if ('boatId' in target) {
        const boat = await db
          .selectFrom('boats')
          .select('id')
          .where('yard_id', '=', yardId)
          .where('customer_id', '=', customerId)
          .where('id', '=', target.boatId)
          .executeTakeFirst();
        return boat?.id;
      }
      let q = orders(yardId, customerId).select('o.boat_id');
      if ('orderId' in target) q = q.where('o.id', '=', target.orderId);
      else if ('estimateId' in target)
        q = q.innerJoin('estimates as e', 'e.order_id', 'o.id').where('e.id', '=', target.estimateId);
      else if ('invoiceId' in target)
        q = q.innerJoin('invoices as i', 'i.order_id', 'o.id').where('i.id', '=', target.invoiceId);
      else
        q = q
          .innerJoin('invoices as i', 'i.order_id', 'o.id')
          .innerJoin('payments as p', 'p.invoice_id', 'i.id')
          .where('p.id', '=', target.paymentId);
      const row = await q.executeTakeFirst();
      return row ? row.boat_id : undefined;
    },

    /** Whose an order of the yard is and the boat it is on (undefined: no such order here). */
    holderOfOrder: (yardId: string, orderId: string) =>
      db
        .selectFrom('orders')
        .select(['customer_id', 'boat_id'])
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .executeTakeFirst(),
  };
}
