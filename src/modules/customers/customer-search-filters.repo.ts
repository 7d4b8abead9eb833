import { type RawBuilder, sql } from 'kysely';

/**
 * The Customers list's filters, as SQL on a row aliased `customers` (every plan of the
 * search reads the table under that name). Each is a condition on columns of the row,
 * kept by the triggers of 0016_search_filter_flags.sql (docs/search.md, "Filters"):
 * - portal: `in_portal` has a portal account; `invited` has a live invite (queued, or sent
 *   and not expired: `invite_live_until` in the future) and no account; `not_invited` has
 *   an email, no account and no live invite; `no_email` has no email address;
 * - balanceDue: an order of theirs has open invoices that still ask for money;
 * - archived: archived customers instead of current ones (hidden unless asked for).
 * A filter that keeps few customers (all but `not_invited`) has partial indexes of its own.
 */
export type PortalFilter = 'in_portal' | 'invited' | 'not_invited' | 'no_email';

export interface CustomerFilters {
  portal?: PortalFilter | null;
  balanceDue?: boolean;
  archived?: boolean;
}

// A NULL email is not true either: in a WHERE clause the same as coalesce(email, '') <> '',
// and estimated from the column's statistics.
const hasEmail = sql`customers.email <> ''`;
// Spelled as the partial indexes of 0016 are, so that the planner can use them.
const current = sql`customers.archived_at IS NULL`;
const liveInvite = (now: Date) =>
  sql`customers.invite_live_until IS NOT NULL AND customers.invite_live_until > ${now}`;

// No live invite, spelled so that the planner estimates it from the column's statistics
// (most customers have none): as `NOT coalesce(… > now, false)` it guessed one half, and
// the search, weighing its plans on that estimate, took a common term for a rare one.
const noLiveInvite = (now: Date) =>
  sql`(customers.invite_live_until IS NULL OR customers.invite_live_until <= ${now})`;

/**
 * `AND …` conditions for these filters; `now` decides whether an invite is still live. A
 * filter that keeps few customers also says `sort_name IS NOT NULL` (always true), which
 * its list-order index asks for; `trigramsOnly` leaves it out, so that only the filter's
 * trigram index can serve (0016).
 */
export function filterSql(
  filters: CustomerFilters | undefined,
  now: Date,
  opts: { trigramsOnly?: boolean } = {},
): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [filters?.archived ? sql`customers.archived_at IS NOT NULL` : current];
  switch (filters?.portal) {
    case 'in_portal':
      parts.push(sql`customers.in_portal`);
      break;
    case 'invited':
      parts.push(sql`NOT customers.in_portal AND ${liveInvite(now)}`);
      break;
    case 'not_invited':
      parts.push(sql`${hasEmail} AND NOT customers.in_portal AND ${noLiveInvite(now)}`);
      break;
    case 'no_email':
      parts.push(sql`coalesce(customers.email, '') = ''`);
      break;
  }
  if (filters?.balanceDue) parts.push(sql`customers.balance_due`);
  if (isSelective(filters) && !opts.trigramsOnly) parts.push(sql`customers.sort_name IS NOT NULL`);
  return sql`AND ${sql.join(parts, sql` AND `)}`;
}

/** Whether the filters keep few customers, so that their own partial indexes serve the search. */
export function isSelective(filters: CustomerFilters | undefined): boolean {
  return Boolean(
    filters?.archived || filters?.balanceDue || (filters?.portal && filters.portal !== 'not_invited'),
  );
}
