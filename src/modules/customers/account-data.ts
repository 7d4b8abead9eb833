import type { Customer } from '../../db/schema.js';
import type {
  BoatView,
  CustomerAccountData,
  CustomerContact,
  EstimateView,
  InvoiceView,
  LineItemView,
  OrderView,
  PaymentView,
} from '../../shared/api-types.js';
import { preferencesView } from '../notifications/notification-preferences.js';
import type { AccountRows, LineItemRow } from './account-data.repo.js';
import type { CustomersRepo, RecordFilter } from './customers.repo.js';

/** A timestamp as a Date (one-table reads) or milliseconds since the epoch (account-data.repo.ts). */
type At = Date | number;
const iso = (d: At | null) => (d === null ? null : new Date(d).toISOString());
const day = (d: unknown) => (d ? String(d).slice(0, 10) : null);

export function contactView(c: Customer): CustomerContact {
  return {
    id: c.id,
    customerNumber: c.customer_number,
    firstName: c.first_name,
    lastName: c.last_name,
    company: c.company,
    email: c.email,
    phone: c.phone,
    street: c.street,
    city: c.city,
    state: c.state,
    postalCode: c.postal_code,
  };
}

/**
 * Everything the yard holds about one customer, read from the yard's own records: the
 * dashboard's profile and the customer's portal show the same rows, nothing is copied.
 * The rows come from one statement (account-data.repo.ts).
 */
export function accountDataView(
  customer: Customer,
  rows: AccountRows,
  /** Staff see archived boats too; the customer's portal does not. */
  opts: { archivedBoats?: boolean } = {},
): CustomerAccountData {
  const boats = opts.archivedBoats ? rows.boats : rows.boats.filter((b) => b.archived_at === null);
  return {
    customer: contactView(customer),
    boats: boats.map(boatView),
    orders: rows.orders.map(orderView),
    estimates: rows.estimates.map((e) => estimateView(e, e.line_items.map(lineItemView))),
    invoices: rows.invoices.map((i) => invoiceView(i, i.line_items.map(lineItemView))),
    payments: rows.payments.map(paymentView),
    notifications: preferencesView(rows.notifications),
  };
}

type BoatRow = Omit<Awaited<ReturnType<CustomersRepo['boats']>>[number], 'archived_at' | 'yard_status_at'> & {
  archived_at: At | null;
  yard_status_at: At | null;
};

export function boatView(b: Pick<BoatRow, keyof AccountRows['boats'][number]>): BoatView {
  return {
    id: b.id,
    name: b.name,
    make: b.make,
    model: b.model,
    year: b.year,
    // numeric(6,2) reads back as "34.50": shown as people write it, "34.5".
    lengthFt: b.length_ft === null ? null : String(Number(b.length_ft)),
    hullId: b.hull_id,
    slip: b.slip,
    archived: b.archived_at !== null,
    yardStatus: b.yard_status,
    yardStatusAt: iso(b.yard_status_at),
  };
}

/** One order as its customer's lists show it. */
type OrderRow = Awaited<ReturnType<CustomersRepo['orders']>>[number];
export function orderView(
  o: Pick<
    Omit<OrderRow, 'opened_at' | 'completed_at'> & { opened_at: At; completed_at: At | null },
    keyof AccountRows['orders'][number]
  >,
): OrderView {
  return {
    id: o.id,
    number: o.number,
    title: o.title,
    status: o.status,
    boatName: o.boat_name,
    boatId: o.boat_id,
    openedAt: new Date(o.opened_at).toISOString(),
    scheduledFor: day(o.scheduled_for),
    completedAt: iso(o.completed_at),
    totalCents: Number(o.invoiced_cents ?? 0) || Number(o.estimate_cents ?? 0),
  };
}

/**
 * A customer's orders with their estimates, invoices and payments, optionally narrowed to
 * one order, boat or status (the portal's order page and filters). Each order and
 * estimate keeps its row next to its view for callers that need more columns.
 */
export async function loadOrderRecords(
  repo: CustomersRepo,
  yardId: string,
  customerId: string,
  filter: RecordFilter = {},
) {
  const byOrder = filter.orderId ? { orderId: filter.orderId } : {};
  const [orders, estimates, invoices, payments] = await Promise.all([
    repo.orders(yardId, customerId, filter),
    filter.boatId || filter.status ? Promise.resolve([]) : repo.estimates(yardId, customerId, byOrder),
    filter.boatId || filter.status ? Promise.resolve([]) : repo.invoices(yardId, customerId, byOrder),
    filter.boatId || filter.status ? Promise.resolve([]) : repo.payments(yardId, customerId, byOrder),
  ]);
  const items = await repo.lineItems(yardId, {
    estimateIds: estimates.map((e) => e.id),
    invoiceIds: invoices.map((i) => i.id),
  });
  const itemsOf = (key: 'estimate_id' | 'invoice_id', id: string): LineItemView[] =>
    items.filter((li) => li[key] === id).map(lineItemView);

  return {
    orders: orders.map((o) => ({ row: o, view: orderView(o) })),
    estimates: estimates.map((e) => ({ row: e, view: estimateView(e, itemsOf('estimate_id', e.id)) })),
    invoices: invoices.map((i) => invoiceView(i, itemsOf('invoice_id', i.id))),
    payments: payments.map(paymentView),
  };
}

export function lineItemView(li: Omit<LineItemRow, 'quantity'> & { quantity: unknown }): LineItemView {
  return {
    kind: li.kind,
    description: li.description,
    quantity: String(li.quantity),
    unitPriceCents: li.unit_price_cents,
    totalCents: li.total_cents,
  };
}

type EstimateRow = Omit<AccountRows['estimates'][number], 'sent_at' | 'line_items' | 'valid_until'> & {
  sent_at: At | null;
  valid_until: unknown;
};
export function estimateView(e: EstimateRow, lineItems: LineItemView[]): EstimateView {
  return {
    id: e.id,
    number: e.number,
    orderNumber: e.order_number,
    status: e.status,
    subtotalCents: e.subtotal_cents,
    taxCents: e.tax_cents,
    totalCents: e.total_cents,
    sentAt: iso(e.sent_at),
    validUntil: day(e.valid_until),
    lineItems,
  };
}

type InvoiceRow = Omit<AccountRows['invoices'][number], 'issued_at' | 'line_items' | 'due_on'> & {
  issued_at: At | null;
  due_on: unknown;
};
export function invoiceView(i: InvoiceRow, lineItems: LineItemView[]): InvoiceView {
  return {
    id: i.id,
    kind: i.kind,
    number: i.number,
    orderNumber: i.order_number,
    status: i.status,
    subtotalCents: i.subtotal_cents,
    taxCents: i.tax_cents,
    totalCents: i.total_cents,
    paidCents: i.paid_cents,
    creditedCents: i.credited_cents,
    // Credit notes take off what is owed; a void invoice owes nothing.
    balanceCents:
      i.status === 'void' || i.kind === 'credit_note' ? 0 : i.total_cents - i.paid_cents - i.credited_cents,
    depositCents: i.deposit_cents,
    issuedAt: iso(i.issued_at),
    dueOn: day(i.due_on),
    lineItems,
  };
}

export function paymentView(
  p: Omit<AccountRows['payments'][number], 'received_at'> & { received_at: At },
): PaymentView {
  return {
    id: p.id,
    invoiceNumber: p.invoice_number,
    amountCents: p.amount_cents,
    method: p.method,
    receivedAt: new Date(p.received_at).toISOString(),
  };
}
