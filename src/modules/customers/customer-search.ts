import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../server/errors.js';
import { phoneSearchDigits } from './phone.js';

/**
 * Customer search for the dashboard list: the only place that knows how the search
 * columns and indexes of `customers` are used. Why it looks like this: docs/search.md.
 *
 * Three plans, chosen from the typed term alone:
 * - no term: the yard's customers in (sort_name, id) order, keyset-paginated;
 * - 1–2 characters: prefixes of last name, first name, email and phone digits, each
 *   read in (sort_name, id) order from its own prefix index and merged — exact, and
 *   never more than `limit + 1` rows a branch;
 * - 3+ characters: "contains" through the trigram index, but only the first
 *   CANDIDATE_CAP matches are materialized, then sorted and cut to a page. A common
 *   term ("son") therefore costs the same as a rare one, and `capped` tells the screen
 *   to ask for more letters.
 */

export interface CustomerSearchRow {
  id: string;
  customer_number: number;
  first_name: string;
  last_name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
}

export interface CustomerSearchParams {
  q?: string;
  /** Opaque cursor from a previous page's `nextCursor`. */
  after?: string | null;
  limit?: number;
}

export interface CustomerSearchResult {
  rows: CustomerSearchRow[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
  /** True when the term matched more customers than the search looked at. */
  capped: boolean;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
/** Matches materialized for a 3+ character term before sorting ("a few thousand"). */
export const CANDIDATE_CAP = 2000;
/** Longer input is cut: nobody types 100 characters to find a customer. */
const MAX_TERM_CHARS = 100;

export type SearchPlan =
  | { kind: 'list' }
  /** Starts-with on last name, first name, email, phone digits. */
  | { kind: 'prefix'; term: string }
  /** Contains, anywhere in name, company, email or phone digits. */
  | { kind: 'contains'; term: string };

const PHONE_LIKE = /^[\d\s().+\-/]+$/;

/**
 * Decides how a typed term is searched. Phone-looking input ("(305) 555-01",
 * "+1 305 555 0142") becomes its digits, which are what the phone part of the index holds.
 */
export function planSearch(q: string | undefined | null): SearchPlan {
  const text = [...(q ?? '').normalize('NFC').trim().replace(/\s+/g, ' ')]
    .slice(0, MAX_TERM_CHARS)
    .join('')
    .trim();
  if (!text) return { kind: 'list' };
  let term = text;
  if (PHONE_LIKE.test(text) && /\d/.test(text)) {
    term = phoneSearchDigits(text);
    // "+1 (" is the start of a phone number with nothing to search by yet.
    if (!term) return { kind: 'list' };
  }
  if ([...term].length <= 2 || !hasTrigram(searchKey(term.toLowerCase()))) return { kind: 'prefix', term };
  return { kind: 'contains', term };
}

/**
 * customer_search_key() of 0001_init.sql in JavaScript: punctuation becomes rare letters,
 * so the trigram index sees "ava.t", "@gma" or "jo sm" as one word. Only used to tell
 * whether a term has a trigram; the database applies its own function to the term.
 */
const KEY_LETTERS: Record<string, string> = { '.': 'x', _: 'x', '@': 'qq' };
for (const c of " -'%\\+&,/()#!") KEY_LETTERS[c] = 'q';
export function searchKey(text: string): string {
  return text.replace(/[ .@\-'%\\_+&,/()#!]/g, (c) => KEY_LETTERS[c]);
}

/**
 * Whether pg_trgm can take at least one trigram from the pattern `%key%`. It splits
 * the pattern into words of letters and digits; a word gets two blanks in front when a
 * separator precedes it inside the term and one blank behind when a separator follows
 * it. Without a single trigram the GIN index would be read in full, so such terms
 * ("***", "a$$") are searched as prefixes instead.
 */
export function hasTrigram(term: string): boolean {
  const chars = [...term];
  const isWordChar = (c: string) => /[\p{L}\p{N}]/u.test(c);
  let i = 0;
  while (i < chars.length) {
    if (!isWordChar(chars[i])) {
      i++;
      continue;
    }
    const start = i;
    while (i < chars.length && isWordChar(chars[i])) i++;
    const padded = i - start + (start > 0 ? 2 : 0) + (i < chars.length ? 1 : 0);
    if (padded >= 3) return true;
  }
  return false;
}

/** Escapes LIKE's wildcards so that "%", "_" and "\" typed by a person match themselves. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface Cursor {
  sortName: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sortName, c.id]), 'utf8').toString('base64url');
}

function decodeCursor(after: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      UUID.test(value[1])
    ) {
      return { sortName: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('That page of results is no longer valid. Please search again.');
}

interface SortedRow extends CustomerSearchRow {
  sort_name: string;
  /** How many candidates a "contains" search collected (absent for the other plans). */
  candidates?: number;
}

const COLUMNS = sql.raw('id, customer_number, first_name, last_name, company, email, phone, sort_name');

export async function searchCustomers(
  db: Kysely<DB>,
  yardId: string,
  params: CustomerSearchParams,
): Promise<CustomerSearchResult> {
  const { query, limit } = searchQuery(yardId, params);
  const rows = (await query.execute(db)).rows;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      id: r.id,
      customer_number: r.customer_number,
      first_name: r.first_name,
      last_name: r.last_name,
      company: r.company,
      email: r.email,
      phone: r.phone,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ sortName: last.sort_name, id: last.id }) : null,
    capped: (rows[0]?.candidates ?? 0) > CANDIDATE_CAP,
  };
}

/**
 * EXPLAIN ANALYZE of exactly the statement searchCustomers runs for these parameters
 * (for the benchmark and for anyone checking a plan on a real database).
 */
export async function explainSearch(
  db: Kysely<DB>,
  yardId: string,
  params: CustomerSearchParams,
): Promise<string> {
  const { query } = searchQuery(yardId, params);
  const result = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${query}`.execute(db);
  return result.rows.map((r) => r['QUERY PLAN']).join('\n');
}

function searchQuery(yardId: string, params: CustomerSearchParams) {
  const limit = clampLimit(params.limit);
  const cursor = params.after ? decodeCursor(params.after) : null;
  const plan = planSearch(params.q);
  // One row more than the page says whether there is a next page.
  const take = limit + 1;
  const after = cursor ? sql`AND (sort_name, id) > (${cursor.sortName}, ${cursor.id}::uuid)` : sql``;
  let query: RawBuilder<SortedRow>;
  if (plan.kind === 'list') {
    query = sql<SortedRow>`
      SELECT ${COLUMNS} FROM customers
      WHERE yard_id = ${yardId} ${after}
      ORDER BY sort_name, id
      LIMIT ${take}`;
  } else if (plan.kind === 'prefix') {
    query = prefixQuery(yardId, plan.term, after, take);
  } else {
    // MATERIALIZED and a LIMIT without ORDER BY: the planner collects the first
    // CANDIDATE_CAP + 1 matches from the trigram index and stops; only those are sorted.
    // The key (punctuation as letters, no LIKE wildcards left) finds candidates through
    // the index; search_text LIKE then keeps the exact matches.
    query = sql<SortedRow>`
      WITH candidates AS MATERIALIZED (
        SELECT ${COLUMNS} FROM customers
        WHERE yard_id = ${yardId}
          AND customer_search_key(search_text) LIKE '%' || customer_search_key(lower(${plan.term})) || '%'
          AND search_text LIKE lower(${`%${escapeLike(plan.term)}%`}) ${after}
        LIMIT ${CANDIDATE_CAP + 1}
      )
      SELECT c.*, (SELECT count(*) FROM candidates)::int AS candidates
      FROM candidates c
      ORDER BY sort_name, id
      LIMIT ${take}`;
  }
  return { query, limit, plan };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.trunc(limit)));
}

/**
 * Starts-with on four columns, each branch read in (sort_name, id) order from an index
 * on (yard_id, left(column, n), sort_name, id) and stopped after `take` rows, then
 * merged. The expressions must match the index definitions in 0001_init.sql exactly.
 * Terms longer than two characters (only those without a trigram land here) use the
 * two-character index and check the full prefix on the rows it yields.
 */
function prefixQuery(yardId: string, term: string, after: RawBuilder<unknown>, take: number) {
  const n = Math.min([...term].length, 2);
  const lit = sql.lit(n);
  // Lower-cased by the database, like the generated columns it is compared with.
  const pattern = sql`lower(${`${escapeLike(term)}%`})`;
  const head = sql`left(lower(${term}), ${lit})`;
  const rest = (column: string) =>
    [...term].length > 2 ? sql`AND ${sql.ref(column)} LIKE ${pattern}` : sql``;
  const branch = (where: RawBuilder<unknown>) => sql`(
    SELECT ${COLUMNS} FROM customers
    WHERE yard_id = ${yardId} AND ${where} ${after}
    ORDER BY sort_name, id
    LIMIT ${take})`;
  return sql<SortedRow>`
    SELECT * FROM (
      ${branch(sql`sort_name LIKE ${pattern}`)}
      UNION ${branch(sql`left(first_lower, ${lit}) = ${head} ${rest('first_lower')}`)}
      UNION ${branch(sql`left(email_lower, ${lit}) = ${head} ${rest('email_lower')}`)}
      UNION ${branch(sql`left(phone_digits, ${lit}) = ${head} ${rest('phone_digits')}`)}
    ) matches
    ORDER BY sort_name, id
    LIMIT ${take}`;
}
