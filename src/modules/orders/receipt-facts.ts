/** How receipts name their day and themselves, on the portal's pages and the PDF alike. */

/** The calendar day of `at` in the yard's time zone, YYYY-MM-DD. */
export function dayInZone(at: Date, timeZone: string): string {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }
  const parts = Object.fromEntries(fmt.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The receipt's reference, as the PDF prints it. */
export const receiptReference = (invoiceNumber: number, paymentId: string) =>
  `R-${invoiceNumber}-${paymentId.slice(0, 8).toUpperCase()}`;
