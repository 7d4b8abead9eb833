import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import type { OrderBillingResponse } from '../../shared/api-types.js';
import { invoicePdf, receiptPdf } from '../documents/document-pdfs.js';
import { pdfTotals } from '../documents/pdf-taxes.js';
import type { PdfLine, PdfTotals } from '../documents/pdf-types.js';
import { billingRepo } from './billing.repo.js';
import { plainQuantity } from './invoice-lines.js';
import { invoicesRepo } from './invoices.repo.js';
import { documentTotals } from './money.js';
import { dayInZone, receiptReference } from './receipt-facts.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const day = (d: Date | string | null) =>
  d ? (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10)) : null;

/** How a payment is named on receipts and screens. */
export function paidWith(p: { method: string; reference: string | null }): string {
  switch (p.method) {
    case 'cash':
      return 'Cash';
    case 'check':
      return `Check ${p.reference ?? ''}`.trim();
    case 'card_present':
      return 'Card at the counter';
    case 'bank_transfer':
      return 'Bank transfer';
    default:
      return p.reference ?? 'Card';
  }
}

/**
 * What staff see of an order's billing, and the invoice and receipt PDFs. Everything is
 * read first, then rendered: no transaction is open while a PDF is drawn.
 */
export function createBillingService(deps: Pick<AppDeps, 'database'>) {
  const { db } = deps.database;
  const repo = invoicesRepo(db);
  const reads = billingRepo(db);

  async function billing(yardId: string, orderId: string): Promise<OrderBillingResponse> {
    const order = await repo.findOrder(db, yardId, orderId);
    if (!order) throw notFound('That order');
    const [invoices, payments, refunds, accepted] = await Promise.all([
      reads.orderInvoices(yardId, orderId),
      reads.orderPayments(yardId, orderId),
      reads.orderRefunds(yardId, orderId),
      reads.acceptedEstimate(yardId, orderId),
    ]);
    const lines = await repo.invoiceLines(
      db,
      invoices.map((i) => i.id),
    );
    return {
      orderId,
      invoices: invoices.map((i) => ({
        id: i.id,
        kind: i.kind,
        number: i.number,
        status: i.status,
        subtotalCents: i.subtotal_cents,
        taxCents: i.tax_cents,
        totalCents: i.total_cents,
        paidCents: i.paid_cents,
        creditedCents: i.credited_cents,
        balanceCents:
          i.status === 'void' || i.kind === 'credit_note'
            ? 0
            : i.total_cents - i.paid_cents - i.credited_cents,
        depositCents: i.deposit_cents,
        issuedAt: iso(i.issued_at),
        dueOn: day(i.due_on),
        terms: i.terms,
        voidedAt: iso(i.voided_at),
        voidReason: i.void_reason,
        estimateId: i.estimate_id,
        replacesInvoiceId: i.replaces_invoice_id,
        correctsInvoiceId: i.corrects_invoice_id,
        createdAt: i.created_at.toISOString(),
        lines: lines
          .filter((l) => l.invoice_id === i.id)
          .map((l) => ({
            position: l.position,
            kind: l.kind,
            description: l.description,
            quantity: plainQuantity(l.quantity),
            unitPriceCents: l.unit_price_cents,
            totalCents: l.total_cents,
            taxClass: l.tax_class,
          })),
      })),
      payments: payments.map((p) => ({
        id: p.id,
        invoiceId: p.invoice_id,
        invoiceNumber: p.invoice_number,
        method: p.method,
        amountCents: p.amount_cents,
        refundedCents: p.refunded_cents,
        reference: p.reference,
        note: p.note,
        receivedAt: p.received_at.toISOString(),
        recordedBy: p.recorded_by_name,
        online: p.attempt_id !== null && p.recorded_by === null,
      })),
      refunds: refunds.map((r) => ({
        id: r.id,
        paymentId: r.payment_id,
        invoiceId: r.invoice_id,
        amountCents: r.amount_cents,
        method: r.method,
        reason: r.reason,
        providerRef: r.provider_ref,
        recordedBy: r.recorded_by_name,
        createdAt: r.created_at.toISOString(),
      })),
      acceptedEstimate: accepted
        ? { id: accepted.id, number: accepted.number, totalCents: accepted.total_cents }
        : null,
    };
  }

  async function parties(yardId: string, orderId: string) {
    const p = await reads.documentParties(yardId, orderId);
    if (!p) throw notFound('That order');
    const boatDetails = [
      [p.make, p.model].filter(Boolean).join(' '),
      p.year ? String(p.year) : '',
      p.length_ft ? `${plainQuantity(p.length_ft)} ft LOA` : '',
    ].filter(Boolean);
    return {
      orderNumber: p.order_number,
      rates: { labor: p.tax_labor_bp, parts: p.tax_parts_bp, fees: p.tax_fees_bp },
      timezone: p.yard_timezone,
      yard: {
        name: p.yard_name,
        address: p.yard_address,
        phone: p.yard_phone,
        email: p.yard_email,
        currency: p.yard_currency,
      },
      customer: {
        name: [p.first_name, p.last_name].filter(Boolean).join(' ') || p.company || 'Customer',
        company: p.company,
        email: p.email,
        phone: p.phone,
        addressLines: [
          p.street,
          [p.city, [p.state, p.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', '),
        ],
      },
      boat: p.boat_name ? { name: p.boat_name, details: boatDetails.join(', ') || null } : null,
    };
  }

  /** An invoice's lines and totals as the PDF shows them, with its tax per class. */
  async function invoiceContent(
    invoice: {
      id: string;
      kind: string;
      estimate_id: string | null;
      subtotal_cents: number;
      tax_cents: number;
      total_cents: number;
    },
    yardRates: {
      labor: number;
      parts: number;
      fees: number;
    },
  ): Promise<{ lines: PdfLine[]; totals: PdfTotals }> {
    // An invoice of an accepted estimate was taxed at the estimate's rates (invoicing.service.ts).
    const est =
      invoice.kind === 'standard' && invoice.estimate_id
        ? await reads.estimateRates(invoice.estimate_id)
        : undefined;
    const rates = est
      ? { labor: est.tax_labor_bp, parts: est.tax_parts_bp, fees: est.tax_fees_bp }
      : yardRates;
    const rows = await repo.invoiceLines(db, [invoice.id]);
    const byClass = documentTotals(
      rows.map((r) => ({
        kind: r.kind,
        quantity: String(r.quantity),
        unitPriceCents: r.unit_price_cents,
        taxClass: r.tax_class,
      })),
      rates,
    ).taxByClass;
    return {
      lines: rows.map((r) => ({
        kind: r.kind,
        description: r.description,
        quantity: plainQuantity(r.quantity),
        unitPriceCents: r.unit_price_cents,
        totalCents: r.total_cents,
        note: r.note,
        technician: r.technician,
        partNumber: r.part_number,
      })),
      // The stored amounts; the rows per class only when they add up to the stored tax.
      totals: pdfTotals(
        {
          subtotalCents: invoice.subtotal_cents,
          taxCents: invoice.tax_cents,
          totalCents: invoice.total_cents,
        },
        byClass,
        rates,
      ),
    };
  }

  /** The invoice PDF; `customerId` narrows it to that customer's own invoices (portal). */
  async function invoiceDocument(yardId: string, invoiceId: string, customerId?: string) {
    const i = await repo.findInvoice(db, yardId, invoiceId);
    if (!i || (customerId && (i.customer_id !== customerId || i.status === 'draft')))
      throw notFound('That invoice');
    const who = await parties(yardId, i.order_id);
    const corrects = i.corrects_invoice_id
      ? await repo.findInvoice(db, yardId, i.corrects_invoice_id)
      : undefined;
    const content = await invoiceContent(i, who.rates);
    const pdf = await invoicePdf({
      ...who,
      number: i.number,
      kind: i.kind,
      issuedOn: i.issued_at ? dayInZone(i.issued_at, who.timezone) : null,
      dueOn: day(i.due_on),
      ...content,
      paidCents: i.paid_cents,
      creditedCents: i.credited_cents,
      balanceCents: i.status === 'void' ? 0 : i.total_cents - i.paid_cents - i.credited_cents,
      correctsNumber: corrects?.number ?? null,
      voided: i.voided_at ? { on: dayInZone(i.voided_at, who.timezone), reason: i.void_reason } : null,
      terms: i.terms,
    });
    const name = i.kind === 'credit_note' ? 'credit-note' : 'invoice';
    return { pdf, filename: `${name}-${i.number}.pdf` };
  }

  /** A payment's receipt PDF; `customerId` narrows it to that customer's own payments. */
  async function receiptDocument(yardId: string, paymentId: string, customerId?: string) {
    const p = await reads.findPayment(db, yardId, paymentId);
    if (!p || (customerId && p.customer_id !== customerId)) throw notFound('That payment');
    const i = (await repo.findInvoice(db, yardId, p.invoice_id))!;
    const who = await parties(yardId, i.order_id);
    const content = await invoiceContent(i, who.rates);
    const pdf = await receiptPdf({
      ...who,
      reference: receiptReference(i.number, p.id),
      invoiceNumber: i.number,
      // The day in the yard's time zone: a payment at 9 pm in California is that day's.
      receivedOn: dayInZone(p.received_at, who.timezone),
      method: paidWith(p),
      amountCents: p.amount_cents,
      refundedCents: p.refunded_cents,
      invoiceTotalCents: i.total_cents,
      paidCents: i.paid_cents,
      balanceCents: i.status === 'void' ? 0 : i.total_cents - i.paid_cents - i.credited_cents,
      ...content,
      note: p.note,
    });
    return { pdf, filename: `receipt-${i.number}-${p.id.slice(0, 8)}.pdf` };
  }

  return {
    billing,
    invoiceDocument,
    receiptDocument,
    /** For the mail worker, which has only the ids. */
    yardOfPayment: async (paymentId: string) => (await reads.paymentYard(paymentId))?.yard_id ?? null,
    refundOf: (refundId: string) => reads.findRefund(refundId),
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
