import type { z } from 'zod';
import { AppError } from '../../server/errors.js';
import type { OrderLineInput } from '../../shared/api-schemas/order-editing.js';
import type { LineKind, TaxClass } from '../../shared/api-types.js';
import {
  defaultTaxClass,
  documentTotals,
  LIMITS,
  lineProblem,
  lineTotalCents,
  type TaxRates,
} from './money.js';

/** A line as the server received it (after zod's trimming). */
export type LineInput = z.output<typeof OrderLineInput>;

/** A working line ready to store: every amount checked, the total computed once. */
export interface PreparedLine {
  kind: LineKind;
  description: string;
  quantity: string;
  unitPriceCents: number;
  totalCents: number;
  taxClass: TaxClass;
  optional: boolean;
  note: string | null;
  technician: string | null;
  partNumber: string | null;
}

/**
 * Checks staff's lines by the money rules (money.ts) and fills what they left out: the tax
 * class from the kind, a per-foot line's quantity from the boat's length overall. Any line
 * that is wrong is a 422 naming it by its number on screen (`firstNumber` is the first
 * line's), so nothing is stored half-checked.
 */
export function prepareLines(
  inputs: readonly LineInput[],
  boatLengthFt: string | null,
  firstNumber = 1,
): PreparedLine[] {
  return inputs.map((input, i) => {
    const n = firstNumber + i;
    const label = `Line ${n} ("${input.description}")`;
    let quantity = input.quantity?.trim() || undefined;
    if (quantity === undefined && input.kind === 'per_foot') {
      if (boatLengthFt === null) {
        throw new AppError(
          'BOAT_LENGTH_MISSING',
          `${label}: add the boat's length overall first — a per-foot line takes its quantity from it.`,
          { line: n },
        );
      }
      quantity = normalizeLength(boatLengthFt);
    }
    if (quantity === undefined) {
      throw new AppError('LINE_INVALID', `${label}: enter a quantity.`, { line: n });
    }
    const problem = lineProblem({ kind: input.kind, quantity, unitPriceCents: input.unitPriceCents });
    if (problem) throw new AppError('LINE_INVALID', `${label}: ${problem}`, { line: n });
    return {
      kind: input.kind,
      description: input.description,
      quantity,
      unitPriceCents: input.unitPriceCents,
      totalCents: lineTotalCents(quantity, input.unitPriceCents),
      taxClass: input.taxClass ?? defaultTaxClass(input.kind),
      optional: input.optional ?? false,
      note: input.note || null,
      technician: input.kind === 'labor' ? input.technician || null : null,
      partNumber: input.kind === 'part' ? input.partNumber || null : null,
    };
  });
}

/** A whole document's lines: no more than the ceiling allows, and a total inside it. */
export function checkDocument(lines: readonly PreparedLine[], rates: TaxRates) {
  if (lines.length > LIMITS.maxLines) {
    throw new AppError(
      'LINE_INVALID',
      `An order can have at most ${LIMITS.maxLines} lines; this one would have ${lines.length}.`,
    );
  }
  const totals = documentTotals(lines, rates);
  if (Math.abs(totals.totalCents) > LIMITS.maxDocumentCents) {
    throw new AppError(
      'LINE_INVALID',
      `The order's total would be more than $${(LIMITS.maxDocumentCents / 100).toLocaleString('en-US')}. Check the quantities and prices.`,
    );
  }
  return totals;
}

/** "34.0" → "34", "27.5" → "27.5": the boat's length as a quantity. */
export function normalizeLength(lengthFt: string): string {
  const [whole, frac = ''] = String(lengthFt).split('.');
  const trimmed = frac.replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}` : whole;
}

/** numeric(10,2) comes back as "1.50": shown as staff typed it, "1.5". */
export function quantityText(q: string | number): string {
  return normalizeLength(String(q));
}
