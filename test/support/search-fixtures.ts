import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import {
  type CustomerSearchParams,
  type CustomerSearchRow,
  searchCustomers,
} from '../../src/modules/customers/customer-search.repo.js';
import { normalizePhone } from '../../src/modules/customers/phone.js';

/** Yards and customers written straight into the tables, for the search's own tests. */
export interface NewCustomer {
  first: string;
  last: string;
  company?: string | null;
  email?: string | null;
  phone?: string | null;
}

export async function makeYard(db: Kysely<DB>): Promise<string> {
  const slug = `search-${randomBytes(5).toString('hex')}`;
  const yard = await db
    .insertInto('yards')
    .values({ slug, name: `Yard ${slug}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return yard.id;
}

export async function addCustomers(
  db: Kysely<DB>,
  yardId: string,
  people: NewCustomer[],
  firstNumber = 0,
): Promise<string[]> {
  const rows = people.map((p, i) => {
    const phone = normalizePhone(p.phone);
    return {
      yard_id: yardId,
      customer_number: firstNumber + i + 1,
      first_name: p.first,
      last_name: p.last,
      company: p.company ?? null,
      email: p.email ?? null,
      phone: p.phone ?? null,
      phone_e164: phone?.e164 ?? null,
      phone_digits: phone?.digits ?? null,
    };
  });
  const inserted = await db.insertInto('customers').values(rows).returning('id').execute();
  return inserted.map((r) => r.id);
}

export const names = (rows: CustomerSearchRow[]) => rows.map((r) => `${r.first_name} ${r.last_name}`);

/** Every page of a search, following nextCursor. */
export async function allPages(
  db: Kysely<DB>,
  yardId: string,
  q: string,
  limit: number,
  more: Omit<CustomerSearchParams, 'q' | 'after' | 'limit'> = {},
) {
  const seen: CustomerSearchRow[] = [];
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const result = await searchCustomers(db, yardId, { ...more, q, after, limit });
    expect(result.rows.length).toBeLessThanOrEqual(limit);
    seen.push(...result.rows);
    if (!result.nextCursor) return seen;
    after = result.nextCursor;
  }
  throw new Error('pagination never ended');
}
