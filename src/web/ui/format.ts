/** Money is integer cents; dates are ISO strings (date-only "YYYY-MM-DD" means a local calendar day). */

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

export function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) return new Date(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]));
  return new Date(value);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long' });

export function formatDate(value: string | null | undefined): string {
  return value ? dateFormat.format(toDate(value)) : '—';
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTimeFormat.format(toDate(value)) : '—';
}

function dayNumber(date: Date): number {
  return Math.round(new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime() / 86_400_000);
}

/** "today at 3:15 PM", "tomorrow at 9:00 AM", "Friday at 8:30 AM" or "Mar 5, 2025, 3:15 PM". */
export function formatWhen(value: string, now: number = Date.now()): string {
  const date = toDate(value);
  const days = dayNumber(date) - dayNumber(new Date(now));
  const time = timeFormat.format(date);
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  if (days === -1) return `yesterday at ${time}`;
  if (days > 1 && days < 7) return `${weekdayFormat.format(date)} at ${time}`;
  return dateTimeFormat.format(date);
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
