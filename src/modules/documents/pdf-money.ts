import { dollars } from '../orders/order-email.js';

/**
 * Integer cents in the yard's currency for a PDF: "$1,234.56", "€1,234.56", "CA$1,234.56".
 * US dollars (and an unknown code) keep the exact "$1,234.56" the emails print.
 */
export function moneyFormat(currency: string | null | undefined): (cents: number) => string {
  if (!currency || currency === 'USD') return dollars;
  let fmt: Intl.NumberFormat;
  try {
    fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  } catch {
    return dollars;
  }
  // Whole cents through the formatter: divide by 100 of an integer is exact enough for display.
  return (cents) => fmt.format(cents / 100);
}
