import type { Kysely } from 'kysely';
import type { DB, OrderStatus } from '../../db/schema.js';

/** Orders, their status history, estimates' answers and staff's order list; always scoped by yard. */
export function ordersRepo(db: Kysely<DB>) {
  return {
    /** Locks the order for the rest of the transaction, so status changes queue up here. */
    lockOrder: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('orders')
        .select(['id', 'status', 'customer_id', 'number', 'title'])
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .forUpdate()
        .executeTakeFirst(),

    async setStatus(
      trx: Kysely<DB>,
      change: {
        yardId: string;
        orderId: string;
        from: OrderStatus;
        to: OrderStatus;
        at: Date;
        staffId?: string | null;
        accountId?: string | null;
        note?: string | null;
      },
    ) {
      if (change.from === change.to) return;
      await trx
        .updateTable('orders')
        .set({ status: change.to, updated_at: change.at })
        .where('yard_id', '=', change.yardId)
        .where('id', '=', change.orderId)
        .execute();
      await trx
        .insertInto('order_status_history')
        .values({
          yard_id: change.yardId,
          order_id: change.orderId,
          from_status: change.from,
          to_status: change.to,
          changed_at: change.at,
          actor_staff_id: change.staffId ?? null,
          actor_account_id: change.accountId ?? null,
          note: change.note ?? null,
        })
        .execute();
    },

    history: (yardId: string, orderId: string) =>
      db
        .selectFrom('order_status_history')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .orderBy('changed_at')
        .execute(),

    boatOfOrder: (yardId: string, orderId: string) =>
      db
        .selectFrom('boats')
        .innerJoin('orders', 'orders.boat_id', 'boats.id')
        .selectAll('boats')
        .where('orders.yard_id', '=', yardId)
        .where('orders.id', '=', orderId)
        .executeTakeFirst(),

    acceptances: (yardId: string, estimateIds: string[]) =>
      estimateIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('estimate_acceptances')
            .select(['estimate_id', 'accepted_at', 'subtotal_cents', 'tax_cents', 'total_cents'])
            .where('yard_id', '=', yardId)
            .where('estimate_id', 'in', estimateIds)
            .execute(),

    /** An estimate of this customer at this yard (any other customer's or yard's: undefined). */
    findEstimate: (trx: Kysely<DB>, yardId: string, customerId: string, estimateId: string) =>
      trx
        .selectFrom('estimates')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('id', '=', estimateId)
        .where('status', '!=', 'draft')
        .executeTakeFirst(),

    /**
     * The answer to an estimate, as one conditional update: only while it is sent, not
     * changed since, and still valid. Of any number of concurrent answers exactly one
     * matches; the others see the row already answered once the winner commits.
     */
    answerEstimate: (
      trx: Kysely<DB>,
      a: {
        yardId: string;
        customerId: string;
        estimateId: string;
        status: 'accepted' | 'declined';
        at: Date;
        today: string;
        reason?: string | null;
      },
    ) =>
      trx
        .updateTable('estimates')
        .set({ status: a.status, responded_at: a.at, decline_reason: a.reason ?? null })
        .where('yard_id', '=', a.yardId)
        .where('customer_id', '=', a.customerId)
        .where('id', '=', a.estimateId)
        .where('status', '=', 'sent')
        .where('changed_since_sent', '=', false)
        .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', a.today)]))
        .returningAll()
        .executeTakeFirst(),

    insertAcceptance: (
      trx: Kysely<DB>,
      a: {
        yardId: string;
        estimateId: string;
        customerId: string;
        accountId: string;
        at: Date;
        ip: string | null;
        revision: number;
        subtotalCents: number;
        taxCents: number;
        totalCents: number;
        lineItems: unknown[];
        signerName: string;
        signaturePath: string;
        userAgent: string | null;
      },
    ) =>
      trx
        .insertInto('estimate_acceptances')
        .values({
          yard_id: a.yardId,
          estimate_id: a.estimateId,
          customer_id: a.customerId,
          account_id: a.accountId,
          accepted_at: a.at,
          ip: a.ip,
          revision: a.revision,
          subtotal_cents: a.subtotalCents,
          tax_cents: a.taxCents,
          total_cents: a.totalCents,
          line_items: JSON.stringify(a.lineItems),
          signer_name: a.signerName,
          signature_path: a.signaturePath,
          user_agent: a.userAgent,
        })
        .execute(),

    estimateLineItems: (trx: Kysely<DB>, yardId: string, estimateId: string) =>
      trx
        .selectFrom('line_items')
        .select(['position', 'kind', 'description', 'quantity', 'unit_price_cents', 'total_cents'])
        .where('yard_id', '=', yardId)
        .where('estimate_id', '=', estimateId)
        .orderBy('position')
        .execute(),

    /** What an "estimate ready" or "invoice ready" email says, read when the job runs. */
    forDocumentEmail: (yardId: string, kind: 'estimate' | 'invoice', id: string) => {
      const table = kind === 'estimate' ? 'estimates' : 'invoices';
      return db
        .selectFrom(table)
        .innerJoin('customers', 'customers.id', `${table}.customer_id`)
        .innerJoin('yards', 'yards.id', `${table}.yard_id`)
        .select([
          `${table}.number as number`,
          `${table}.order_id as order_id`,
          `${table}.total_cents as total_cents`,
          ...(kind === 'estimate' ? (['estimates.version as version'] as const) : []),
          'customers.id as customer_id',
          'customers.first_name',
          'customers.email',
          'yards.slug',
          'yards.name',
          'yards.email as yard_email',
          'yards.currency as yard_currency',
        ])
        .where(`${table}.yard_id`, '=', yardId)
        .where(`${table}.id`, '=', id)
        .executeTakeFirst();
    },

    invoiceBalance: (yardId: string, invoiceId: string) =>
      db
        .selectFrom('invoices')
        .select(['paid_cents', 'credited_cents', 'due_on'])
        .where('yard_id', '=', yardId)
        .where('id', '=', invoiceId)
        .executeTakeFirstOrThrow(),
  };
}

export type OrdersRepo = ReturnType<typeof ordersRepo>;
