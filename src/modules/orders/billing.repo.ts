import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Reads of an order's billing for staff's card, the PDFs and the mail worker, and the
 * refund rows; every query by yard (or by an id the queue handed over).
 */
export function billingRepo(db: Kysely<DB>) {
  return {
    /** Everything staff see of an order's billing. */
    orderInvoices: (yardId: string, orderId: string) =>
      db
        .selectFrom('invoices')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .orderBy('number')
        .orderBy('created_at')
        .execute(),

    orderPayments: (yardId: string, orderId: string) =>
      db
        .selectFrom('payments')
        .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
        .leftJoin('staff_users', 'staff_users.id', 'payments.recorded_by')
        .selectAll('payments')
        .select(['invoices.number as invoice_number', 'staff_users.name as recorded_by_name'])
        .where('payments.yard_id', '=', yardId)
        .where('invoices.order_id', '=', orderId)
        .orderBy('payments.received_at')
        .execute(),

    orderRefunds: (yardId: string, orderId: string) =>
      db
        .selectFrom('refunds')
        .innerJoin('invoices', 'invoices.id', 'refunds.invoice_id')
        .leftJoin('staff_users', 'staff_users.id', 'refunds.recorded_by')
        .selectAll('refunds')
        .select(['staff_users.name as recorded_by_name'])
        .where('refunds.yard_id', '=', yardId)
        .where('invoices.order_id', '=', orderId)
        // Money given back: a refund still with the provider, or refused by it, is not.
        .where('refunds.status', '=', 'succeeded')
        .orderBy('refunds.created_at')
        .execute(),

    acceptedEstimate: (yardId: string, orderId: string) =>
      db
        .selectFrom('estimates')
        .innerJoin('estimate_acceptances', 'estimate_acceptances.estimate_id', 'estimates.id')
        .select(['estimates.id', 'estimates.number', 'estimate_acceptances.total_cents'])
        .where('estimates.yard_id', '=', yardId)
        .where('estimates.order_id', '=', orderId)
        .where('estimates.status', '=', 'accepted')
        .orderBy('estimate_acceptances.accepted_at', 'desc')
        .limit(1)
        .executeTakeFirst(),

    /** A payment of this yard with its invoice's order and the online charge's reference. */
    findPayment: (trx: Kysely<DB>, yardId: string, paymentId: string) =>
      trx
        .selectFrom('payments')
        .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
        .leftJoin('payment_attempts', 'payment_attempts.id', 'payments.attempt_id')
        .selectAll('payments')
        .select(['invoices.order_id', 'invoices.number as invoice_number', 'payment_attempts.provider_ref'])
        .where('payments.yard_id', '=', yardId)
        .where('payments.id', '=', paymentId)
        .executeTakeFirst(),

    /** Who and what a document names: the yard, the order's customer and boat, and the tax rates. */
    documentParties: (yardId: string, orderId: string) =>
      db
        .selectFrom('orders')
        .innerJoin('yards', 'yards.id', 'orders.yard_id')
        .innerJoin('customers', 'customers.id', 'orders.customer_id')
        .leftJoin('boats', 'boats.id', 'orders.boat_id')
        .select([
          'orders.number as order_number',
          'yards.name as yard_name',
          'yards.address as yard_address',
          'yards.phone as yard_phone',
          'yards.email as yard_email',
          'yards.slug as yard_slug',
          'yards.currency as yard_currency',
          'yards.timezone as yard_timezone',
          'yards.tax_labor_bp',
          'yards.tax_parts_bp',
          'yards.tax_fees_bp',
          'customers.first_name',
          'customers.last_name',
          'customers.company',
          'customers.email',
          'customers.phone',
          'customers.street',
          'customers.city',
          'customers.state',
          'customers.postal_code',
          'boats.name as boat_name',
          'boats.make',
          'boats.model',
          'boats.year',
          'boats.length_ft',
        ])
        .where('orders.yard_id', '=', yardId)
        .where('orders.id', '=', orderId)
        .executeTakeFirst(),

    /** The tax rates an estimate was priced with. */
    estimateRates: (estimateId: string) =>
      db
        .selectFrom('estimates')
        .select(['tax_labor_bp', 'tax_parts_bp', 'tax_fees_bp'])
        .where('id', '=', estimateId)
        .executeTakeFirst(),

    paymentYard: (paymentId: string) =>
      db.selectFrom('payments').select('yard_id').where('id', '=', paymentId).executeTakeFirst(),

    /** A refund with its payment, for the refund email. */
    findRefund: (refundId: string) =>
      db
        .selectFrom('refunds')
        .innerJoin('payments', 'payments.id', 'refunds.payment_id')
        .select([
          'refunds.id',
          'refunds.yard_id',
          'refunds.payment_id',
          'refunds.amount_cents',
          'refunds.reason',
        ])
        .select(['refunds.created_at', 'payments.method', 'payments.reference'])
        .where('refunds.id', '=', refundId)
        .executeTakeFirst(),
  };
}

export type BillingRepo = ReturnType<typeof billingRepo>;
