import type { LineKind, TaxClass } from '../../shared/api-types.js';
import type { InvoiceLineRow } from './invoices.repo.js';
import {
  defaultTaxClass,
  divideRounded,
  documentTotals,
  LIMITS,
  lineTotalCents,
  type TaxRates,
} from './money.js';

/**
 * What goes on an invoice, worked out without the database: lines copied from an
 * acceptance snapshot or the order, deposits deducted, a deposit's amount, and the
 * totals by the one money rule (money.ts).
 */

const KINDS: readonly LineKind[] = ['labor', 'part', 'fee', 'per_foot', 'discount', 'deposit'];
const CLASSES: readonly TaxClass[] = ['labor', 'parts', 'fees', 'none'];

/** "3.00" → "3", "1.50" → "1.5": quantities as people write them. */
export function plainQuantity(q: string | number): string {
  const s = String(q);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * The lines the customer accepted, from the acceptance snapshot: optional lines the
 * customer declined are left out (`declined: true`, or `accepted: false`).
 */
export function linesFromSnapshot(snapshot: unknown): InvoiceLineRow[] {
  const rows = Array.isArray(snapshot) ? snapshot : [];
  const out: InvoiceLineRow[] = [];
  for (const raw of rows as Record<string, unknown>[]) {
    if (raw.declined === true || raw.accepted === false) continue;
    const kind = KINDS.includes(raw.kind as LineKind) ? (raw.kind as LineKind) : 'fee';
    const taxClass = CLASSES.includes(raw.taxClass as TaxClass)
      ? (raw.taxClass as TaxClass)
      : defaultTaxClass(kind);
    const quantity = plainQuantity(String(raw.quantity ?? '1'));
    const unit = Number(raw.unitPriceCents ?? 0);
    out.push({
      position: out.length + 1,
      kind,
      description: String(raw.description ?? ''),
      quantity,
      unit_price_cents: unit,
      total_cents: lineTotalCents(quantity, unit),
      tax_class: taxClass,
      technician: typeof raw.technician === 'string' ? raw.technician : null,
      part_number: typeof raw.partNumber === 'string' ? raw.partNumber : null,
      note: typeof raw.note === 'string' ? raw.note : null,
    });
  }
  return out;
}

/** Copies of stored lines, renumbered, each total recomputed by the money rule. */
export function copyLines(
  rows: readonly (Omit<InvoiceLineRow, 'position' | 'quantity' | 'total_cents'> & {
    quantity: string | number;
  })[],
): InvoiceLineRow[] {
  return rows.map((r, i) => {
    const quantity = plainQuantity(r.quantity);
    return {
      position: i + 1,
      kind: r.kind,
      description: r.description,
      quantity,
      unit_price_cents: r.unit_price_cents,
      total_cents: lineTotalCents(quantity, r.unit_price_cents),
      tax_class: r.tax_class,
      technician: r.technician ?? null,
      part_number: r.part_number ?? null,
      note: r.note ?? null,
    };
  });
}

/** The line that takes deposit invoice #number off a final invoice. */
export const lessDeposit = (number: number) => `Less deposit invoiced on invoice #${number}`;

/**
 * One `deposit` line per deposit invoice, taking its amount off the final invoice; a
 * deposit another invoice of the order (not void) already took off is not taken off again.
 */
export function depositDeductions(
  deposits: readonly { number: number; total_cents: number }[],
  after: number,
  alreadyDeducted: ReadonlySet<string> = new Set(),
): InvoiceLineRow[] {
  return deposits
    .filter((d) => !alreadyDeducted.has(lessDeposit(d.number)))
    .map((d, i) => ({
      position: after + i + 1,
      kind: 'deposit',
      description: lessDeposit(d.number),
      quantity: '1',
      unit_price_cents: -d.total_cents,
      total_cents: -d.total_cents,
      tax_class: 'none',
    }));
}

/** percent (two decimals at most) of a total, rounded once, half away from zero. */
export function percentOf(totalCents: number, percent: number): number {
  return divideRounded(totalCents * Math.round(percent * 100), 10_000);
}

/** The single untaxed line of a deposit invoice. */
export function depositLine(amountCents: number, estimateNumber: number | null): InvoiceLineRow {
  return {
    position: 1,
    kind: 'deposit',
    description: estimateNumber ? `Deposit on estimate #${estimateNumber}` : 'Deposit',
    quantity: '1',
    unit_price_cents: amountCents,
    total_cents: amountCents,
    tax_class: 'none',
  };
}

/** Totals of invoice lines, and what is wrong with them for an invoice (null when fine). */
export function invoiceTotals(lines: readonly InvoiceLineRow[], rates: TaxRates) {
  const totals = documentTotals(
    lines.map((l) => ({
      kind: l.kind,
      quantity: l.quantity,
      unitPriceCents: l.unit_price_cents,
      taxClass: l.tax_class,
    })),
    rates,
  );
  let problem: string | null = null;
  if (lines.length > LIMITS.maxLines) problem = `An invoice can have at most ${LIMITS.maxLines} lines.`;
  else if (totals.totalCents > LIMITS.maxDocumentCents)
    problem = 'The invoice total is over the ceiling of $20,000,000.';
  else if (totals.totalCents < 0)
    problem = 'The deposits and discounts are more than the invoice: the total would be below zero.';
  return { totals, problem };
}
