import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** A customer's payments and refunds for their receipts, scoped by yard and customer. */
export function receiptsRepo(db: Kysely<DB>) {
  const payments = (yardId: string, customerId: string) =>
    db
      .selectFrom('payments')
      .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
      .innerJoin('orders', 'orders.id', 'invoices.order_id')
      .select([
        'payments.id',
        'payments.amount_cents',
        'payments.refunded_cents',
        'payments.method',
        'payments.reference',
        'payments.received_at',
        'invoices.id as invoice_id',
        'invoices.number as invoice_number',
        'invoices.status as invoice_status',
        'invoices.total_cents',
        'invoices.paid_cents',
        'invoices.credited_cents',
        'orders.id as order_id',
        'orders.number as order_number',
        'orders.title as order_title',
      ])
      .where('payments.yard_id', '=', yardId)
      .where('payments.customer_id', '=', customerId);

  return {
    yardTimezone: async (yardId: string) =>
      (await db.selectFrom('yards').select('timezone').where('id', '=', yardId).executeTakeFirstOrThrow())
        .timezone,

    /** Every payment of the customer, the newest first (a few hundred at most per customer). */
    customerPayments: (yardId: string, customerId: string) =>
      payments(yardId, customerId).orderBy('payments.received_at', 'desc').orderBy('payments.id').execute(),

    payment: (yardId: string, customerId: string, paymentId: string) =>
      payments(yardId, customerId).where('payments.id', '=', paymentId).executeTakeFirst(),

    /** Money given back to the customer: succeeded refunds only. */
    customerRefunds: (yardId: string, customerId: string, paymentId?: string) => {
      let q = db
        .selectFrom('refunds')
        .innerJoin('payments', 'payments.id', 'refunds.payment_id')
        .select(['refunds.id', 'refunds.payment_id', 'refunds.amount_cents', 'refunds.created_at'])
        .where('refunds.yard_id', '=', yardId)
        .where('payments.customer_id', '=', customerId)
        .where('refunds.status', '=', 'succeeded');
      if (paymentId) q = q.where('refunds.payment_id', '=', paymentId);
      return q.orderBy('refunds.created_at', 'desc').execute();
    },
  };
}
