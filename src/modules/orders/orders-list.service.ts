import type { OrderStatus } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import type { StaffOrdersResponse } from '../../shared/api-types.js';
import { escapeLike, hasTrigram, searchCustomers } from '../customers/customer-search.repo.js';
import { ORDER_STATUSES } from './order-statuses.js';
import { type ListFilter, type ListMatch, ordersListRepo } from './orders-list.repo.js';
import type { StaffOrdersQuery } from './orders-list.schemas.js';
import { decodeCursor, encodeCursor } from './recent-cursor.js';

/** Customers whose name, company, email or phone matches a search, looked at in name order. */
export const CUSTOMER_CAP = 100;
const NUMBER = /^#?\s*(\d{1,9})$/;

/**
 * The staff Orders list (docs/orders.md, "Orders list"): search, filters, keyset pages
 * newest change first, counts per status and totals.
 */
export function createOrdersList(deps: Pick<AppDeps, 'database'>) {
  const { db } = deps.database;
  const repo = ordersListRepo(db);

  /** What a typed search means: an order number, or customers, boats and title words. */
  async function matchOf(
    yardId: string,
    q: string | undefined,
  ): Promise<{ match: ListMatch; capped: boolean }> {
    const term = (q ?? '')
      .replace(/\p{Cc}/gu, ' ')
      .trim()
      .replace(/\s+/g, ' ');
    if (!term) return { match: { kind: 'all' }, capped: false };
    const num = NUMBER.exec(term);
    if (num) return { match: { kind: 'number', number: Number(num[1]) }, capped: false };
    const [customers, boats] = await Promise.all([
      searchCustomers(db, yardId, { q: term, limit: CUSTOMER_CAP }),
      repo.boatIdsByName(yardId, term),
    ]);
    const lower = term.toLowerCase();
    // Title words through the trigram index: a term without a trigram would read every title.
    const titleLike = hasTrigram(lower) ? `%${escapeLike(lower)}%` : null;
    return {
      match: { kind: 'text', customerIds: customers.rows.map((c) => c.id), boatIds: boats.ids, titleLike },
      capped: customers.capped || customers.nextCursor !== null || boats.capped,
    };
  }

  function filterOf(yardId: string, query: StaffOrdersQuery, assignedTo?: string): ListFilter {
    return {
      yardId,
      statuses: [...new Set(query.status ?? [])],
      from: query.from,
      to: query.to,
      boatId: query.boatId,
      customerId: query.customerId,
      assignedTo,
    };
  }

  async function list(
    yardId: string,
    query: StaffOrdersQuery,
    assignedTo?: string,
  ): Promise<StaffOrdersResponse> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const filter = filterOf(yardId, query, assignedTo);
    const { match, capped: matchCapped } = await matchOf(yardId, query.q);
    const [rows, sums] = await Promise.all([
      repo.page(filter, match, cursor, query.limit + 1),
      // Later pages continue the list; the chips and totals came with the first.
      cursor ? null : repo.sums(filter, match),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    let counts: Record<OrderStatus, number> | null = null;
    let totals: StaffOrdersResponse['totals'] = null;
    if (sums) {
      counts = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
      totals = { count: 0, balanceCents: 0, valueCents: 0 };
      for (const s of sums.rows) {
        counts[s.status] = s.n;
        if (filter.statuses.length && !filter.statuses.includes(s.status)) continue;
        totals.count += s.n;
        totals.balanceCents += s.balance_cents;
        totals.valueCents += s.value_cents;
      }
    }
    return {
      orders: page.map((r) => ({
        id: r.id,
        number: r.number,
        title: r.title,
        status: r.status,
        customer: {
          id: r.customer_id,
          name: [r.first_name, r.last_name].filter(Boolean).join(' ') || r.company || 'Customer',
        },
        boat: r.boat_id && r.boat_name !== null ? { id: r.boat_id, name: r.boat_name } : null,
        assignee:
          r.assigned_to && r.assignee_name !== null ? { id: r.assigned_to, name: r.assignee_name } : null,
        openedAt: r.opened_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        estimateStatus:
          (r.estimate_status as StaffOrdersResponse['orders'][number]['estimateStatus']) ?? null,
        balanceCents: Number(r.balance_cents),
        valueCents: Number(r.value_cents),
      })),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
      counts,
      totals,
      capped: matchCapped || (sums?.capped ?? false),
    };
  }

  /** EXPLAIN (ANALYZE, BUFFERS) of the page and the counts of a query, for the benchmark. */
  async function explain(yardId: string, query: StaffOrdersQuery): Promise<string> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const filter = filterOf(yardId, query);
    const { match } = await matchOf(yardId, query.q);
    const page = await repo.explainPage(filter, match, cursor, query.limit + 1);
    const sums = cursor ? '' : `\n-- counts and totals\n${await repo.explainSums(filter, match)}`;
    return `-- page\n${page}${sums}`;
  }

  return { list, explain };
}

export type OrdersList = ReturnType<typeof createOrdersList>;
