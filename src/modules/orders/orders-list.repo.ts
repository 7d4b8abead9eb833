import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB, OrderStatus } from '../../db/schema.js';
import { escapeLike } from '../customers/customer-search.repo.js';
import type { RecentCursor } from './recent-cursor.js';

/**
 * The staff Orders list: the only SQL on the list's indexes (0007 and 0008, docs/orders.md
 * "Orders list"). Every query filters on the yard and reads in (updated_at DESC, id DESC)
 * order; a search is a union of branches (customers, boats, title), each reading at most
 * one page from its own index, merged and cut to the page.
 */

export interface ListFilter {
  yardId: string;
  /** Empty: every status. */
  statuses: OrderStatus[];
  /** Opened on or after this day / on or before it (UTC days, YYYY-MM-DD). */
  from?: string;
  to?: string;
  boatId?: string;
  customerId?: string;
  /** A technician's list: only the orders assigned to this staff member (docs/yards.md). */
  assignedTo?: string;
}

/** What a search matches: an order number, or orders of these customers or boats, or a title. */
export type ListMatch =
  | { kind: 'all' }
  | { kind: 'number'; number: number }
  | { kind: 'text'; customerIds: string[]; boatIds: string[]; titleLike: string | null };

export interface ListRow {
  id: string;
  number: number;
  title: string;
  status: OrderStatus;
  customer_id: string;
  boat_id: string | null;
  opened_at: Date;
  updated_at: Date;
  cursor_at: string;
  value_cents: number;
  balance_cents: number;
  first_name: string;
  last_name: string;
  company: string | null;
  boat_name: string | null;
  estimate_status: string | null;
  assigned_to: string | null;
  assignee_name: string | null;
}

export interface StatusSum {
  status: OrderStatus;
  n: number;
  value_cents: number;
  balance_cents: number;
}

/** Candidates counted for a search's chips and totals; beyond it they are "at least". */
export const COUNT_CAP = 1_000;
/** Boats whose name matches a search, looked at in name order. */
export const BOAT_CAP = 200;

const COLUMNS = sql.raw(
  'id, number, title, status, customer_id, boat_id, opened_at, updated_at, value_cents, balance_cents, assigned_to',
);

function filters(f: ListFilter, withStatus: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`yard_id = ${f.yardId}`];
  if (withStatus && f.statuses.length === 1) parts.push(sql`status = ${f.statuses[0]}`);
  if (withStatus && f.statuses.length > 1) parts.push(sql`status IN (${sql.join(f.statuses)})`);
  if (f.from) parts.push(sql`opened_at >= ${`${f.from}T00:00:00Z`}::timestamptz`);
  if (f.to) parts.push(sql`opened_at < ${`${f.to}T00:00:00Z`}::timestamptz + interval '1 day'`);
  if (f.boatId) parts.push(sql`boat_id = ${f.boatId}`);
  if (f.customerId) parts.push(sql`customer_id = ${f.customerId}`);
  if (f.assignedTo) parts.push(sql`assigned_to = ${f.assignedTo}`);
  return sql.join(parts, sql` AND `);
}

/** The conditions of each branch of the search (one branch without a search). */
function branches(match: ListMatch): RawBuilder<unknown>[] {
  if (match.kind === 'all') return [sql`true`];
  if (match.kind === 'number') return [sql`number = ${match.number}`];
  const out: RawBuilder<unknown>[] = [];
  if (match.customerIds.length) out.push(sql`customer_id IN (${sql.join(match.customerIds)})`);
  if (match.boatIds.length) out.push(sql`boat_id IN (${sql.join(match.boatIds)})`);
  if (match.titleLike) out.push(sql`lower(title) LIKE ${match.titleLike}`);
  return out;
}

/**
 * The page's branches as FROM items. Customers and boats are read one key at a time
 * (LATERAL, from orders_customer and orders_boat), at most a page each: given the whole
 * list as `IN (…)` with a LIMIT, the planner walks the yard's newest orders instead and
 * filters, which reads tens of thousands of rows for a rare boat name.
 */
function pageBranches(
  f: ListFilter,
  match: ListMatch,
  after: RawBuilder<unknown>,
  take: number,
  byOpened: boolean,
) {
  const read = (cond: RawBuilder<unknown>, filter: ListFilter = f) => sql`
    SELECT ${COLUMNS} FROM orders
    WHERE ${filters(filter, true)} AND ${cond} ${after}
    ORDER BY updated_at DESC, id DESC
    LIMIT ${take}`;
  const perKey = (column: 'customer_id' | 'boat_id', ids: string[]) => sql`
    SELECT o.* FROM (VALUES ${sql.join(ids.map((id) => sql`(${id}::uuid)`))}) AS k(id)
    CROSS JOIN LATERAL (${read(sql`${sql.ref(column)} = k.id`)}) o`;
  if (byOpened) {
    // A date range holding few orders: all of them from orders_opened, then the newest.
    // (OFFSET 0 keeps the planner from walking the yard's newest orders instead, which
    // reads through years of orders to reach an old month.)
    return [
      sql`SELECT ${COLUMNS} FROM orders WHERE id IN (
        SELECT id FROM (SELECT id, updated_at FROM orders WHERE ${filters(f, true)} ${after} OFFSET 0) c
        ORDER BY updated_at DESC, id DESC LIMIT ${take})`,
    ];
  }
  if (match.kind === 'all' && f.statuses.length > 1) {
    // Several statuses: a branch per status, each from orders_status_recent.
    return f.statuses.map((s) => read(sql`status = ${s}`, { ...f, statuses: [s] }));
  }
  if (match.kind !== 'text') return [read(branches(match)[0])];
  const out: RawBuilder<unknown>[] = [];
  if (match.customerIds.length) out.push(perKey('customer_id', match.customerIds));
  if (match.boatIds.length) out.push(perKey('boat_id', match.boatIds));
  if (match.titleLike) out.push(read(sql`lower(title) LIKE ${match.titleLike}`));
  return out;
}

export function ordersListRepo(db: Kysely<DB>) {
  return {
    /** Boats of the yard whose name contains the term (3+ characters) or starts with it. */
    async boatIdsByName(yardId: string, term: string): Promise<{ ids: string[]; capped: boolean }> {
      const lower = term.toLowerCase();
      const where =
        [...lower].length >= 3
          ? sql`lower(name) LIKE ${`%${escapeLike(lower)}%`}`
          : sql`lower(name) LIKE ${`${escapeLike(lower)}%`}`;
      const rows = (
        await sql<{ id: string }>`
          SELECT id FROM boats WHERE yard_id = ${yardId} AND ${where}
          LIMIT ${BOAT_CAP + 1}`.execute(db)
      ).rows;
      return { ids: rows.slice(0, BOAT_CAP).map((r) => r.id), capped: rows.length > BOAT_CAP };
    },

    /** One page: `take` rows after the cursor. */
    async page(f: ListFilter, match: ListMatch, cursor: RecentCursor | null, take: number) {
      const byOpened = await fewOpened(db, f, match);
      return (await pageQuery(f, match, cursor, take, byOpened).execute(db)).rows;
    },

    explainPage: async (f: ListFilter, match: ListMatch, cursor: RecentCursor | null, take: number) =>
      explain(db, pageQuery(f, match, cursor, take, await fewOpened(db, f, match))),

    /**
     * Per status: how many orders, their value and open balance, for the filters without
     * the status filter. No search: exact (the ledger, or the indexes of a filter). A search:
     * of its first COUNT_CAP + 1 matches (`capped` when there were more).
     */
    async sums(f: ListFilter, match: ListMatch): Promise<{ rows: StatusSum[]; capped: boolean }> {
      if (wholeYard(f, match)) return { rows: await yardSums(db, f.yardId), capped: false };
      const { query, bounded } = sumsQuery(f, match);
      const rows = (await query.execute(db)).rows;
      const total = rows.reduce((a, r) => a + Number(r.n), 0);
      return {
        rows: rows.map((r) => ({
          status: r.status,
          n: Number(r.n),
          value_cents: Number(r.value_cents),
          balance_cents: Number(r.balance_cents),
        })),
        capped: bounded && total > COUNT_CAP,
      };
    },

    explainSums: (f: ListFilter, match: ListMatch) =>
      explain(db, wholeYard(f, match) ? ledgerQuery(f.yardId) : sumsQuery(f, match).query),
  };
}

function pageQuery(
  f: ListFilter,
  match: ListMatch,
  cursor: RecentCursor | null,
  take: number,
  byOpened = false,
) {
  // (updated_at, id) < cursor, spelled so that `updated_at <=` is a plain index bound.
  const after = cursor
    ? sql`AND updated_at <= ${cursor.at}::timestamptz
          AND (updated_at < ${cursor.at}::timestamptz OR id < ${cursor.id}::uuid)`
    : sql``;
  const parts = pageBranches(f, match, after, take, byOpened);
  const union = parts.length
    ? sql.join(
        parts.map((p) => sql`(${p})`),
        sql` UNION `,
      )
    : sql`(SELECT ${COLUMNS} FROM orders WHERE false)`;
  return sql<ListRow>`
    WITH page AS (
      SELECT * FROM (${union}) m
      ORDER BY updated_at DESC, id DESC
      LIMIT ${take}
    )
    SELECT page.*, to_json(page.updated_at) #>> '{}' AS cursor_at,
      c.first_name, c.last_name, c.company, b.name AS boat_name, s.name AS assignee_name,
      (SELECT e.status FROM estimates e WHERE e.order_id = page.id
        ORDER BY e.created_at DESC, e.version DESC LIMIT 1) AS estimate_status
    FROM page
    JOIN customers c ON c.id = page.customer_id
    LEFT JOIN boats b ON b.id = page.boat_id
    LEFT JOIN staff_users s ON s.id = page.assigned_to
    ORDER BY page.updated_at DESC, page.id DESC`;
}

/** Orders of an opened-date range read in full before sorting, at most. */
export const OPENED_CAP = 20_000;

/**
 * Whether a date range (without a search, a boat or a customer, which are narrower) holds
 * at most OPENED_CAP orders, counted off orders_opened alone and stopping there.
 */
async function fewOpened(db: Kysely<DB>, f: ListFilter, match: ListMatch): Promise<boolean> {
  if (match.kind !== 'all' || (!f.from && !f.to) || f.boatId || f.customerId || f.assignedTo) return false;
  const n = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM orders WHERE ${filters(f, true)} LIMIT ${OPENED_CAP + 1}
    ) r`.execute(db);
  return Number(n.rows[0]?.n ?? 0) <= OPENED_CAP;
}

/** Every order of the yard (a status filter aside): the ledger `order_status_sums` answers. */
const wholeYard = (f: ListFilter, match: ListMatch) =>
  match.kind === 'all' && !f.from && !f.to && !f.boatId && !f.customerId && !f.assignedTo;

/** Ledger rows of a yard beyond which a read folds them into one row per status. */
export const LEDGER_FOLD_AT = 200;

const ledgerQuery = (yardId: string) => sql<StatusSum & { entries: number }>`
  SELECT status, sum(orders)::bigint AS n, sum(value_cents)::bigint AS value_cents,
    sum(balance_cents)::bigint AS balance_cents, count(*)::int AS entries
  FROM order_status_sums WHERE yard_id = ${yardId} GROUP BY status`;

async function yardSums(db: Kysely<DB>, yardId: string): Promise<StatusSum[]> {
  const rows = (await ledgerQuery(yardId).execute(db)).rows;
  if (rows.reduce((a, r) => a + Number(r.entries), 0) > LEDGER_FOLD_AT) {
    // Rows another fold deleted first are skipped here (they wait for it, then are gone),
    // and rows added meanwhile stay: the sums never change by folding.
    await sql`
      WITH gone AS (DELETE FROM order_status_sums WHERE yard_id = ${yardId} RETURNING *)
      INSERT INTO order_status_sums
      SELECT yard_id, status, sum(orders), sum(value_cents), sum(balance_cents)
      FROM gone GROUP BY yard_id, status`.execute(db);
  }
  return rows
    .filter((r) => Number(r.n) !== 0)
    .map((r) => ({
      status: r.status,
      n: Number(r.n),
      value_cents: Number(r.value_cents),
      balance_cents: Number(r.balance_cents),
    }));
}

function sumsQuery(f: ListFilter, match: ListMatch) {
  const group = (from: RawBuilder<unknown>) => sql<{
    status: OrderStatus;
    n: number;
    value_cents: number;
    balance_cents: number;
  }>`
    SELECT status, count(*) AS n, coalesce(sum(value_cents), 0)::bigint AS value_cents,
      coalesce(sum(balance_cents), 0)::bigint AS balance_cents
    FROM ${from} GROUP BY status`;
  if (match.kind !== 'text') {
    const cond = match.kind === 'number' ? sql`AND number = ${match.number}` : sql``;
    return { query: group(sql`orders WHERE ${filters(f, false)} ${cond}`), bounded: false };
  }
  const parts = branches(match);
  if (!parts.length) return { query: group(sql`orders WHERE false`), bounded: true };
  const branch = (cond: RawBuilder<unknown>) => sql`(
    SELECT id, status, value_cents, balance_cents FROM orders
    WHERE ${filters(f, false)} AND ${cond} LIMIT ${COUNT_CAP + 1})`;
  const union = sql.join(parts.map(branch), sql` UNION `);
  return { query: group(sql`(SELECT * FROM (${union}) u LIMIT ${COUNT_CAP + 1}) m`), bounded: true };
}

async function explain(db: Kysely<DB>, query: RawBuilder<unknown>): Promise<string> {
  const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${query}`.execute(db);
  return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
}
