import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type CustomerSearchRow, escapeLike, planSearch } from './customer-search.repo.js';

/**
 * Every customer the list's search would find for these words, not just the first
 * pages: for "invite every eligible customer of this search". Same meaning as
 * searchCustomers (starts-with on last name, first name, email, phone digits for short
 * terms; contains anywhere for longer ones; archived customers left out) without its
 * candidate cap or ranks, read in list order a page at a time.
 */
export async function* allMatchingCustomers(
  db: Kysely<DB>,
  yardId: string,
  q: string,
  pageSize = 1000,
): AsyncGenerator<CustomerSearchRow[]> {
  const plan = planSearch(q);
  const match =
    plan.kind === 'list'
      ? sql`TRUE`
      : plan.kind === 'prefix'
        ? sql`(sort_name LIKE lower(${`${escapeLike(plan.term)}%`}) OR first_lower LIKE lower(${`${escapeLike(plan.term)}%`})
            OR email_lower LIKE lower(${`${escapeLike(plan.term)}%`}) OR phone_digits LIKE ${`${escapeLike(plan.term)}%`})`
        : sql`customer_search_text(first_name, last_name, company, email, phone_digits)
            LIKE lower(${`%${escapeLike(plan.term)}%`})`;
  let after: { sortName: string; id: string } | null = null;
  for (;;) {
    const cursor: ReturnType<typeof sql> = after
      ? sql`AND (sort_name, id) > (${after.sortName}::text COLLATE "C", ${after.id}::uuid)`
      : sql``;
    const { rows } = await sql<CustomerSearchRow & { sort_name: string }>`
      SELECT id, customer_number, first_name, last_name, company, email, phone, sort_name
      FROM customers WHERE yard_id = ${yardId} AND archived_at IS NULL AND ${match} ${cursor}
      ORDER BY sort_name, id LIMIT ${pageSize}`.execute(db);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = { sortName: last.sort_name, id: last.id };
  }
}
