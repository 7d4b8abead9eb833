// Longer than most files on purpose: every plan of the customer search (list, prefix, contains,
// phone digits), its ranks and its count, and the indexes each one relies on sit together,
// see docs/search.md.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../server/errors.js';
import { notInvitedCarriers } from './customer-search-carriers.repo.js';
import { type CustomerFilters, filterSql, isSelective } from './customer-search-filters.repo.js';
import { suggestNames } from './customer-search-suggest.repo.js';
import { phoneSearchDigits } from './phone.js';

/**
 * Customer search for the dashboard list: the only place that knows how the search
 * columns and indexes of `customers` are used. Why it looks like this: docs/search.md.
 *
 * Ranks, each read in list order and only while the page is not full: 0 an exact email or
 * phone number, 1 a first or last name that starts with the term, 2 the rest. Filters
 * (customer-search-filters.repo.ts) apply to every rank and plan; countCustomers counts
 * to 1,000; a first page that finds nobody suggests a name (customer-search-suggest.repo.ts).
 *
 * Plans, chosen from the typed term:
 * - no term: the yard's customers in (sort_name, id) order, keyset-paginated;
 * - 1–2 characters: prefixes of last name, first name, email and phone digits, each
 *   read in (sort_name, id) order from its own prefix index and merged — exact, and
 *   never more than `limit + 1` rows a branch;
 * - 3+ characters: "contains" on a key of name, company, email and phone digits,
 *   through the trigram index: the first CANDIDATE_CAP matches are materialized, sorted
 *   and cut to a page, and `capped` tells the screen to ask for more letters. On
 *   PostgreSQL the planner's estimates first weigh that against reading the yard in
 *   table order: a term common in a big yard is sampled that way (GIN builds a bitmap of
 *   every match before it returns a row), and a small yard beside big ones is read
 *   whole. Either way the rows read are bounded.
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
  filters?: CustomerFilters;
  /** Decides whether an invite is still live (the portal filter). */
  now?: Date;
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
  /** On a first page that found nobody: the term with a name of the yard it was probably meant as. */
  suggestion: string | null;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
/**
 * Matches collected through the trigram index for a 3+ character term before sorting.
 * Each costs a heap page visit (~5 µs from the OS cache); on the benchmark (1M
 * customers, docs/search.md, the index alone) p95 was 7.9 ms at 500, 9.1 ms at 1,000
 * and 15.5 ms at 2,000. A term matching more customers is not yet specific enough to
 * find one, and the screen says so (`capped`).
 */
export const CANDIDATE_CAP = 500;
/** A common term's candidates when read in table order: enough for two pages. */
const SAMPLE_SIZE = 50;
/** Rows a scan in table order is expected to read at most; beyond that the trigram index answers. */
const SCAN_LIMIT = 20_000;
/**
 * Rows it may read: twice that, so that a term a little rarer than its estimate (the
 * statistics are a sample) still finds its matches in the scan instead of coming back
 * short and paying for the trigram index after it.
 */
export const SCAN_READ = 2 * SCAN_LIMIT;
/**
 * Rough costs (µs) on PostgreSQL, measured on the benchmark machine, to choose between
 * the trigram index and a scan in table order: a bitmap entry per match of the term in
 * any yard, a heap page per candidate read through the index, a row read in table order.
 */
const COST = { bitmapEntry: 0.3, heapVisit: 5, scanRow: 0.7 };

/**
 * PGlite (one yard on a laptop, data in memory, rows scanned about seven times slower in
 * WebAssembly) keeps to the trigram index: its bitmaps stay small at its sizes, and the
 * estimate costs more than it saves there (bench, 100k customers: p95 4.6 ms without,
 * 6.9 ms with). Asked once per database handle.
 */
const estimatesPay = new WeakMap<object, Promise<boolean>>();
function estimatePays(db: Kysely<DB>): Promise<boolean> {
  let pays = estimatesPay.get(db);
  if (!pays) {
    pays = sql<{ v: string }>`SELECT version() AS v`
      .execute(db)
      .then((r) => !/PGlite/.test(r.rows[0]?.v ?? ''))
      .catch(() => false);
    estimatesPay.set(db, pays);
  }
  return pays;
}
/** Longer input is cut: nobody types 100 characters to find a customer. */
const MAX_TERM_CHARS = 100;

export type SearchPlan =
  | { kind: 'list' }
  /** Starts-with on last name, first name, email, phone digits. */
  | { kind: 'prefix'; term: string }
  /** Contains, anywhere in name, company, email or phone digits. */
  | { kind: 'contains'; term: string; phone?: boolean };

const PHONE_LIKE = /^[\d\s().+\-/]+$/;

/**
 * Decides how a typed term is searched. Phone-looking input ("(305) 555-01",
 * "+1 305 555 0142") becomes its digits, which are what the phone part of the index holds.
 */
export function planSearch(q: string | undefined | null): SearchPlan {
  // Control characters (NUL among them, which PostgreSQL refuses in text) count as blanks.
  const text = [
    ...(q ?? '')
      .normalize('NFC')
      .replace(/\p{Cc}/gu, ' ')
      .trim()
      .replace(/\s+/g, ' '),
  ]
    .slice(0, MAX_TERM_CHARS)
    .join('')
    .trim();
  if (!text) return { kind: 'list' };
  let term = text;
  const phone = PHONE_LIKE.test(text) && /\d/.test(text);
  if (phone) {
    term = phoneSearchDigits(text);
    // "+1 (" is the start of a phone number with nothing to search by yet.
    if (!term) return { kind: 'list' };
  }
  if ([...term].length <= 2 || !hasTrigram(searchKey(term.toLowerCase()))) return { kind: 'prefix', term };
  return phone ? { kind: 'contains', term, phone } : { kind: 'contains', term };
}

/**
 * customer_search_key() of 0001_init.sql in JavaScript: punctuation becomes the rare
 * letters q and x, so the trigram index sees "ava.t", "@gma" or "jo sm" as one word.
 * Used to tell whether a term has a trigram and whether a key match can be trusted;
 * the database computes the key of the term itself.
 */
const KEY_SPELLING: Record<string, string> = { '.': 'x', _: 'x', '@': 'qq', '-': 'qx', "'": 'xq' };
for (const c of ' %\\+&,/()#!') KEY_SPELLING[c] = 'q';
const KEY_CHANGES = /[ .%\\_+&,/()#!@'-]/g;
export function searchKey(text: string): string {
  return text.replace(KEY_CHANGES, (c) => KEY_SPELLING[c]);
}

/** Whether a key match may be a false one ("a_b" and "axb" share the key "axb"). */
function keyIsAmbiguous(term: string): boolean {
  return /[qx .%\\_+&,/()#!@'-]/.test(term.toLowerCase());
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

/**
 * Where a page ended: the rank of its last row (0 exact email or phone, 1 a name that
 * starts with the term, 2 the rest; 0 for the plain list) and its place in list order.
 */
interface Cursor {
  rank: number;
  sortName: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.rank, c.sortName, c.id]), 'utf8').toString('base64url');
}

function decodeCursor(after: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      (value[0] === 0 || value[0] === 1 || value[0] === 2) &&
      typeof value[1] === 'string' &&
      !value[1].includes('\u0000') &&
      typeof value[2] === 'string' &&
      UUID.test(value[2])
    ) {
      return { rank: value[0], sortName: value[1], id: value[2] };
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
  /** A scan that came back short: whether it read the whole yard. */
  complete?: boolean | null;
  /** Set by a plan that ranks its rows itself (a filtered "contains" search). */
  rank?: number;
}

const COLUMN_NAMES = [
  'id',
  'customer_number',
  'first_name',
  'last_name',
  'company',
  'email',
  'phone',
  'sort_name',
];
const COLUMNS = sql.raw(COLUMN_NAMES.join(', '));

export async function searchCustomers(
  db: Kysely<DB>,
  yardId: string,
  params: CustomerSearchParams,
): Promise<CustomerSearchResult> {
  const limit = clampLimit(params.limit);
  const cursor = params.after ? decodeCursor(params.after) : null;
  const plan = planSearch(params.q);
  const search = buildSearch(db, yardId, plan, params, limit + 1);
  const found: (SortedRow & { rank: number })[] = [];
  let capped = false;
  // Ranks in order, each read in list order from the cursor on, until a page is full.
  for (const tier of search.tiers) {
    if (cursor && !tier.after && tier.rank < cursor.rank) continue;
    const bound = !cursor
      ? sql``
      : tier.after
        ? tier.after(cursor)
        : tier.rank === cursor.rank
          ? afterSql(cursor)
          : sql``;
    const result = await runSteps(db, await tier.steps(bound));
    capped ||= result.capped;
    found.push(...result.rows.map((r) => ({ ...r, rank: r.rank ?? tier.rank })));
    if (found.length > limit) break;
  }
  const page = found.slice(0, limit);
  const last = page.at(-1);
  const suggestion =
    page.length === 0 && !cursor && plan.kind !== 'list' ? await suggestNames(db, yardId, plan.term) : null;
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
    nextCursor:
      found.length > limit && last
        ? encodeCursor({ rank: last.rank, sortName: last.sort_name, id: last.id })
        : null,
    capped,
    suggestion,
  };
}

async function runSteps(db: Kysely<DB>, steps: Step[]): Promise<{ rows: SortedRow[]; capped: boolean }> {
  let rows: SortedRow[] = [];
  let capped = false;
  for (const step of steps) {
    const result = (await step.query.execute(db)).rows;
    const candidates = result[0]?.candidates ?? 0;
    rows = result.filter((r) => r.id !== null);
    capped = candidates > step.cap;
    if (capped || step.final || result[0]?.complete) break;
  }
  return { rows, capped };
}

/**
 * How many customers the search and filters find, counted up to `cap` (the list shows
 * "more than 1,000" beyond): a count over a subquery that stops at cap + 1 matches.
 */
export async function countCustomers(
  db: Kysely<DB>,
  yardId: string,
  params: CustomerSearchParams,
  cap = COUNT_CAP,
  explained?: string[],
): Promise<{ count: number; more: boolean }> {
  const plan = planSearch(params.q);
  const { counts } = buildSearch(db, yardId, plan, params, DEFAULT_LIMIT + 1);
  let n = 0;
  const steps = await counts(cap);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if ('rest' in step) {
      steps.splice(i + 1, 0, ...(await step.rest()));
      continue;
    }
    if ('known' in step) {
      explained?.push(`known: ${step.known}`);
      n = step.known;
      break;
    }
    if (explained) {
      const lines = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${step.query}`.execute(db);
      explained.push(...lines.rows.map((r) => r['QUERY PLAN']));
    }
    const row = (await step.query.execute(db)).rows[0];
    n = row?.n ?? 0;
    // A scan in table order that neither reached the cap nor read the whole yard hands over.
    if (n > cap || step.final || row?.complete) break;
  }
  return n > cap ? { count: cap, more: true } : { count: n, more: false };
}

/** EXPLAIN ANALYZE of the statements countCustomers runs for these parameters. */
export async function explainCount(
  db: Kysely<DB>,
  yardId: string,
  params: CustomerSearchParams,
): Promise<string> {
  const explained: string[] = [];
  await countCustomers(db, yardId, params, COUNT_CAP, explained);
  return explained.join('\n');
}

/** Counted exactly up to here; beyond, "more than 1,000". */
export const COUNT_CAP = 1000;

/**
 * EXPLAIN ANALYZE of the statements searchCustomers runs for the first page of these
 * parameters (each rank until the page is full), with why (for the benchmark, and for anyone checking a plan).
 */
export async function explainSearch(
  db: Kysely<DB>,
  yardId: string,
  params: CustomerSearchParams,
): Promise<string> {
  const limit = clampLimit(params.limit);
  const search = buildSearch(db, yardId, planSearch(params.q), params, limit + 1);
  const out: string[] = [];
  let found = 0;
  // The ranks searchCustomers would read: until a page is full.
  for (const tier of search.tiers) {
    if (found > limit) break;
    for (const step of await tier.steps(sql``)) {
      out.push(`-- ${step.how} (rank ${tier.rank})`);
      const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${step.query}`.execute(db);
      out.push(...plan.rows.map((r) => r['QUERY PLAN']));
      const rows = (await step.query.execute(db)).rows;
      const first = rows[0];
      if ((first?.candidates ?? 0) > step.cap || step.final || first?.complete) {
        found += rows.filter((r) => r.id !== null).length;
        break;
      }
    }
  }
  return out.join('\n');
}

interface Step {
  query: RawBuilder<SortedRow>;
  /** Candidates beyond this many mean the result is `capped`. */
  cap: number;
  /**
   * Not final: a scan that came back short without reading the whole yard (the term is
   * rarer than estimated) yields to the next step.
   */
  final: boolean;
  how: string;
}

type CountStep =
  | { query: RawBuilder<{ n: number; complete?: boolean | null }>; final: boolean }
  /** Already known without a statement of its own. */
  | { known: number; final: true }
  /** The steps that follow, planned only when the count gets this far. */
  | { rest: () => Promise<CountStep[]> };

interface Tier {
  rank: number;
  steps: (after: RawBuilder<unknown>) => Promise<Step[]>;
  /** For a tier whose rows carry their own rank: the cursor's bound, whatever its rank. */
  after?: (cursor: Cursor) => RawBuilder<unknown>;
}

// (sort_name, id) > cursor, spelled so that sort_name >= … is a plain index bound: as a
// row comparison next to "sort_name LIKE 'ma%'" the btree would start at the cursor and
// read through everything before "ma".
function afterSql(cursor: Cursor) {
  return sql`AND sort_name >= ${cursor.sortName} AND (sort_name > ${cursor.sortName} OR id > ${cursor.id}::uuid)`;
}

const only = (query: RawBuilder<SortedRow>, how: string): Step[] => [
  { query, cap: Number.POSITIVE_INFINITY, final: true, how },
];

/**
 * The ranks of a search, each a function of the cursor's bound, and its count. Every
 * branch reads `take` rows at most, in list order, from an index that serves it.
 */
function buildSearch(
  db: Kysely<DB>,
  yardId: string,
  plan: SearchPlan,
  params: CustomerSearchParams,
  take: number,
): { tiers: Tier[]; counts: (cap: number) => Promise<CountStep[]> } {
  const filters = filterSql(params.filters, params.now ?? new Date());
  const archived = params.filters?.archived === true;
  const branch = (where: RawBuilder<unknown>, after: RawBuilder<unknown>) => sql`(
    SELECT ${COLUMNS} FROM customers
    WHERE yard_id = ${yardId} AND ${where} ${filters} ${after}
    ORDER BY sort_name, id
    LIMIT ${take})`;
  const union = (parts: RawBuilder<unknown>[]) => sql<SortedRow>`
    SELECT * FROM (${sql.join(parts, sql` UNION `)}) matches
    ORDER BY sort_name, id
    LIMIT ${take}`;
  const countOf = (from: RawBuilder<unknown>, cap: number) =>
    sql<{ n: number }>`SELECT count(*)::int AS n FROM (${from} LIMIT ${cap + 1}) counted`;

  if (plan.kind === 'list') {
    return {
      tiers: [{ rank: 0, steps: async (after) => only(union([branch(sql`true`, after)]), 'list') }],
      counts: async (cap) => [
        {
          query: countOf(sql`SELECT 1 FROM customers WHERE yard_id = ${yardId} ${filters}`, cap),
          final: true,
        },
      ],
    };
  }

  const term = plan.term;
  const pattern = sql`lower(${`${escapeLike(term)}%`})`;
  // Rank 1: the last name (the start of sort_name) or the first name starts with the term;
  // or, for two words, the first name is the first and the last name starts with the second
  // ("Charles Co": Charles Cooper, read in list order from customers_first_name).
  const words = plan.kind === 'contains' && !plan.phone ? FIRST_LAST.exec(term) : null;
  const firstLast = words
    ? sql`(first_lower = lower(${words[1]}) AND sort_name LIKE lower(${`${escapeLike(words[2])}%`}))`
    : null;
  const namePrefix = firstLast
    ? sql`(sort_name LIKE ${pattern} OR first_lower LIKE ${pattern} OR ${firstLast})`
    : sql`(sort_name LIKE ${pattern} OR first_lower LIKE ${pattern})`;

  if (plan.kind === 'prefix') {
    const n = Math.min([...term].length, 2);
    const lit = sql.lit(n);
    const head = sql`left(lower(${term}), ${lit})`;
    const rest = (column: string) =>
      [...term].length > 2 ? sql`AND ${sql.ref(column)} LIKE ${pattern}` : sql``;
    const first = sql`left(first_lower, ${lit}) = ${head} ${rest('first_lower')}`;
    const email = sql`left(email_lower, ${lit}) = ${head} ${rest('email_lower')}`;
    const phone = sql`left(phone_digits, ${lit}) = ${head} ${rest('phone_digits')}`;
    if (isSelective(params.filters)) {
      // Nobody without an email has an email that starts with the term.
      const emails = params.filters?.portal === 'no_email' ? [] : [email];
      // How many current customers carry a first name that starts with the term (0013):
      // archived customers are not counted there, so that filter keeps its own index.
      const carried = archived
        ? null
        : sql`(SELECT coalesce(sum(customers), 0) FROM customer_names
            WHERE yard_id = ${yardId} AND kind = 'first' AND name LIKE ${pattern})`;
      return selectivePrefix(yardId, filters, take, {
        name: [sql`sort_name LIKE ${pattern}`],
        first: { condition: first, carried },
        rest: [...emails, phone].map((w) => sql`${w} AND NOT ${namePrefix}`),
        heapFilters: filterSql(params.filters, params.now ?? new Date(), { trigramsOnly: true }),
      });
    }
    return {
      tiers: [
        {
          rank: 1,
          steps: async (after) =>
            only(union([branch(sql`sort_name LIKE ${pattern}`, after), branch(first, after)]), 'name prefix'),
        },
        {
          rank: 2,
          steps: async (after) =>
            only(
              union([
                branch(sql`${email} AND NOT ${namePrefix}`, after),
                branch(sql`${phone} AND NOT ${namePrefix}`, after),
              ]),
              'email or phone prefix',
            ),
        },
      ],
      // Each branch leaves out the rows of the branches before it, so they are counted once
      // without a UNION, which would read every branch to its end (cap + 1 rows, a table row
      // each) before counting: read in turn, they stop as soon as cap + 1 are found.
      counts: async (cap) => {
        const where = [sql`sort_name LIKE ${pattern}`, first, email, phone];
        const branches = where.map((w, i) => {
          const before = where.slice(0, i).map((b) => sql`AND (${b}) IS NOT TRUE`);
          return sql`(SELECT 1 FROM customers WHERE yard_id = ${yardId} AND ${w} ${sql.join(before, sql` `)} ${filters} LIMIT ${cap + 1})`;
        });
        return [
          {
            query: countOf(sql`SELECT 1 FROM (${sql.join(branches, sql` UNION ALL `)}) u`, cap),
            final: true,
          },
        ];
      },
    };
  }

  // Rank 0: the whole phone number (its national digits) for phone input, the whole email
  // address for a term with an @; other terms have no rank 0 and skip its query.
  const exactWhere = plan.phone
    ? sql`phone_digits = ${term}`
    : term.includes('@')
      ? sql`email_lower = lower(${term})`
      : null;
  const exact = exactWhere ? sql`coalesce(${exactWhere}, false)` : sql`false`;
  // First names are read one by one in list order (customers_first_name), each a name of
  // the yard that starts with the term (customer_names); archived customers, whose names
  // that table leaves out, are few and read from their own index.
  const firstNames = (after: RawBuilder<unknown>) =>
    archived
      ? branch(sql`first_lower LIKE ${pattern} AND NOT ${exact}`, after)
      : sql`(SELECT c.* FROM (
          SELECT name FROM customer_names
          WHERE yard_id = ${yardId} AND kind = 'first' AND name LIKE ${pattern}
          ORDER BY name LIMIT ${FIRST_NAMES}
        ) names CROSS JOIN LATERAL (
          SELECT ${COLUMNS} FROM customers
          WHERE yard_id = ${yardId} AND first_lower = names.name AND NOT ${exact} ${filters} ${after}
          ORDER BY sort_name, id LIMIT ${take}
        ) c)`;
  const selective = isSelective(params.filters);
  const contains = containsSearch(db, yardId, term, filters, take, {
    exclude: sql`NOT ${exact} AND NOT ${namePrefix}`,
    indexOnly: selective,
    // The estimate does not depend on the clock: a page and its count share it.
    estimateKey: JSON.stringify([yardId, term, params.filters ?? {}]),
    trigramFilters: filterSql(params.filters, params.now ?? new Date(), { trigramsOnly: true }),
  });
  if (selective) {
    // A filter that keeps few customers has its own small trigram index (0016): every rank
    // comes from its matches, each row ranked as it is read, in one statement.
    const rank = sql`(CASE WHEN ${exact} THEN 0 WHEN ${namePrefix} THEN 1 ELSE 2 END)`;
    return {
      tiers: [
        {
          rank: 0,
          steps: async (after) => [contains.ranked(rank, after)],
          after: (c) =>
            sql`AND (${rank} > ${c.rank} OR (${rank} = ${c.rank} AND ${sql.raw('(sort_name, id)')} > (${c.sortName}, ${c.id}::uuid)))`,
        },
      ],
      counts: contains.counts,
    };
  }
  // The names table (0013) counts the current customers who carry each name. When the first
  // or the last names that contain the term are carried by more than `cap` customers, each
  // of whom contains the term (a term of letters and digits only: its key is itself), the
  // count is "more than cap" without reading a customer: "richa", "lli" (William, Phillips,
  // Collins), "een" (Green), "dez" (Hernandez), whose count otherwise read 20,000–45,000
  // trigram matches or rows in table order and 1,001 table rows (8–20 ms) where a few
  // hundred names are summed (~1–3 ms). With "not invited" (which keeps most customers) the
  // carriers of those names that the filter keeps are counted from the filter's covering
  // indexes (0032, customer-search-carriers.repo.ts), up to cap + 1, never a table row.
  // Fewer, and the trigram count follows.
  const byNames = !selective && !plan.phone && /^[\p{L}\p{N}]+$/u.test(term);
  const named = sql`lower(${`%${escapeLike(term)}%`})`;
  const counts = async (cap: number): Promise<CountStep[]> => {
    if (!byNames) return contains.counts(cap);
    const carried = (kind: string) => sql`(SELECT coalesce(sum(customers), 0) FROM customer_names
      WHERE yard_id = ${yardId} AND kind = ${kind} AND name LIKE ${named})`;
    // The last names (tens of thousands in a big yard) are summed only when the first names
    // do not already reach the cap: PostgreSQL runs a subquery in a CASE branch only when
    // that branch is taken.
    const { rows } = await sql<{ first: number; last: number | null }>`
      SELECT f.n AS first, CASE WHEN f.n <= ${cap} THEN ${carried('last')}::int END AS last
      FROM (SELECT ${carried('first')}::int AS n) f`.execute(db);
    const first = rows[0]?.first ?? 0;
    const last = rows[0]?.last ?? 0;
    if (!params.filters?.portal) {
      if (Math.max(first, last) <= cap) return contains.counts(cap);
      return [{ known: Math.max(first, last), final: true }];
    }
    if (first + last <= cap) return contains.counts(cap);
    const byName: CountStep = { query: notInvitedCarriers(yardId, named, filters, cap), final: false };
    return [byName, { rest: () => contains.counts(cap) }];
  };
  return {
    tiers: [
      ...(exactWhere
        ? [
            {
              rank: 0,
              steps: async (after: RawBuilder<unknown>) =>
                only(union([branch(exactWhere, after)]), 'exact email or phone'),
            },
          ]
        : []),
      {
        rank: 1,
        steps: async (after) =>
          only(
            union([
              branch(sql`sort_name LIKE ${pattern} AND NOT ${exact}`, after),
              firstNames(after),
              ...(firstLast ? [branch(sql`${firstLast} AND NOT ${exact}`, after)] : []),
            ]),
            'name prefix',
          ),
      },
      { rank: 2, steps: contains.steps },
    ],
    counts,
  };
}

/**
 * A 1–2 character term with a filter that keeps few customers: the filter's own list-order
 * index carries the compared columns (0016), so the matches are found in the index alone,
 * in list order, and only a page of them is read from the table. A first name has no range
 * in that index: the whole filter is read ("hn" with "no email": 49,600 entries, 7–14 ms,
 * for the page and again for the count) when few customers carry such a first name. Then
 * those few are read from the first-name prefix index instead, the filter checked on each
 * row (at most FIRST_PREFIX_READ); the names table (0013) says which, inside the statement.
 */
function selectivePrefix(
  yardId: string,
  filters: RawBuilder<unknown>,
  take: number,
  where: {
    name: RawBuilder<unknown>[];
    first: { condition: RawBuilder<unknown>; carried: RawBuilder<unknown> | null };
    rest: RawBuilder<unknown>[];
    heapFilters: RawBuilder<unknown>;
  },
): { tiers: Tier[]; counts: (cap: number) => Promise<CountStep[]> } {
  const columns = sql.raw(COLUMN_NAMES.map((c) => `c.${c}`).join(', '));
  // Each branch on its own, so that the planner weighs the prefix index against the
  // filter's index for each: a rare prefix is found through the first, a common one in
  // the second, in list order.
  const branch = (
    condition: RawBuilder<unknown>,
    after: RawBuilder<unknown>,
    limit: number,
    kept = filters,
    gate = sql``,
  ) => sql`(
    SELECT id, sort_name FROM customers
    WHERE yard_id = ${yardId} AND ${condition} ${kept} ${after} ${gate}
    ORDER BY sort_name, id LIMIT ${limit})`;
  // Both ways, each gated on the names table: PostgreSQL runs the gate once, before either
  // branch, and never starts the branch whose gate is false. Without `sort_name IS NOT
  // NULL` the filter's list-order index cannot serve, so the prefix index does.
  const firstBranches = (after: RawBuilder<unknown>, limit: number) => {
    const { condition, carried } = where.first;
    if (!carried) return [branch(condition, after, limit)];
    return [
      branch(condition, after, limit, where.heapFilters, sql`AND ${carried} <= ${FIRST_PREFIX_READ}`),
      branch(condition, after, limit, filters, sql`AND ${carried} > ${FIRST_PREFIX_READ}`),
    ];
  };
  const matches = (branches: RawBuilder<unknown>[]) => sql<SortedRow>`
    SELECT ${columns} FROM (
      SELECT * FROM (${sql.join(branches, sql` UNION `)}) u ORDER BY sort_name, id LIMIT ${take}
    ) m JOIN customers c ON c.id = m.id
    ORDER BY m.sort_name, m.id`;
  return {
    tiers: [
      {
        rank: 1,
        steps: async (after) =>
          only(
            matches([...where.name.map((w) => branch(w, after, take)), ...firstBranches(after, take)]),
            'name prefix, filter index',
          ),
      },
      {
        rank: 2,
        steps: async (after) =>
          only(matches(where.rest.map((w) => branch(w, after, take))), 'email or phone prefix, filter index'),
      },
    ],
    // As without a filter: each branch leaves out the rows of the branches before it and
    // they are read in turn (UNION ALL), so the count stops at cap + 1 ("ro" with "no
    // email": the last names reach 1,001 and the first names are never read).
    counts: async (cap) => {
      const all = [...where.name, where.first.condition, ...where.rest];
      const before = (i: number) =>
        sql.join(
          all.slice(0, i).map((b) => sql`AND (${b}) IS NOT TRUE`),
          sql` `,
        );
      const firstAt = where.name.length;
      const branches = all.flatMap((w, i) =>
        i === firstAt ? firstBranches(before(i), cap + 1) : [branch(sql`${w} ${before(i)}`, sql``, cap + 1)],
      );
      return [
        {
          query: sql<{ n: number }>`SELECT count(*)::int AS n FROM (
            SELECT 1 FROM (${sql.join(branches, sql` UNION ALL `)}) u LIMIT ${cap + 1}) counted`,
          final: true,
        },
      ];
    },
  };
}

/**
 * Customers carrying a first name that starts with a 1–2 character term, up to which they
 * are read through the prefix index (a table row each, ~5 µs) rather than the filter's
 * index in full (~0.2 µs an entry, 20,000–50,000 entries for the bigger filters).
 */
export const FIRST_PREFIX_READ = 1000;

/**
 * A term of two words of letters, one space between: a first name and the start of a last
 * name. Each customer it finds contains the term (their text is "first last …").
 */
const FIRST_LAST = /^(\p{L}+) (\p{L}+)$/u;

/** First names a 3+ letter term may expand to (a yard has a few such, "mar" perhaps 40). */
const FIRST_NAMES = 200;

/**
 * Rank 2 of a 3+ character term: "contains", through the trigram index or, on
 * PostgreSQL for a term common in a big yard, in table order (docs/search.md). `exclude`
 * leaves out what the earlier ranks showed; it is checked on the candidates only.
 */
function containsSearch(
  db: Kysely<DB>,
  yardId: string,
  term: string,
  filters: RawBuilder<unknown>,
  take: number,
  opts: {
    exclude: RawBuilder<unknown>;
    indexOnly: boolean;
    trigramFilters: RawBuilder<unknown>;
    estimateKey: string;
  },
) {
  const { exclude } = opts;
  const key = sql`'%' || customer_search_key(lower(${term})) || '%'`;
  // The term's key holds no LIKE wildcards (they are spelled as letters). Where it can be
  // ambiguous the text itself is compared too, on the candidates only, so that the cap
  // bounds the rows read whatever the term.
  const exact = keyIsAmbiguous(term)
    ? sql`customer_search_text(first_name, last_name, company, email, phone_digits)
            LIKE lower(${`%${escapeLike(term)}%`})`
    : sql`true`;
  // MATERIALIZED and a LIMIT without ORDER BY: the first cap + 1 matches are collected
  // and the scan stops; only those are sorted.
  const candidates = (from: RawBuilder<unknown>, cap: number, scanned = sql`NULL::boolean`) => sql<SortedRow>`
    WITH candidates AS MATERIALIZED (
      SELECT ${COLUMNS}, ${exact} AND ${exclude} AS shown FROM ${from}
      LIMIT ${cap + 1}
    )
    -- One row even when nothing is left, so that the count always arrives.
    SELECT c.*, n.candidates, CASE WHEN n.candidates <= ${cap} THEN ${scanned} END AS complete
    FROM (SELECT count(*)::int AS candidates FROM candidates) n
    LEFT JOIN LATERAL (
      SELECT * FROM candidates WHERE shown ORDER BY sort_name, id LIMIT ${take}
    ) c ON true
    ORDER BY c.sort_name, c.id`;
  const indexed = (after: RawBuilder<unknown>) =>
    sql`customers WHERE yard_id = ${yardId} AND search_key LIKE ${key} ${filters} ${after}`;
  // The yard compared as text, so that no btree applies and the trigram index is read: with
  // a filter's small trigram index that is always cheap, while the planner, expecting
  // matches to be common, may otherwise walk the filter's list-order index and read it all.
  const byTrigrams = (after: RawBuilder<unknown>) =>
    sql`customers WHERE yard_id::text = ${yardId} AND search_key LIKE ${key} ${opts.trigramFilters} ${after}`;
  const rare = (after: RawBuilder<unknown>): Step => ({
    query: candidates(indexed(after), CANDIDATE_CAP),
    cap: CANDIDATE_CAP,
    final: true,
    how: `trigram index, first ${CANDIDATE_CAP} matches`,
  });
  // textlike() is LIKE spelled as a function call: estimated from the same statistics,
  // but no index applies to it. The inner LIMIT bounds the rows read should the
  // statistics be wrong for this yard. A scan that comes back short is the whole answer
  // when it read the whole yard (counted off an index, and only then); otherwise the
  // trigram index answers after all.
  const scanned = (after: RawBuilder<unknown>) => sql`(
    SELECT * FROM customers WHERE yard_id = ${yardId} ${after} LIMIT ${SCAN_READ}
  ) customers WHERE textlike(search_key, ${key}) ${filters}`;
  const wholeYard = sql`(
    SELECT count(*) FROM (SELECT 1 FROM customers WHERE yard_id = ${yardId} LIMIT ${SCAN_READ + 1}) y
  ) <= ${SCAN_READ}`;

  // The trigram index builds a bitmap of every match, of every yard, before it returns a
  // row. For a term common in a big yard, reading the yard in table order until enough
  // matches have turned up is cheaper; for a small yard beside big ones, reading the
  // whole yard is. The planner's statistics (EXPLAIN runs nothing) give the numbers.
  // `sample` matches read in table order when the yard has more than `cap`, else the yard.
  const estimate = async (sample: number, cap: number) => {
    if (opts.indexOnly || !(await estimatePays(db))) return null;
    const { yardRows, yardMatches, allMatches } = await sharedEstimate(db, opts.estimateKey, () =>
      estimateMatches(db, yardId, key, filters),
    );
    const sampling = yardMatches > cap;
    const scanRows = sampling ? (sample * yardRows) / yardMatches : yardRows;
    const indexCost = allMatches * COST.bitmapEntry + Math.min(yardMatches, cap) * COST.heapVisit;
    if (scanRows > SCAN_LIMIT || scanRows * COST.scanRow >= indexCost) return null;
    return { sampling, yardRows, yardMatches, allMatches };
  };

  // A whole email address: its trigrams include the domain's ("gma", "com"), found in most
  // keys of the yard, which GIN reads in full before it returns a row. Every match contains
  // the part before the @, which is usually rare: its matches are read first (at most
  // LOCAL_PART_READ), and the whole address checked on them. When the part before the @ is
  // common that first step comes back incomplete and the whole address answers as before.
  const local = localPart(term);
  const byLocalPart = (after: RawBuilder<unknown>, localPattern: string): Step => ({
    query: sql<SortedRow>`
      WITH local_matches AS MATERIALIZED (
        SELECT ${COLUMNS}, textlike(search_key, ${key}) AS hit, ${exact} AND ${exclude} AS shown
        FROM customers
        WHERE yard_id = ${yardId} AND search_key LIKE '%' || customer_search_key(lower(${localPattern})) || '%'
          ${filters} ${after}
        LIMIT ${LOCAL_PART_READ + 1}
      ), candidates AS (SELECT * FROM local_matches WHERE hit)
      SELECT c.*, n.candidates, n.complete
      FROM (
        SELECT (SELECT count(*)::int FROM candidates) AS candidates,
               (SELECT count(*) FROM local_matches) <= ${LOCAL_PART_READ} AS complete
      ) n
      LEFT JOIN LATERAL (
        SELECT * FROM candidates WHERE shown ORDER BY sort_name, id LIMIT ${take}
      ) c ON true
      ORDER BY c.sort_name, c.id`,
    cap: CANDIDATE_CAP,
    final: false,
    how: `trigram index of the part before the @, first ${LOCAL_PART_READ} matches`,
  });

  return {
    /** Every rank at once from the trigram index, each candidate carrying `rank`. */
    ranked: (rank: RawBuilder<unknown>, after: RawBuilder<unknown>): Step => ({
      query: sql<SortedRow>`
        WITH candidates AS MATERIALIZED (
          SELECT ${COLUMNS}, ${rank} AS rank, ${exact} AS shown FROM ${byTrigrams(after)}
          LIMIT ${CANDIDATE_CAP + 1}
        )
        SELECT c.*, n.candidates, NULL::boolean AS complete
        FROM (SELECT count(*)::int AS candidates FROM candidates) n
        LEFT JOIN LATERAL (
          SELECT * FROM candidates WHERE shown ORDER BY rank, sort_name, id LIMIT ${take}
        ) c ON true
        ORDER BY c.rank, c.sort_name, c.id`,
      cap: CANDIDATE_CAP,
      final: true,
      how: `filtered trigram index, first ${CANDIDATE_CAP} matches, ranked`,
    }),
    steps: async (after: RawBuilder<unknown>): Promise<Step[]> => {
      if (local) return [byLocalPart(after, local), rare(after)];
      const sample = Math.max(SAMPLE_SIZE, take);
      const e = await estimate(sample, CANDIDATE_CAP);
      if (!e) return [rare(after)];
      // Sampled, a page is capped either way; otherwise the whole yard is read, and exact.
      const want = e.sampling ? sample : CANDIDATE_CAP;
      const scan: Step = {
        query: candidates(scanned(after), want, wholeYard),
        cap: want,
        final: false,
        how:
          `table order, first ${want} matches (planner expects ${Math.round(e.yardMatches)} matches among ` +
          `${Math.round(e.yardRows)} customers, ${Math.round(e.allMatches)} in all yards)`,
      };
      return [scan, rare(after)];
    },
    // Every match of every rank contains the term, so this counts them all.
    counts: async (cap: number): Promise<CountStep[]> => {
      const byIndex: CountStep = {
        query: sql`SELECT count(*)::int AS n FROM (
          SELECT 1 FROM ${opts.indexOnly ? byTrigrams(sql``) : indexed(sql``)} AND ${exact}
          LIMIT ${cap + 1}) counted`,
        final: true,
      };
      const e = await estimate(cap + 1, cap + 1);
      if (!e) return [byIndex];
      const byScan: CountStep = {
        query: sql`SELECT n, n <= ${cap} AND ${wholeYard} AS complete FROM (
          SELECT count(*)::int AS n FROM (SELECT 1 FROM ${scanned(sql``)} AND ${exact} LIMIT ${cap + 1}) m
        ) counted`,
        final: false,
      };
      return [byScan, byIndex];
    },
  };
}

/** Matches of the part before the @ read to find a whole email address among them. */
const LOCAL_PART_READ = 200;

/**
 * The part before the @ of a term that has one, when it is long enough to have matches
 * rarer than the whole address's trigrams suggest (4+ characters with a trigram).
 */
export function localPart(term: string): string | null {
  const at = term.indexOf('@');
  if (at < 0) return null;
  const local = term.slice(0, at);
  return [...local].length >= 4 && hasTrigram(searchKey(local.toLowerCase())) ? local : null;
}

type Estimate = Awaited<ReturnType<typeof estimateMatches>>;
/** How long an estimate is reused: the first page and its count ask for it at once. */
const ESTIMATE_REUSE_MS = 200;
const estimates = new WeakMap<object, Map<string, { at: number; value: Promise<Estimate> }>>();

/**
 * The estimate of a search asked for again within ESTIMATE_REUSE_MS: the page and the count
 * of a first page run side by side and would each plan the same EXPLAIN (about 1 ms).
 */
function sharedEstimate(db: Kysely<DB>, key: string, get: () => Promise<Estimate>): Promise<Estimate> {
  let byKey = estimates.get(db);
  if (!byKey) {
    byKey = new Map();
    estimates.set(db, byKey);
  }
  const now = Date.now();
  const kept = byKey.get(key);
  if (kept && now - kept.at < ESTIMATE_REUSE_MS) return kept.value;
  for (const [k, e] of byKey) if (now - e.at >= ESTIMATE_REUSE_MS) byKey.delete(k);
  const value = get();
  byKey.set(key, { at: now, value });
  value.catch(() => {
    if (byKey.get(key)?.value === value) byKey.delete(key);
  });
  return value;
}

/**
 * The planner's estimates (statistics of search_key, see 0001_init.sql) of the yard's
 * size, of the term's matches in it that the filters keep (a scan in table order counts
 * only those), and of its matches in the whole table.
 */
async function estimateMatches(
  db: Kysely<DB>,
  yardId: string,
  key: RawBuilder<unknown>,
  filters: RawBuilder<unknown>,
) {
  const result = await sql<{ 'QUERY PLAN': unknown }>`
    EXPLAIN (FORMAT JSON)
    SELECT 1 FROM customers WHERE yard_id = ${yardId}
    UNION ALL
    SELECT 1 FROM customers WHERE yard_id = ${yardId} AND search_key LIKE ${key} ${filters}
    UNION ALL
    SELECT 1 FROM customers WHERE search_key LIKE ${key}`.execute(db);
  const raw = result.rows[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan?: PlanNode }] | undefined;
  const rows = (doc?.[0]?.Plan?.Plans ?? []).map((p) => p['Plan Rows'] ?? 0);
  if (rows.length !== 3) return { yardRows: 0, yardMatches: 0, allMatches: 0 };
  return { yardRows: rows[0], yardMatches: rows[1], allMatches: rows[2] };
}

interface PlanNode {
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.trunc(limit)));
}
