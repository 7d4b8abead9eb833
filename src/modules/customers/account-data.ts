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
import type { CustomersRepo, RecordFilter } from './customers.repo.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

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
 */
export async function loadAccountData(
  repo: CustomersRepo,
  yardId: string,
  customer: Customer,
  /** Staff see archived boats too; the customer's portal does not. */
  opts: { archivedBoats?: boolean } = {},
): Promise<CustomerAccountData> {
  const [allBoats, records] = await Promise.all([
    repo.boats(yardId, customer.id),
    loadOrderRecords(repo, yardId, customer.id),
  ]);
  const boats = opts.archivedBoats ? allBoats : allBoats.filter((b) => !b.archived_at);
  return {
    customer: contactView(customer),
    boats: boats.map(boatView),
    orders: records.orders.map((o) => o.view),
    estimates: records.estimates.map((e) => e.view),
    invoices: records.invoices,
    payments: records.payments,
  };
}

export function boatView(b: Awaited<ReturnType<CustomersRepo['boats']>>[number]): BoatView {
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
  };
}

/** One order as its customer's lists show it. */
export function orderView(o: Awaited<ReturnType<CustomersRepo['orders']>>[number]): OrderView {
  return {
    id: o.id,
    number: o.number,
    title: o.title,
    status: o.status,
    boatName: o.boat_name,
    openedAt: o.opened_at.toISOString(),
    scheduledFor: o.scheduled_for ? String(o.scheduled_for).slice(0, 10) : null,
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
    items
      .filter((li) => li[key] === id)
      .map((li) => ({
        kind: li.kind,
        description: li.description,
        quantity: String(li.quantity),
        unitPriceCents: li.unit_price_cents,
        totalCents: li.total_cents,
      }));

  return {
    orders: orders.map((o) => ({ row: o, view: orderView(o) })),
    estimates: estimates.map((e) => ({
      row: e,
      view: {
        id: e.id,
        number: e.number,
        orderNumber: e.order_number,
        status: e.status,
        subtotalCents: e.subtotal_cents,
        taxCents: e.tax_cents,
        totalCents: e.total_cents,
        sentAt: iso(e.sent_at),
        validUntil: e.valid_until ? String(e.valid_until).slice(0, 10) : null,
        lineItems: itemsOf('estimate_id', e.id),
      } satisfies EstimateView,
    })),
    invoices: invoices.map(
      (i): InvoiceView => ({
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
          i.status === 'void' || i.kind === 'credit_note'
            ? 0
            : i.total_cents - i.paid_cents - i.credited_cents,
        depositCents: i.deposit_cents,
        issuedAt: iso(i.issued_at),
        dueOn: i.due_on ? String(i.due_on).slice(0, 10) : null,
        lineItems: itemsOf('invoice_id', i.id),
      }),
    ),
    payments: payments.map(
      (p): PaymentView => ({
        id: p.id,
        invoiceNumber: p.invoice_number,
        amountCents: p.amount_cents,
        method: p.method,
        receivedAt: p.received_at.toISOString(),
      }),
    ),
  };
}
