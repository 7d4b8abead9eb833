import type { PdfTax, PdfTotals } from './pdf-types.js';

/**
 * The tax rows of a document: one per class that has tax, with its rate, when the classes
 * add up to the stored tax; else a single "Tax" row of the stored amount (documents
 * written before tax was split by class).
 */
export function pdfTotals(
  stored: { subtotalCents: number; taxCents: number; totalCents: number },
  byClass: { labor: number; parts: number; fees: number },
  rates: { labor: number; parts: number; fees: number },
): PdfTotals {
  const classes = (['labor', 'parts', 'fees'] as const).filter((c) => byClass[c] !== 0);
  const sum = classes.reduce((n, c) => n + byClass[c], 0);
  const taxes: PdfTax[] =
    sum === stored.taxCents
      ? classes.map((c) => ({ taxClass: c, rateBp: rates[c], cents: byClass[c] }))
      : stored.taxCents === 0
        ? []
        : [{ taxClass: null, rateBp: null, cents: stored.taxCents }];
  return { subtotalCents: stored.subtotalCents, taxes, totalCents: stored.totalCents };
}
