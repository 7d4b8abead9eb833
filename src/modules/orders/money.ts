import type { LineKind, TaxClass } from '../../shared/api-types.js';

/**
 * Money on orders, estimates and invoices, computed exactly (docs/orders.md, "Money and tax").
 * Amounts are integer cents; quantities have at most two decimals and are carried as
 * integer hundredths, so nothing here ever touches a binary fraction.
 *
 * - A line's total is quantity × unit price, rounded once to the cent, half away from zero.
 * - Tax is computed once per tax class (labour, parts, fees) on the sum of that class's
 *   lines, at the yard's rate for the class, rounded once to the cent, half away from zero;
 *   a class whose lines sum below zero (a discount larger than its lines) is taxed 0.
 * - subtotal = Σ line totals; total = subtotal + Σ class taxes. Nothing else is rounded.
 */

/** Ceilings that keep every product below 2^53 and every document inside an int4 of cents. */
export const LIMITS = {
  /** Largest quantity on a line (hours, gallons, feet, units). */
  maxQuantity: 100_000,
  /** Largest unit price or rate, in cents ($100,000.00). */
  maxUnitPriceCents: 10_000_000,
  /** Most lines on one order, estimate or invoice. */
  maxLines: 500,
  /** Largest document total, in cents ($20,000,000.00). */
  maxDocumentCents: 2_000_000_000,
} as const;

/** Tax rates in basis points: 725 = 7.25 %. */
export interface TaxRates {
  labor: number;
  parts: number;
  fees: number;
}

export interface MoneyLine {
  kind: LineKind;
  /** Decimal string, at most two decimals ("1.5", "12.25", "-1"). */
  quantity: string;
  unitPriceCents: number;
  taxClass: TaxClass;
}

export interface Totals {
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  /** Tax per class, for the document's tax lines. */
  taxByClass: Record<Exclude<TaxClass, 'none'>, number>;
}

/** The tax class a line of this kind gets unless staff choose another. */
export function defaultTaxClass(kind: LineKind): TaxClass {
  switch (kind) {
    case 'labor':
      return 'labor';
    case 'part':
      return 'parts';
    case 'fee':
    case 'per_foot':
      return 'fees';
    default:
      return 'none';
  }
}

const QUANTITY = /^-?\d{1,6}(\.\d{1,2})?$/;

/** "12.25" → 1225; undefined when it is not a decimal with at most two places. */
export function quantityHundredths(quantity: string): number | undefined {
  const q = quantity.trim();
  if (!QUANTITY.test(q)) return undefined;
  const negative = q.startsWith('-');
  const [whole, frac = ''] = q.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return negative ? -value : value;
}

/** n / d rounded half away from zero; d > 0; exact for |n| < 2^53. */
export function divideRounded(n: number, d: number): number {
  const q = Math.floor((Math.abs(n) * 2 + d) / (2 * d));
  return n < 0 ? -q : q;
}

/** quantity × unit price, rounded once to the cent. */
export function lineTotalCents(quantity: string, unitPriceCents: number): number {
  const q = quantityHundredths(quantity);
  if (q === undefined) throw new RangeError(`Not a quantity: ${quantity}`);
  return divideRounded(q * unitPriceCents, 100);
}

/** Subtotal, tax per class and total of a set of lines, by the one rule above. */
export function documentTotals(lines: readonly MoneyLine[], rates: TaxRates): Totals {
  const base = { labor: 0, parts: 0, fees: 0 };
  let subtotalCents = 0;
  for (const line of lines) {
    const total = lineTotalCents(line.quantity, line.unitPriceCents);
    subtotalCents += total;
    if (line.taxClass !== 'none') base[line.taxClass] += total;
  }
  const taxByClass = {
    labor: classTax(base.labor, rates.labor),
    parts: classTax(base.parts, rates.parts),
    fees: classTax(base.fees, rates.fees),
  };
  const taxCents = taxByClass.labor + taxByClass.parts + taxByClass.fees;
  return { subtotalCents, taxCents, totalCents: subtotalCents + taxCents, taxByClass };
}

function classTax(baseCents: number, basisPoints: number): number {
  return baseCents <= 0 ? 0 : divideRounded(baseCents * basisPoints, 10_000);
}

/** Lines whose total may be below zero: discounts and deposits already invoiced. */
export const DEDUCTION_KINDS: readonly LineKind[] = ['discount', 'deposit'];

/**
 * What is wrong with one line, in words for the person who typed it; null when it is fine.
 * Ordinary lines have a positive quantity and a price ≥ 0; a discount or a deposit deducted
 * must come to zero or less (a negative price or a negative quantity, not both).
 */
export function lineProblem(line: Pick<MoneyLine, 'kind' | 'quantity' | 'unitPriceCents'>): string | null {
  const q = quantityHundredths(line.quantity);
  if (q === undefined) {
    return `Quantity "${line.quantity}" is not a number with at most two decimals (for example 1.5 or 12.25).`;
  }
  if (Math.abs(q) > LIMITS.maxQuantity * 100) {
    return `Quantity ${line.quantity} is more than ${LIMITS.maxQuantity.toLocaleString('en-US')}; split it or check the unit.`;
  }
  if (!Number.isInteger(line.unitPriceCents) || Math.abs(line.unitPriceCents) > LIMITS.maxUnitPriceCents) {
    return `The price must be whole cents and at most $${(LIMITS.maxUnitPriceCents / 100).toLocaleString('en-US')}.`;
  }
  if (DEDUCTION_KINDS.includes(line.kind)) {
    if (lineTotalCents(line.quantity, line.unitPriceCents) > 0) {
      return `A ${line.kind} line must take money off: give it a negative price (for example -50.00).`;
    }
    return null;
  }
  if (q <= 0) return 'The quantity must be more than zero; use a discount line to take money off.';
  if (line.unitPriceCents < 0) return 'The price cannot be negative; use a discount line to take money off.';
  return null;
}
