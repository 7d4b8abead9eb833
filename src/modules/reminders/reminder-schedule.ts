/**
 * When a service reminder is due (docs/reminders.md): pure calendar arithmetic on
 * 'YYYY-MM-DD' dates in the yard's time zone, no database and no clock of its own.
 */

/** How long after its day a date reminder still goes out (a worker that was down, a boat added late). */
export const CATCH_UP_DAYS = 14;

export type DateRule =
  | { rule: 'yearly'; month: number; day: number }
  | { rule: 'interval'; intervalMonths: number; startsOn: string };

/** The calendar date of an instant in a time zone, as 'YYYY-MM-DD'. */
export function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A date from its parts, the day clamped to the month (Feb 29 in 2027 is Feb 28). */
export function dateOf(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(Math.min(day, daysIn(year, month)))}`;
}

const parse = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return { y, m, day };
};

/** `d` plus `n` days. */
export function addDays(d: string, n: number): string {
  const { y, m, day } = parse(d);
  return new Date(Date.UTC(y, m - 1, day + n)).toISOString().slice(0, 10);
}

/** `d` plus `n` months, the day clamped to the month it lands in. */
export function addMonths(d: string, n: number): string {
  const { y, m, day } = parse(d);
  const index = y * 12 + (m - 1) + n;
  return dateOf(Math.floor(index / 12), (index % 12) + 1, day);
}

const monthsBetween = (from: string, to: string) => {
  const a = parse(from);
  const b = parse(to);
  return (b.y - a.y) * 12 + (b.m - a.m);
};

/** The rule's occurrence on or before `today` (the latest one), or null when none has come yet. */
export function latestOccurrence(rule: DateRule, today: string): string | null {
  if (rule.rule === 'yearly') {
    const year = parse(today).y;
    const thisYear = dateOf(year, rule.month, rule.day);
    return thisYear <= today ? thisYear : dateOf(year - 1, rule.month, rule.day);
  }
  if (today < rule.startsOn) return null;
  let k = Math.floor(monthsBetween(rule.startsOn, today) / rule.intervalMonths);
  let occ = addMonths(rule.startsOn, k * rule.intervalMonths);
  while (occ > today && k > 0) {
    k--;
    occ = addMonths(rule.startsOn, k * rule.intervalMonths);
  }
  return occ <= today ? occ : null;
}

/** The rule's first occurrence strictly after `day`. */
export function nextOccurrence(rule: DateRule, day: string): string {
  if (rule.rule === 'yearly') {
    const year = parse(day).y;
    const thisYear = dateOf(year, rule.month, rule.day);
    return thisYear > day ? thisYear : dateOf(year + 1, rule.month, rule.day);
  }
  if (day < rule.startsOn) return rule.startsOn;
  const latest = latestOccurrence(rule, day) ?? rule.startsOn;
  let k = Math.round(monthsBetween(rule.startsOn, latest) / rule.intervalMonths);
  let occ = latest;
  while (occ <= day) {
    k++;
    occ = addMonths(rule.startsOn, k * rule.intervalMonths);
  }
  return occ;
}

/**
 * The occurrence a scan on `today` mails, or null: the latest one on or before today, if it
 * is less than CATCH_UP_DAYS old and not before the day the reminder was made (a reminder
 * made on 3 October for "every 1 October" first goes out next year).
 */
export function dueOccurrence(rule: DateRule, today: string, createdOn: string): string | null {
  const occ = latestOccurrence(rule, today);
  if (!occ || occ < createdOn) return null;
  return addDays(occ, CATCH_UP_DAYS) > today ? occ : null;
}

/** The engine-hours threshold a boat has passed (100, 200, …), or null below the first. */
export function hoursThreshold(hours: number, every: number): number | null {
  const k = Math.floor(hours / every);
  return k >= 1 ? k * every : null;
}

export const hoursPeriod = (threshold: number) => `hours:${threshold}`;
