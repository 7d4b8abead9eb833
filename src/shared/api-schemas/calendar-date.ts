/**
 * A date written YYYY-MM-DD that is a real day on the calendar PostgreSQL stores: not
 * 2026-02-31 (JavaScript would roll it over to March, PostgreSQL refuses it), not year 0.
 */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || s.startsWith('0000')) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
