/** Money is integer cents; dates are ISO strings (date-only "YYYY-MM-DD" means a calendar day, in no zone). */

let money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });

/**
 * Amounts are shown in the yard's currency (yard settings). A page shows one yard, so the
 * staff and portal shells set it once their yard is known, before the pages render.
 */
export function setYardCurrency(currency: string | undefined) {
  if (!currency || money.resolvedOptions().currency === currency) return;
  try {
    money = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  } catch {
    // An unknown code keeps the previous format rather than breaking every page.
  }
}

export function formatMoney(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  return money.format(cents / 100);
}

/** A date-only value ("YYYY-MM-DD") is a calendar day: no clock may move it to the day before or after. */
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instant of a value; a date-only value is midnight UTC of that day, which the day
 * formatters below read back in UTC, so it is the same day in every zone.
 */
export function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) return new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])));
  return new Date(value);
}

/**
 * Times are shown on the yard's clock (yard settings), not the browser's: a page shows one
 * yard, so the staff and portal shells set its zone once it is known, before the pages render.
 * Until then (and for an unknown zone) the browser's zone is used.
 */
let zone: string | undefined;

const formats = (timeZone: string | undefined) => ({
  date: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone }),
  dateTime: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  time: new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }),
  timeSeconds: new Intl.DateTimeFormat(undefined, { timeStyle: 'medium', timeZone }),
  weekday: new Intl.DateTimeFormat(undefined, { weekday: 'long', timeZone }),
  day: new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }),
});
let fmt = formats(undefined);
const dayOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

export function setYardTimeZone(timeZone: string | undefined) {
  if (!timeZone || timeZone === zone) return;
  try {
    fmt = formats(timeZone);
    zone = timeZone;
  } catch {
    // An unknown zone keeps the previous clock rather than breaking every page.
  }
}

/** The zone times are shown in: the yard's once a shell has set it. */
export function shownTimeZone(): string {
  return zone ?? fmt.date.resolvedOptions().timeZone;
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return DATE_ONLY.test(value) ? dayOnly.format(toDate(value)) : fmt.date.format(toDate(value));
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return DATE_ONLY.test(value) ? dayOnly.format(toDate(value)) : fmt.dateTime.format(toDate(value));
}

/** The time with seconds on the yard's clock, "3:15:42 PM". */
export function formatTimeSeconds(value: string): string {
  return fmt.timeSeconds.format(toDate(value));
}

/** The yard's calendar day of an instant, "2026-12-05". */
export function yardDay(value: string | Date | number): string {
  const parts = fmt.day.formatToParts(typeof value === 'number' ? new Date(value) : toDate(value));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Days since 1970 of the instant's day on the yard's clock. */
function dayNumber(date: Date): number {
  return Math.round(Date.parse(`${yardDay(date)}T00:00:00Z`) / 86_400_000);
}

/** "today at 3:15 PM", "tomorrow at 9:00 AM", "Friday at 8:30 AM" or "Mar 5, 2025, 3:15 PM". */
export function formatWhen(value: string, now: number = Date.now()): string {
  const date = toDate(value);
  const days = dayNumber(date) - dayNumber(new Date(now));
  const time = fmt.time.format(date);
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  if (days === -1) return `yesterday at ${time}`;
  if (days > 1 && days < 7) return `${fmt.weekday.format(date)} at ${time}`;
  return fmt.dateTime.format(date);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "just now", "5 minutes ago", "in 3 hours", "yesterday". */
export function formatRelative(value: string, now: number = Date.now()): string {
  const seconds = (toDate(value).getTime() - now) / 1000;
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'minute') {
      return relative.format(Math.round(seconds / size), unit);
    }
  }
  return 'just now';
}

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim();
}

/** Formats 10-digit North American numbers as (305) 555-0142; anything else as entered. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '—';
  const digits = phone.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length === 10 && (phone.startsWith('+1') || !phone.startsWith('+'))) {
    return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
  }
  return phone;
}

export function formatAddress(c: {
  street: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
}): string[] {
  const cityLine = [c.city, [c.state, c.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [c.street, cityLine].filter((line): line is string => Boolean(line));
}

/** Up to two initials for a brand mark: "Harbor Point Marine" → "HP". */
export function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase())
      .join('') || 'S'
  );
}
