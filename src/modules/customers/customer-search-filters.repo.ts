import { type RawBuilder, sql } from 'kysely';

/**
 * The Customers list's filters, as SQL on a row aliased `customers` (every plan of the
 * search reads the table under that name). Each is a probe of a small index per row the
 * plan reads in list order (docs/search.md, "Filters"):
 * - portal: `in_portal` has a portal account; `invited` has a live invite (queued, or sent
 *   and not expired) and no account; `not_invited` has an email, no account and no live
 *   invite; `no_email` has no email address;
 * - balanceDue: an order of theirs has open invoices that still ask for money
 *   (orders.balance_cents, kept by the triggers of 0008_orders_list.sql);
 * - archived: archived customers instead of current ones (hidden unless asked for).
 */
export type PortalFilter = 'in_portal' | 'invited' | 'not_invited' | 'no_email';

export interface CustomerFilters {
  portal?: PortalFilter | null;
  balanceDue?: boolean;
  archived?: boolean;
}

const hasAccount = sql`EXISTS (SELECT 1 FROM portal_accounts pa WHERE pa.customer_id = customers.id)`;
const liveInvite = (now: Date) => sql`EXISTS (
  SELECT 1 FROM invites i WHERE i.customer_id = customers.id AND i.status IN ('queued', 'sent')
    AND (i.expires_at IS NULL OR i.expires_at > ${now}))`;
const hasEmail = sql`coalesce(customers.email, '') <> ''`;

/** `AND …` conditions for these filters; `now` decides whether an invite is still live. */
export function filterSql(filters: CustomerFilters | undefined, now: Date): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    filters?.archived ? sql`customers.archived_at IS NOT NULL` : sql`customers.archived_at IS NULL`,
  ];
  switch (filters?.portal) {
    case 'in_portal':
      parts.push(hasAccount);
      break;
    case 'invited':
      parts.push(sql`NOT ${hasAccount} AND ${liveInvite(now)}`);
      break;
    case 'not_invited':
      parts.push(sql`${hasEmail} AND NOT ${hasAccount} AND NOT ${liveInvite(now)}`);
      break;
    case 'no_email':
      parts.push(sql`NOT ${hasEmail}`);
      break;
  }
  if (filters?.balanceDue) {
    parts.push(
      sql`EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.id AND o.balance_cents > 0)`,
    );
  }
  return sql`AND ${sql.join(parts, sql` AND `)}`;
}
