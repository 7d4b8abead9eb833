import { type RawBuilder, sql } from 'kysely';

/** Names of each kind read for their carriers: the most carried first, so the cap comes soon. */
const NAMES_READ = 200;

/**
 * The "not invited" customers who carry a first name or a last name of the yard that
 * contains `pattern` (a LIKE pattern of letters and digits), counted up to `cap` + 1: each a
 * match of the search (their key holds the name). The names come from `customer_names`
 * (0013), the most carried first; their carriers from the covering partial indexes of 0032,
 * which hold only current customers with an email and no portal account, with the time an
 * invite stops working beside each entry: the count reads index entries in order, never a
 * table row ("lli": William, Phillips; "ewart": Stewart). `filters` is the "not invited"
 * condition (customer-search-filters.repo.ts), which those indexes' condition is part of.
 *
 * First names are read first; the last names only when they do not reach the cap, and a
 * carrier whose first name contains the term too is not counted twice. A last name is
 * found as the start of `sort_name` ("stewart " up to "stewart!" in byte order, the
 * column's collation is "C") and checked whole against the first name beside it, so that
 * "van der berg" is not a carrier of "van". A count short of the cap may have missed names
 * beyond the most carried: the caller then counts the matches themselves.
 */
export function notInvitedCarriers(
  yardId: string,
  pattern: RawBuilder<unknown>,
  filters: RawBuilder<unknown>,
  cap: number,
): RawBuilder<{ n: number }> {
  // MATERIALIZED: the names are found through their trigram index and sorted once, then
  // each is looked up; inlined, the planner may walk the yard's every name instead. The
  // last names are looked for only if the first names' carriers fall short.
  const names = (kind: 'first' | 'last') => sql`
    SELECT name FROM customer_names
    WHERE yard_id = ${yardId} AND kind = ${kind} AND name LIKE ${pattern}
    ORDER BY customers DESC, name LIMIT ${NAMES_READ}`;
  return sql<{ n: number }>`
    WITH firsts AS MATERIALIZED (${names('first')}), lasts AS MATERIALIZED (${names('last')})
    SELECT count(*)::int AS n FROM (
      (SELECT 1 FROM firsts CROSS JOIN LATERAL (
        SELECT 1 FROM customers
        WHERE yard_id = ${yardId} AND first_lower = firsts.name ${filters}) c)
      UNION ALL
      (SELECT 1 FROM lasts CROSS JOIN LATERAL (
        SELECT 1 FROM customers
        WHERE yard_id = ${yardId} AND sort_name >= lasts.name || ' ' AND sort_name < lasts.name || '!'
          AND sort_name = lasts.name || ' ' || first_lower AND first_lower NOT LIKE ${pattern} ${filters}) c)
      LIMIT ${cap + 1}
    ) counted`;
}
