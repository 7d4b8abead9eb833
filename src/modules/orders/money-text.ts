/** Integer cents to "$1,234.56" without floating point. */
export function dollars(cents: number): string {
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}$${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Integer cents in the yard's currency, for emails and PDFs: "$1,234.56", "€1,234.56",
 * "CA$1,234.56". US dollars (and an unknown code) keep the exact "$1,234.56" of `dollars`.
 */
export function moneyFormat(currency: string | null | undefined): (cents: number) => string {
  if (!currency || currency === 'USD') return dollars;
  let fmt: Intl.NumberFormat;
  try {
    fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  } catch {
    return dollars;
  }
  // Whole cents through the formatter: an integer divided by 100 is exact enough for display.
  return (cents) => fmt.format(cents / 100);
}
