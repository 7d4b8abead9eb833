import type { Customer } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import type {
  CustomerListFiltersInput,
  CustomerListResponse,
  CustomerProfileResponse,
  PortalStatus,
} from '../../shared/api-types.js';
import { type InviteFacts, portalState } from '../invites/invite-policy.js';
import { timelineSummary } from '../invites/portal-events.repo.js';
import { assignmentRepo } from '../orders/assignment.repo.js';
import { accountDataView } from './account-data.js';
import { accountDataRepo, type ProfileHead, type ProfileRows } from './account-data.repo.js';
import { detailsView } from './customer-records.service.js';
import { countCustomers, searchCustomers } from './customer-search.repo.js';
import { customersRepo } from './customers.repo.js';
import { pageCache } from './page-cache.js';

export function createCustomersService(
  deps: Pick<AppDeps, 'database' | 'clock'> & Partial<Pick<AppDeps, 'config'>>,
) {
  const { db } = deps.database;
  const repo = customersRepo(db);
  const accountData = accountDataRepo(db);
  const assignment = assignmentRepo(db);
  /** Profiles' parts by record and version (docs/page-cache.md). */
  const profiles = pageCache<ProfileParts>('profile', deps.config?.pageCacheEntries ?? 0);

  async function list(
    yardId: string,
    q: { q?: string; after?: string; limit?: number } & CustomerListFiltersInput,
    assignedTo?: string,
  ): Promise<CustomerListResponse> {
    const params = {
      ...q,
      filters: { portal: q.portal, balanceDue: q.balance === 'due', archived: q.archived === 'true' },
      now: deps.clock.now(),
    };
    // A technician's list: the customers of the orders assigned to them, one page (docs/yards.md).
    // Otherwise the total only for a first page, beside it (PostgreSQL answers both at once).
    const [result, total] = assignedTo
      ? [await assignedCustomers(yardId, assignedTo, q), null]
      : await Promise.all([
          searchCustomers(db, yardId, params),
          q.after ? null : countCustomers(db, yardId, params),
        ]);
    const ids = result.rows.map((r) => r.id);
    const statuses = new Map<string, PortalStatus>();
    if (ids.length) {
      const { inPortal, invited } = await repo.portalStates(yardId, ids);
      for (const id of invited) statuses.set(id, 'invited');
      for (const id of inPortal) if (id) statuses.set(id, 'in_portal');
    }
    return {
      customers: result.rows.map((r) => ({
        id: r.id,
        customerNumber: r.customer_number,
        firstName: r.first_name,
        lastName: r.last_name,
        company: r.company,
        email: r.email,
        phone: r.phone,
        portalStatus: statuses.get(r.id) ?? 'none',
      })),
      nextCursor: result.nextCursor,
      capped: result.capped,
      total: total?.count ?? null,
      totalMore: total?.more ?? false,
      suggestion: result.suggestion,
    };
  }

  async function assignedCustomers(yardId: string, staffId: string, q: { q?: string; limit?: number }) {
    const limit = q.limit ?? 50;
    const rows = await assignment.assignedCustomers(yardId, staffId, q.q, limit + 1);
    return { rows: rows.slice(0, limit), nextCursor: null, capped: rows.length > limit, suggestion: null };
  }

  async function profile(
    yardId: string,
    customerId: string,
    assignedTo?: string,
  ): Promise<CustomerProfileResponse> {
    // One statement (account-data.repo.ts): the customer, their records, invites and timeline.
    const row = await accountData.profile(yardId, customerId, assignedTo);
    if (!row) throw notFound('That customer');
    // Kept too: the parts are the same for every viewer, and the next read of it can use them.
    const parts = profileParts(row);
    profiles.set(customerId, row.version, parts);
    return profileOf(parts, row.assigned_order_ids);
  }

  /**
   * The profile of a head read with the staff session (profileHead): the parts kept at the
   * record's version, or read anew. A technician reaches a customer only through an order
   * assigned to them (technician-scope.ts): none, 404.
   */
  async function profileOfHead(yardId: string, head: Partial<ProfileHead>, staff: { role: string }) {
    if (!head.id || head.version === undefined) throw notFound('That customer');
    if (staff.role === 'technician' && !head.assigned_order_ids?.length) throw notFound('That customer');
    let parts = profiles.get(head.id, head.version);
    if (!parts) {
      const row = await accountData.profile(yardId, head.id);
      if (!row) throw notFound('That customer');
      parts = profileParts(row);
      profiles.set(head.id, row.version, parts);
    }
    return profileOf(parts, head.assigned_order_ids);
  }

  /** A profile for this viewer at this moment: a technician's orders only; the invite button as of now. */
  function profileOf(parts: ProfileParts, assignedOrderIds?: string[] | null): CustomerProfileResponse {
    const data = assignedOrderIds ? onlyOrders(parts.all, new Set(assignedOrderIds)) : parts.all;
    return {
      ...data,
      details: parts.details,
      portal: portalState(parts.facts, deps.clock.now()),
      // A technician reads what the customer did about their orders: no invites, sign-ins or money.
      timeline: assignedOrderIds ? technicianTimeline(parts.events, data.orders) : parts.events,
    };
  }

  return { list, profile, profileHead: accountData.profileHead, profileOfHead };
}

export type CustomersService = ReturnType<typeof createCustomersService>;

/**
 * What of a customer's profile is the same for every viewer and moment (kept by record
 * version): every record with archived boats, the details, the invite facts, the timeline.
 */
function profileParts(row: Customer & ProfileRows) {
  const all = accountDataView(row, row, { archivedBoats: true });
  const at = (ms: number | null) => (ms === null ? null : new Date(ms));
  const invite = row.latest_invite;
  const facts: InviteFacts = {
    email: row.email,
    account: row.account
      ? { activatedAt: new Date(row.account.activated_at), loginEmail: row.account.login_email }
      : null,
    hasQueued: row.invites.has_queued,
    lastSentAt: at(row.invites.last_sent_at),
    latest: invite
      ? {
          status: invite.status,
          createdAt: new Date(invite.created_at),
          sentAt: at(invite.sent_at),
          expiresAt: at(invite.expires_at),
          failureReason: invite.failure_reason,
        }
      : null,
  };
  type EventKind = CustomerProfileResponse['timeline'][number]['kind'];
  const events = row.timeline.map((e) => ({
    id: e.id,
    kind: e.kind as EventKind,
    at: new Date(e.created_at).toISOString(),
    actorName: e.actor_name,
    summary: timelineSummary(e.kind as EventKind, e.detail ?? {}, e.actor_name),
    // Of all the customer's invoices: a technician's timeline keeps only their orders' events.
    orderNumber: orderOfEvent(e.detail ?? {}, all.invoices),
  }));
  return { all, facts, events, details: detailsView(row, row.contacts, row.merged_into_summary) };
}
type ProfileParts = ReturnType<typeof profileParts>;

/** The order a portal event names: by its number, or through the invoice a payment was for. */
function orderOfEvent(
  detail: Record<string, unknown>,
  invoices: { number: number; orderNumber: number }[],
): number | null {
  if (typeof detail.orderNumber === 'number') return detail.orderNumber;
  if (typeof detail.invoiceNumber === 'number') {
    return invoices.find((i) => i.number === detail.invoiceNumber)?.orderNumber ?? null;
  }
  return null;
}

/** The events of a customer's timeline a technician sees: about their orders' work. */
const WORK_EVENTS = new Set(['service_requested', 'estimate_accepted', 'estimate_declined']);
function technicianTimeline<E extends { kind: string; orderNumber: number | null }>(
  events: E[],
  orders: { number: number }[],
): E[] {
  const theirs = new Set(orders.map((o) => o.number));
  return events.filter((e) => WORK_EVENTS.has(e.kind) && e.orderNumber !== null && theirs.has(e.orderNumber));
}

/** A technician's view of a customer: only the orders assigned to them and their documents. */
function onlyOrders<
  T extends {
    orders: { id: string; number: number }[];
    estimates: { orderNumber: number }[];
    invoices: { orderNumber: number; number: number }[];
    payments: { invoiceNumber: number }[];
  },
>(data: T, orderIds: Set<string>): T {
  const orders = data.orders.filter((o) => orderIds.has(o.id));
  const numbers = new Set(orders.map((o) => o.number));
  const invoices = data.invoices.filter((i) => numbers.has(i.orderNumber));
  const invoiceNumbers = new Set(invoices.map((i) => i.number));
  return {
    ...data,
    orders,
    estimates: data.estimates.filter((e) => numbers.has(e.orderNumber)),
    invoices,
    payments: data.payments.filter((p) => invoiceNumbers.has(p.invoiceNumber)),
  };
}
