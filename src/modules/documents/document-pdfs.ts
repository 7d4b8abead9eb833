import { moneyFormat } from '../orders/money-text.js';
import { renderDocument } from './pdf-layout.js';
import type { PdfSignature } from './pdf-signature.js';
import type { PdfBoat, PdfCustomer, PdfFact, PdfLine, PdfTotals, PdfYard } from './pdf-types.js';

/**
 * The estimate, invoice and receipt PDFs, each a thin mapping onto the shared layout
 * (pdf-layout.ts). Callers pass plain values they loaded beforehand — never render while
 * holding a database transaction.
 */

interface Parties {
  yard: PdfYard;
  customer: PdfCustomer;
  boat: PdfBoat | null;
}

export interface EstimatePdfInput extends Parties {
  number: number;
  version: number;
  orderNumber?: number | null;
  /** YYYY-MM-DD: when it was sent, else written. */
  date: string;
  validUntil: string | null;
  lines: PdfLine[];
  /** The estimate's totals, or — once accepted — the totals of what was accepted. */
  totals: PdfTotals;
  answer?:
    | { kind: 'accepted'; on: string }
    | { kind: 'declined'; on: string; reason: string | null }
    | { kind: 'superseded' }
    | null;
  message?: string | null;
  terms?: string | null;
  signature?: PdfSignature | null;
}

export function estimatePdf(e: EstimatePdfInput): Promise<Buffer> {
  const facts: PdfFact[] = [{ label: 'Date', value: e.date }];
  if (e.validUntil) facts.push({ label: 'Valid until', value: e.validUntil });
  if (e.orderNumber) facts.push({ label: 'Order', value: `#${e.orderNumber}` });
  const a = e.answer;
  const declinedLines = e.lines.filter((l) => l.declined).length;
  const banner = !a
    ? e.lines.some((l) => l.optional)
      ? 'Lines marked "Optional" may be declined when you accept; the total includes them.'
      : null
    : a.kind === 'accepted'
      ? `${e.signature ? 'Approved and signed' : 'Accepted'} on ${a.on}${declinedLines ? ` — ${declinedLines} optional line${declinedLines > 1 ? 's' : ''} declined` : ''}.`
      : a.kind === 'declined'
        ? `Declined on ${a.on}${a.reason ? `: "${a.reason}"` : '.'}`
        : 'Replaced by a newer version of this estimate.';
  return renderDocument({
    yard: e.yard,
    title: 'Estimate',
    reference: e.version > 1 ? `#${e.number} · version ${e.version}` : `#${e.number}`,
    facts,
    customer: e.customer,
    boat: e.boat,
    banner,
    lines: e.lines,
    totals: e.totals,
    message: e.message,
    terms: e.terms,
    signature: e.signature,
  });
}

export interface InvoicePdfInput extends Parties {
  number: number;
  kind: 'standard' | 'deposit' | 'credit_note';
  orderNumber?: number | null;
  /** YYYY-MM-DD, null while a draft. */
  issuedOn: string | null;
  dueOn: string | null;
  lines: PdfLine[];
  totals: PdfTotals;
  paidCents: number;
  creditedCents?: number;
  balanceCents: number;
  /** The invoice a credit note corrects. */
  correctsNumber?: number | null;
  voided?: { on: string; reason: string | null } | null;
  terms?: string | null;
}

export function invoicePdf(i: InvoicePdfInput): Promise<Buffer> {
  const facts: PdfFact[] = [{ label: 'Issued', value: i.issuedOn ?? 'draft' }];
  if (i.dueOn && i.kind !== 'credit_note') facts.push({ label: 'Due', value: i.dueOn });
  if (i.orderNumber) facts.push({ label: 'Order', value: `#${i.orderNumber}` });
  if (i.correctsNumber) facts.push({ label: 'Corrects invoice', value: `#${i.correctsNumber}` });
  const after: { label: string; cents: number; strong?: boolean }[] = [];
  if (i.kind !== 'credit_note') {
    if (i.creditedCents) after.push({ label: 'Credited', cents: -i.creditedCents });
    after.push({ label: 'Paid', cents: -i.paidCents });
    after.push({ label: 'Balance due', cents: i.balanceCents, strong: true });
  }
  return renderDocument({
    yard: i.yard,
    title: i.kind === 'credit_note' ? 'Credit note' : i.kind === 'deposit' ? 'Deposit invoice' : 'Invoice',
    reference: `#${i.number}`,
    facts,
    customer: i.customer,
    boat: i.boat,
    banner: i.voided ? `VOID since ${i.voided.on}${i.voided.reason ? `: ${i.voided.reason}` : ''}` : null,
    lines: i.lines,
    totals: i.totals,
    after,
    terms: i.terms,
  });
}

export interface ReceiptPdfInput extends Parties {
  /** Shown as the receipt's reference, e.g. "R-1001-2" or a payment id's first characters. */
  reference: string;
  invoiceNumber: number;
  orderNumber?: number | null;
  /** YYYY-MM-DD. */
  receivedOn: string;
  /** "Cash", "Check 1042", "Card ending 4242", "Bank transfer". */
  method: string;
  amountCents: number;
  refundedCents?: number;
  invoiceTotalCents: number;
  /** Paid on the invoice in all, this payment included. */
  paidCents: number;
  balanceCents: number;
  /** The invoice's lines, when the receipt should repeat them. */
  lines?: PdfLine[];
  totals?: PdfTotals | null;
  note?: string | null;
  terms?: string | null;
}

export function receiptPdf(r: ReceiptPdfInput): Promise<Buffer> {
  const facts: PdfFact[] = [
    { label: 'Received', value: r.receivedOn },
    { label: 'Invoice', value: `#${r.invoiceNumber}` },
  ];
  if (r.orderNumber) facts.push({ label: 'Order', value: `#${r.orderNumber}` });
  const after: { label: string; cents: number; strong?: boolean }[] = [];
  if (!r.totals) after.push({ label: `Invoice #${r.invoiceNumber} total`, cents: r.invoiceTotalCents });
  after.push({ label: `Paid by ${r.method}`, cents: r.amountCents, strong: true });
  if (r.refundedCents) after.push({ label: 'Refunded', cents: -r.refundedCents });
  after.push({ label: 'Paid on this invoice in all', cents: r.paidCents });
  after.push({ label: 'Balance due', cents: r.balanceCents, strong: true });
  return renderDocument({
    yard: r.yard,
    title: 'Receipt',
    reference: r.reference,
    facts,
    customer: r.customer,
    boat: r.boat,
    banner: `Thank you — we received ${moneyFormat(r.yard.currency)(r.amountCents)} by ${r.method}.`,
    lines: r.lines ?? [],
    totals: r.totals ?? null,
    after,
    message: r.note,
    terms: r.terms,
  });
}
