import { type Kysely, sql } from 'kysely';
import { runPrepared } from '../../db/prepared.js';
import type { Customer, DB, InviteStatus, OrderStatus } from '../../db/schema.js';
import type { YardStatus } from '../../shared/api-schemas/values.js';
import type { EstimateView, InvoiceView, LineItemView, PaymentView } from '../../shared/api-types.js';
import { type ReachedRecordsRow, recordsOfColumns } from '../access/access-grants.repo.js';
import type { CustomerPage, StaffPage } from '../auth/sessions.repo.js';
import type { NotificationRow } from '../notifications/notification-preferences.js';
import type { ContactRow } from './customer-records.repo.js';

/**
 * A customer's page in one statement: the customer row, and beside it as JSON arrays what
 * the portal's `/me` and the staff profile show (boats, orders, estimates and invoices with
 * their line items, payments; for the profile also the invite facts, timeline, further
 * contacts and the customer merged into). One round trip and one plan instead of eight or
 * thirteen (docs/operations.md, "Measured throughput"). Every subquery is scoped by the
 * customer row's yard, or reached by id from an order that is (an order's boat, invoices and
 * estimates); the same SQL runs on PGlite. Timestamps come as milliseconds since
 * the epoch (truncated, as node-postgres reads them), numerics as their text, dates as
 * 'YYYY-MM-DD': the rows look as the one-table reads in customers.repo.ts return them.
 */

/** Milliseconds since the epoch of a timestamptz (null stays null). */
const ms = (col: string) => `floor(extract(epoch from ${col}) * 1000)`;

const lineItems = (doc: 'estimate_id' | 'invoice_id', id: string) => `coalesce((
  SELECT json_agg(json_build_object(
    'kind', li.kind, 'description', li.description, 'quantity', li.quantity::text,
    'unit_price_cents', li.unit_price_cents, 'total_cents', li.total_cents) ORDER BY li.position)
  FROM line_items li WHERE li.yard_id = c.yard_id AND li.${doc} = ${id}), '[]')`;

const BOATS = `coalesce((
  SELECT json_agg(json_build_object(
    'id', b.id, 'name', b.name, 'make', b.make, 'model', b.model, 'year', b.year,
    'length_ft', b.length_ft::text, 'hull_id', b.hull_id, 'slip', b.slip,
    'archived_at', ${ms('b.archived_at')},
    'yard_status', b.yard_status, 'yard_status_at', ${ms('b.yard_status_at')}) ORDER BY b.name)
  FROM boats b WHERE b.yard_id = c.yard_id AND b.customer_id = c.id), '[]') AS boats`;

const ORDER_OBJECT = `json_build_object(
    'id', o.id, 'number', o.number, 'title', o.title, 'status', o.status,
    'opened_at', ${ms('o.opened_at')}, 'scheduled_for', o.scheduled_for,
    'completed_at', ${ms('o.completed_at')},
    -- By the order's own keys (an index each; a join here was planned as a scan of all boats).
    'boat_name', (SELECT b.name FROM boats b WHERE b.id = o.boat_id), 'boat_id', o.boat_id,
    'invoiced_cents', (SELECT coalesce(sum(i.total_cents), 0) FROM invoices i
      WHERE i.order_id = o.id AND i.status != 'void'),
    -- A draft is the yard's until sent; a superseded version no longer counts.
    'estimate_cents', (SELECT e.total_cents FROM estimates e
      WHERE e.order_id = o.id AND e.status NOT IN ('draft', 'superseded')
      ORDER BY e.created_at DESC LIMIT 1)) ORDER BY o.opened_at DESC`;

const ORDERS = `coalesce((
  SELECT json_agg(${ORDER_OBJECT})
  FROM orders o
  WHERE o.yard_id = c.yard_id AND o.customer_id = c.id), '[]') AS orders`;

const ESTIMATES = `coalesce((
  SELECT json_agg(json_build_object(
    'id', e.id, 'number', e.number, 'order_number', o.number, 'status', e.status,
    'subtotal_cents', e.subtotal_cents, 'tax_cents', e.tax_cents, 'total_cents', e.total_cents,
    'sent_at', ${ms('e.sent_at')}, 'valid_until', e.valid_until,
    'line_items', ${lineItems('estimate_id', 'e.id')}) ORDER BY e.created_at DESC)
  FROM estimates e JOIN orders o ON o.id = e.order_id
  WHERE e.yard_id = c.yard_id AND e.customer_id = c.id AND e.status != 'draft'), '[]') AS estimates`;

const INVOICES = `coalesce((
  SELECT json_agg(json_build_object(
    'id', i.id, 'kind', i.kind, 'number', i.number, 'order_number', o.number, 'status', i.status,
    'subtotal_cents', i.subtotal_cents, 'tax_cents', i.tax_cents, 'total_cents', i.total_cents,
    'paid_cents', i.paid_cents, 'credited_cents', i.credited_cents, 'deposit_cents', i.deposit_cents,
    'issued_at', ${ms('i.issued_at')}, 'due_on', i.due_on,
    'line_items', ${lineItems('invoice_id', 'i.id')}) ORDER BY i.created_at DESC)
  FROM invoices i JOIN orders o ON o.id = i.order_id
  WHERE i.yard_id = c.yard_id AND i.customer_id = c.id AND i.status != 'draft'), '[]') AS invoices`;

const PAYMENTS = `coalesce((
  SELECT json_agg(json_build_object(
    'id', p.id, 'amount_cents', p.amount_cents, 'method', p.method,
    'received_at', ${ms('p.received_at')}, 'invoice_number', i.number) ORDER BY p.received_at DESC)
  FROM payments p JOIN invoices i ON i.id = p.invoice_id
  WHERE p.yard_id = c.yard_id AND p.customer_id = c.id), '[]') AS payments`;

// No row: the customer never chose, and gets every kind (0020).
const NOTIFICATIONS = `(SELECT json_build_object('job_updates', n.job_updates, 'messages', n.messages,
    'estimates', n.estimates, 'invoices', n.invoices, 'reminders', n.reminders)
  FROM notification_preferences n WHERE n.yard_id = c.yard_id AND n.customer_id = c.id) AS notifications`;

/** The profile's further columns: invite facts, timeline (latest 100), contacts, merged into. */
const PROFILE = `
  (SELECT json_build_object('activated_at', ${ms('a.activated_at')}, 'login_email', a.login_email)
    FROM portal_accounts a
    WHERE a.yard_id = c.yard_id AND a.customer_id = c.id AND a.disabled_at IS NULL LIMIT 1) AS account,
  (SELECT json_build_object('has_queued', coalesce(bool_or(v.status = 'queued'), false),
      'last_sent_at', ${ms('max(v.sent_at)')})
    FROM invites v WHERE v.yard_id = c.yard_id AND v.customer_id = c.id) AS invites,
  (SELECT json_build_object('status', v.status, 'created_at', ${ms('v.created_at')},
      'sent_at', ${ms('v.sent_at')}, 'expires_at', ${ms('v.expires_at')}, 'failure_reason', v.failure_reason)
    FROM invites v WHERE v.yard_id = c.yard_id AND v.customer_id = c.id
    ORDER BY v.created_at DESC LIMIT 1) AS latest_invite,
  coalesce((
    SELECT json_agg(json_build_object('id', t.id, 'kind', t.kind, 'detail', t.detail,
        'created_at', ${ms('t.created_at')}, 'actor_name', t.actor_name) ORDER BY t.created_at DESC)
    FROM (SELECT pe.id, pe.kind, pe.detail, pe.created_at, s.name AS actor_name
      FROM portal_events pe LEFT JOIN staff_users s ON s.id = pe.actor_staff_id
      WHERE pe.yard_id = c.yard_id AND pe.customer_id = c.id
      ORDER BY pe.created_at DESC LIMIT 100) t), '[]') AS timeline,
  coalesce((
    SELECT json_agg(json_build_object('kind', cc.kind, 'label', cc.label, 'value', cc.value)
      ORDER BY cc.kind, cc.position)
    FROM customer_contacts cc WHERE cc.yard_id = c.yard_id AND cc.customer_id = c.id), '[]') AS contacts,
  (SELECT json_build_object('id', m.id, 'customer_number', m.customer_number,
      'first_name', m.first_name, 'last_name', m.last_name, 'company', m.company)
    FROM customers m WHERE m.yard_id = c.yard_id AND m.id = c.merged_into) AS merged_into_summary`;

const ASSIGNED = `coalesce((
  SELECT json_agg(o.id) FROM orders o
  WHERE o.yard_id = c.yard_id AND o.customer_id = c.id AND o.assigned_to = `;

type Ms = number | null;
export interface LineItemRow {
  kind: LineItemView['kind'];
  description: string;
  quantity: string;
  unit_price_cents: number;
  total_cents: number;
}
export interface AccountRows {
  boats: {
    id: string;
    name: string;
    make: string | null;
    model: string | null;
    year: number | null;
    length_ft: string | null;
    hull_id: string | null;
    slip: string | null;
    archived_at: Ms;
    yard_status: YardStatus | null;
    yard_status_at: Ms;
  }[];
  orders: {
    id: string;
    number: number;
    title: string;
    status: OrderStatus;
    opened_at: number;
    scheduled_for: string | null;
    completed_at: Ms;
    boat_name: string | null;
    boat_id: string | null;
    invoiced_cents: number;
    estimate_cents: number | null;
  }[];
  estimates: {
    id: string;
    number: number;
    order_number: number;
    status: EstimateView['status'];
    subtotal_cents: number;
    tax_cents: number;
    total_cents: number;
    sent_at: Ms;
    valid_until: string | null;
    line_items: LineItemRow[];
  }[];
  invoices: {
    id: string;
    kind: NonNullable<InvoiceView['kind']>;
    number: number;
    order_number: number;
    status: InvoiceView['status'];
    subtotal_cents: number;
    tax_cents: number;
    total_cents: number;
    paid_cents: number;
    credited_cents: number;
    deposit_cents: number | null;
    issued_at: Ms;
    due_on: string | null;
    line_items: LineItemRow[];
  }[];
  payments: {
    id: string;
    amount_cents: number;
    method: PaymentView['method'];
    received_at: number;
    invoice_number: number;
  }[];
  notifications: NotificationRow | null;
}
export interface ProfileRows extends AccountRows {
  account: { activated_at: number; login_email: string } | null;
  invites: { has_queued: boolean; last_sent_at: Ms };
  latest_invite: {
    status: InviteStatus;
    created_at: number;
    sent_at: Ms;
    expires_at: Ms;
    failure_reason: string | null;
  } | null;
  timeline: {
    id: string;
    kind: string;
    detail: Record<string, unknown> | null;
    created_at: number;
    actor_name: string | null;
  }[];
  contacts: Pick<ContactRow, 'kind' | 'label' | 'value'>[];
  merged_into_summary: {
    id: string;
    customer_number: number;
    first_name: string;
    last_name: string;
    company: string | null;
  } | null;
  /** Only when asked for a technician: the ids of the customer's orders assigned to them. */
  assigned_order_ids?: string[];
}

/**
 * The record's version and its yard's (record_versions, 0033: the yard's staff names), read in
 * the statement that reads the page; '' where nothing was written since.
 */
const VERSION = `coalesce((SELECT v.version::text FROM record_versions v WHERE v.customer_id = c.id), '')
  || ':' || coalesce((SELECT v.version::text FROM record_versions v WHERE v.customer_id = c.yard_id), '') AS version`;
/** What a page kept by version (page-cache.ts) was read with: the version it was read at. */
export interface Versioned {
  version: string;
}

/** The staff profile's part read with the session every time (profileHead). */
export type ProfileHead = Pick<Customer, 'id'> & Versioned & Pick<ProfileRows, 'assigned_order_ids'>;

const ACCOUNT_HEAD = `SELECT c.*, ${VERSION}, ${BOATS}, ${ORDERS}, ${ESTIMATES}, ${INVOICES}, ${PAYMENTS}, ${NOTIFICATIONS}`;
const PROFILE_HEAD = `${ACCOUNT_HEAD}, ${PROFILE}`;

export function accountDataRepo(db: Kysely<DB>) {
  return {
    /** The customer of this yard with what their portal shows; undefined when not the yard's. */
    account: async (yardId: string, customerId: string) =>
      (
        await runPrepared(
          db,
          sql<Customer & AccountRows & Versioned>`${sql.raw(ACCOUNT_HEAD)}
            FROM customers c WHERE c.yard_id = ${yardId} AND c.id = ${customerId}`,
        )
      )[0],

    /**
     * What the portal's `/me` reads with the session every time: the record it acts for, that
     * record's version (the page itself comes from the page cache, or `account` when the
     * process holds none at this version), and the records its sign-in reaches.
     */
    meHead: {
      key: 'me-head',
      args: [],
      build: (r) =>
        sql<Pick<Customer, 'id'> & Versioned & ReachedRecordsRow>`SELECT c.id, ${sql.raw(VERSION)},
          ${recordsOfColumns(r.yardId, r.accountId)}
          FROM customers c WHERE c.yard_id = ${r.yardId} AND c.id = ${r.recordId}`,
    } satisfies CustomerPage<Pick<Customer, 'id'> & Versioned & ReachedRecordsRow, []>,

    /**
     * The portal's order history (orders alone, newest first, optionally of one boat or
     * status) as the page part of sessions.customerWith's one statement.
     */
    orderHistoryPage: (filter: { boatId?: string; status?: OrderStatus }) => {
      const args = [filter.boatId, filter.status].filter((a): a is string => !!a);
      return {
        key: `orders${filter.boatId ? '+boat' : ''}${filter.status ? '+status' : ''}`,
        args,
        build: (r, ...a) => {
          const [boat, status] = filter.boatId ? [a[0], a[1]] : [undefined, a[0]];
          return sql<
            Pick<AccountRows, 'orders'>
          >`SELECT coalesce(json_agg(${sql.raw(ORDER_OBJECT)}), '[]') AS orders
            FROM orders o WHERE o.yard_id = ${r.yardId} AND o.customer_id = ${r.recordId}
            ${boat ? sql`AND o.boat_id = ${boat}` : sql``}
            ${status ? sql`AND o.status = ${status}` : sql``}`;
        },
      } satisfies CustomerPage<Pick<AccountRows, 'orders'>, string[]>;
    },

    /**
     * What the staff profile reads with the session every time: the customer, their
     * record's version (the page itself comes from the page cache, or `profile`) and, for a
     * technician, the ids of the customer's orders assigned to them.
     */
    profileHead: (customerId: string) =>
      ({
        key: 'profile-head',
        args: [customerId],
        build: (s, id) =>
          sql<ProfileHead>`SELECT c.id, ${sql.raw(VERSION)},
            CASE WHEN ${s.role} = 'technician' THEN ${sql.raw(ASSIGNED)}${s.staffId}), '[]') END
              AS assigned_order_ids
            FROM customers c WHERE c.yard_id = ${s.yardId} AND c.id = ${id}`,
      }) satisfies StaffPage<ProfileHead, [string]>,

    /** … and what the staff profile adds; with `assignedTo`, that technician's order ids. */
    profile: async (yardId: string, customerId: string, assignedTo?: string) =>
      (
        await runPrepared(
          db,
          assignedTo
            ? sql<Customer & ProfileRows & Versioned>`${sql.raw(PROFILE_HEAD)},
                ${sql.raw(ASSIGNED)}${assignedTo}), '[]') AS assigned_order_ids
                FROM customers c WHERE c.yard_id = ${yardId} AND c.id = ${customerId}`
            : sql<Customer & ProfileRows & Versioned>`${sql.raw(PROFILE_HEAD)}
                FROM customers c WHERE c.yard_id = ${yardId} AND c.id = ${customerId}`,
        )
      )[0],
  };
}
