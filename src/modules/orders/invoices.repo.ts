// Longer than most files on purpose: every query of an invoice and its lines in one place,
// each scoped by yard, beside the conditional updates that keep paid and credited within the total.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { InvoiceKind, LineKind, TaxClass } from '../../shared/api-types.js';

export interface InvoiceLineRow {
  position: number;
  kind: LineKind;
  description: string;
  quantity: string;
  unit_price_cents: number;
  total_cents: number;
  tax_class: TaxClass;
  technician?: string | null;
  part_number?: string | null;
  note?: string | null;
}

/** Staff's invoices of an order, their lines, counter payments and refunds; every query scoped by yard. */
export function invoicesRepo(db: Kysely<DB>) {
  return {
    yardBilling: (yardId: string) =>
      db
        .selectFrom('yards')
        .select(['tax_labor_bp', 'tax_parts_bp', 'tax_fees_bp', 'invoice_due_days', 'invoice_terms'])
        .where('id', '=', yardId)
        .executeTakeFirstOrThrow(),

    /** The order's working lines. */
    orderLines: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('line_items')
        .select([
          'position',
          'kind',
          'description',
          'quantity',
          'unit_price_cents',
          'total_cents',
          'tax_class',
        ])
        .select(['technician', 'part_number', 'note'])
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .orderBy('position')
        .execute(),

    /** An estimate of the order with its acceptance snapshot (null when not accepted). */
    estimateWithAcceptance: (trx: Kysely<DB>, yardId: string, orderId: string, estimateId: string) =>
      trx
        .selectFrom('estimates')
        .leftJoin('estimate_acceptances', 'estimate_acceptances.estimate_id', 'estimates.id')
        .select([
          'estimates.id',
          'estimates.number',
          'estimates.status',
          'estimates.total_cents',
          'estimates.tax_labor_bp',
          'estimates.tax_parts_bp',
          'estimates.tax_fees_bp',
          'estimate_acceptances.line_items as snapshot',
          'estimate_acceptances.total_cents as accepted_total_cents',
        ])
        .where('estimates.yard_id', '=', yardId)
        .where('estimates.order_id', '=', orderId)
        .where('estimates.id', '=', estimateId)
        .executeTakeFirst(),

    /** The estimate a deposit is a percent of: the newest accepted one, else the newest sent or draft. */
    depositBase: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('estimates')
        .leftJoin('estimate_acceptances', 'estimate_acceptances.estimate_id', 'estimates.id')
        .select([
          'estimates.id',
          'estimates.number',
          'estimates.total_cents',
          'estimate_acceptances.total_cents as accepted_total_cents',
        ])
        .where('estimates.yard_id', '=', yardId)
        .where('estimates.order_id', '=', orderId)
        .where('estimates.status', '!=', 'superseded')
        .orderBy(sql`estimate_acceptances.id is null`)
        .orderBy('estimates.created_at', 'desc')
        .limit(1)
        .executeTakeFirst(),

    /** Deposit invoices of the order not voided, to deduct on the final invoice. */
    depositInvoices: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('invoices')
        .select(['id', 'number', 'total_cents'])
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .where('kind', '=', 'deposit')
        .where('status', '!=', 'void')
        .orderBy('number')
        .execute(),

    /** The deposit lines already on the order's invoices that are not void (their descriptions). */
    async deductedDeposits(trx: Kysely<DB>, yardId: string, orderId: string) {
      const rows = await trx
        .selectFrom('line_items')
        .innerJoin('invoices', 'invoices.id', 'line_items.invoice_id')
        .select('line_items.description')
        .where('invoices.yard_id', '=', yardId)
        .where('invoices.order_id', '=', orderId)
        .where('invoices.kind', '=', 'standard')
        .where('invoices.status', '!=', 'void')
        .where('line_items.kind', '=', 'deposit')
        .execute();
      return new Set(rows.map((r) => r.description));
    },

    insertInvoice: (
      trx: Kysely<DB>,
      i: {
        yardId: string;
        orderId: string;
        customerId: string;
        number: number;
        kind: InvoiceKind;
        status?: 'draft' | 'paid';
        subtotalCents: number;
        taxCents: number;
        totalCents: number;
        creditedCents?: number;
        depositCents: number | null;
        dueOn: string | null;
        terms: string | null;
        estimateId?: string | null;
        replacesInvoiceId?: string | null;
        correctsInvoiceId?: string | null;
        issuedAt?: Date | null;
        createdBy: string;
        at: Date;
      },
    ) =>
      trx
        .insertInto('invoices')
        .values({
          yard_id: i.yardId,
          order_id: i.orderId,
          customer_id: i.customerId,
          number: i.number,
          kind: i.kind,
          status: i.status ?? 'draft',
          subtotal_cents: i.subtotalCents,
          tax_cents: i.taxCents,
          total_cents: i.totalCents,
          credited_cents: i.creditedCents ?? 0,
          deposit_cents: i.depositCents,
          due_on: i.dueOn,
          terms: i.terms,
          estimate_id: i.estimateId ?? null,
          replaces_invoice_id: i.replacesInvoiceId ?? null,
          corrects_invoice_id: i.correctsInvoiceId ?? null,
          issued_at: i.issuedAt ?? null,
          created_by: i.createdBy,
          created_at: i.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),

    insertLines: async (trx: Kysely<DB>, yardId: string, invoiceId: string, lines: InvoiceLineRow[]) => {
      if (lines.length === 0) return;
      await trx
        .insertInto('line_items')
        .values(
          lines.map((l) => ({
            yard_id: yardId,
            invoice_id: invoiceId,
            position: l.position,
            kind: l.kind,
            description: l.description,
            quantity: l.quantity,
            unit_price_cents: l.unit_price_cents,
            total_cents: l.total_cents,
            tax_class: l.tax_class,
            technician: l.technician ?? null,
            part_number: l.part_number ?? null,
            note: l.note ?? null,
          })),
        )
        .execute();
    },

    invoiceLines: (trx: Kysely<DB>, invoiceIds: string[]) =>
      invoiceIds.length === 0
        ? Promise.resolve([])
        : trx
            .selectFrom('line_items')
            .select(['invoice_id', 'position', 'kind', 'description', 'quantity', 'unit_price_cents'])
            .select(['total_cents', 'tax_class', 'technician', 'part_number', 'note'])
            .where('invoice_id', 'in', invoiceIds)
            .orderBy('invoice_id')
            .orderBy('position')
            .execute(),

    /** Staff's invoice at this yard, any status. */
    findInvoice: (trx: Kysely<DB>, yardId: string, invoiceId: string) =>
      trx
        .selectFrom('invoices')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', invoiceId)
        .executeTakeFirst(),

    /** The order's newest draft invoice or deposit invoice (never a credit note), for "send invoice". */
    latestDraft: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('invoices')
        .select(['id', 'number'])
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .where('status', '=', 'draft')
        .where('kind', 'in', ['standard', 'deposit'])
        .orderBy('created_at', 'desc')
        .orderBy('number', 'desc')
        .limit(1)
        .executeTakeFirst(),

    lockInvoice: (trx: Kysely<DB>, yardId: string, invoiceId: string) =>
      trx
        .selectFrom('invoices')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', invoiceId)
        .forUpdate()
        .executeTakeFirst(),

    /**
     * Draft → open, with its issue and due dates (→ paid when nothing is owed: deposits took
     * it all off); nothing when it is no longer a draft.
     */
    issue: (trx: Kysely<DB>, invoiceId: string, at: Date, dueOn: string | null) =>
      trx
        .updateTable('invoices')
        .set((eb) => ({
          status: eb
            .case()
            .when(sql<boolean>`paid_cents + credited_cents >= total_cents`)
            .then('paid' as const)
            .else('open' as const)
            .end(),
          issued_at: at,
          due_on: dueOn,
        }))
        .where('id', '=', invoiceId)
        .where('status', '=', 'draft')
        .returningAll()
        .executeTakeFirst(),

    /** A credit note, its line written, is issued at once: it owes nothing. */
    issueCreditNote: (trx: Kysely<DB>, invoiceId: string, at: Date) =>
      trx
        .updateTable('invoices')
        .set({ status: 'paid', issued_at: at })
        .where('id', '=', invoiceId)
        .where('status', '=', 'draft')
        .execute(),

    /** Void, only while nothing is paid or credited: one conditional update. */
    voidInvoice: (trx: Kysely<DB>, invoiceId: string, at: Date, reason: string) =>
      trx
        .updateTable('invoices')
        .set({ status: 'void', voided_at: at, void_reason: reason })
        .where('id', '=', invoiceId)
        .where('status', '!=', 'void')
        .where('paid_cents', '=', 0)
        .where('credited_cents', '=', 0)
        .returningAll()
        .executeTakeFirst(),

    /** Deletes a draft and its lines; nothing once it was sent. */
    async deleteDraft(trx: Kysely<DB>, invoiceId: string) {
      await trx
        .deleteFrom('line_items')
        .where('invoice_id', '=', invoiceId)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('invoices').select('id').where('id', '=', invoiceId).where('status', '=', 'draft'),
          ),
        )
        .execute();
      const r = await trx
        .deleteFrom('invoices')
        .where('id', '=', invoiceId)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /**
     * Raises what is credited, only while it stays within the balance (the CHECK
     * `invoices_not_overpaid` is the backstop); the status follows the balance.
     */
    addCredited: (trx: Kysely<DB>, invoiceId: string, amountCents: number) =>
      trx
        .updateTable('invoices')
        .set((eb) => ({
          credited_cents: eb('credited_cents', '+', amountCents),
          status: eb
            .case()
            .when(sql<boolean>`paid_cents + credited_cents + ${amountCents} >= total_cents`)
            .then('paid' as const)
            .when('paid_cents', '>', 0)
            .then('partial' as const)
            .else('open' as const)
            .end(),
        }))
        .where('id', '=', invoiceId)
        .where('status', 'in', ['open', 'partial'])
        .where(sql<boolean>`paid_cents + credited_cents + ${amountCents} <= total_cents`)
        .returningAll()
        .executeTakeFirst(),

    /** The order of this yard (customer and status), unlocked, for reads. */
    findOrder: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('orders')
        .select(['id', 'customer_id', 'status', 'number'])
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .executeTakeFirst(),
  };
}

export type InvoicesRepo = ReturnType<typeof invoicesRepo>;
