/**
 * Orders in every status, with the estimates, invoices, line items and payments each
 * status implies. Totals are computed from the line items and payments add up to what the
 * invoice says is paid, so the demo holds up when someone checks the arithmetic.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { pick, type Rng, randInt } from './demo-people.js';
import { SERVICES, type Service } from './demo-services.js';
import { type BoatRef, type CustomerRef, DAY, type Rows, type YardBuilder } from './demo-yard.js';
import type { DB, OrderStatus } from './schema.js';

const TAX_RATE = 0.07; // on parts only

const STATUS_WEIGHTS: readonly (readonly [OrderStatus, number, number, number])[] = [
  // status, weight, youngest and oldest age in days
  ['requested', 5, 0, 10],
  ['open_estimate', 5, 1, 14],
  ['estimate_sent', 5, 2, 21],
  ['awaiting_acceptance', 4, 5, 28],
  ['in_progress', 8, 4, 45],
  ['deposit_requested', 3, 3, 30],
  ['partial_payment', 4, 15, 90],
  ['invoiced', 6, 6, 60],
  ['paid', 6, 10, 120],
  ['completed', 46, 20, 720],
  ['cancelled', 6, 6, 720],
];
export const ORDER_STATUSES: readonly OrderStatus[] = STATUS_WEIGHTS.map(([s]) => s);
const STATUS_TOTAL = STATUS_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

export interface Plan {
  status: OrderStatus;
  ageDays: number;
  service?: string;
  /** Which of the customer's boats; random if not given. */
  boat?: number;
  /** Leave a balance on a partly paid invoice (one payment only). */
  balance?: boolean;
}

export function randomPlan(rng: Rng): Plan {
  let u = rng() * STATUS_TOTAL;
  for (const [status, weight, min, max] of STATUS_WEIGHTS) {
    u -= weight;
    if (u < 0) return { status, ageDays: randInt(rng, min, max) };
  }
  return { status: 'completed', ageDays: randInt(rng, 20, 720) };
}

export function planFor(rng: Rng, status: OrderStatus): Plan {
  const [, , min, max] = STATUS_WEIGHTS.find(([s]) => s === status)!;
  return { status, ageDays: randInt(rng, min, max) };
}

/** Numbers are left at 0: YardBuilder.finish hands them out in time order once every order exists. */
export function addOrder(yard: YardBuilder, customer: CustomerRef, plan: Plan) {
  const rng = yard.rng;
  const boat = plan.boat === undefined ? pick(rng, customer.boats) : customer.boats[plan.boat];
  const candidates = SERVICES.filter((s) => s.for.includes(boat.propulsion));
  const service = (plan.service && SERVICES.find((s) => s.title === plan.service)) || pick(rng, candidates);
  const { status } = plan;
  const opened = yard.ago(plan.ageDays);
  customer.since = Math.min(customer.since, opened - randInt(rng, 1, 60) * DAY);
  const orderId = randomUUID();
  let updated = opened;
  let completedAt: number | null = null;

  // Estimate: none while only requested; draft, sent, accepted, declined or expired after that.
  let accepted = 0;
  if (status !== 'requested' && !(status === 'cancelled' && rng() < 0.3)) {
    const created = yard.after(opened, 0, 2);
    let estimateStatus: DB['estimates']['status'] = 'draft';
    let sentAt: number | null = null;
    let respondedAt: number | null = null;
    if (status !== 'open_estimate') {
      sentAt = yard.after(created, 0, 1);
      estimateStatus = 'sent';
      if (status === 'cancelled') {
        estimateStatus = rng() < 0.7 ? 'declined' : 'expired';
        if (estimateStatus === 'declined') respondedAt = yard.after(sentAt, 1, 5);
      } else if (status !== 'estimate_sent' && status !== 'awaiting_acceptance') {
        estimateStatus = 'accepted';
        respondedAt = yard.after(sentAt, 0.2, 4);
        accepted = respondedAt;
      }
    }
    const id = randomUUID();
    const totals = lineItems(yard, service, boat, { estimate_id: id });
    yard.rows.estimates.push({
      id,
      yard_id: yard.yardId,
      order_id: orderId,
      customer_id: customer.id,
      number: 0,
      status: estimateStatus,
      ...totals,
      sent_at: sentAt === null ? null : new Date(sentAt),
      responded_at: respondedAt === null ? null : new Date(respondedAt),
      valid_until: sentAt === null ? null : yard.dateOnly(sentAt + 30 * DAY),
      created_at: new Date(created),
    });
    updated = Math.max(created, sentAt ?? 0, respondedAt ?? 0);
  }

  // Invoice: for a deposit, for work done, and for paid and completed work.
  const invoiced: OrderStatus[] = ['deposit_requested', 'partial_payment', 'invoiced', 'paid', 'completed'];
  if (invoiced.includes(status)) {
    const issued = status === 'deposit_requested' ? yard.after(accepted, 0, 1) : yard.after(accepted, 2, 14);
    const id = randomUUID();
    const totals = lineItems(yard, service, boat, { invoice_id: id });
    const hadDeposit = status === 'deposit_requested' || (totals.total_cents > 150_000 && rng() < 0.5);
    const deposit = hadDeposit ? Math.max(100, Math.round((totals.total_cents * 0.3) / 100) * 100) : null;
    const invoice: Rows['invoices'][number] = {
      id,
      yard_id: yard.yardId,
      order_id: orderId,
      customer_id: customer.id,
      number: 0,
      status: 'open',
      ...totals,
      paid_cents: 0,
      deposit_cents: deposit,
      issued_at: new Date(issued),
      due_on: yard.dateOnly(issued + (status === 'deposit_requested' ? 7 : 30) * DAY),
      created_at: new Date(issued),
    };
    yard.rows.invoices.push(invoice);
    updated = issued;
    let paid = 0;
    let at = issued;
    if (status === 'partial_payment') {
      const first = deposit ?? Math.round(totals.total_cents * (0.2 + rng() * 0.5));
      at = yard.after(issued, 1, 10);
      pay(yard, invoice, customer.id, first, at);
      paid = first;
      if (!plan.balance && rng() < 0.3) {
        const second = Math.round((totals.total_cents - paid) * 0.4);
        if (second > 0) {
          at = yard.after(at, 3, 20);
          pay(yard, invoice, customer.id, second, at);
          paid += second;
        }
      }
      invoice.status = paid < totals.total_cents ? 'partial' : 'paid';
    } else if (status === 'paid' || status === 'completed') {
      if (deposit !== null && deposit < totals.total_cents) {
        at = yard.after(issued, 0, 3);
        pay(yard, invoice, customer.id, deposit, at);
        paid = deposit;
      }
      at = yard.after(at, 1, 25);
      pay(yard, invoice, customer.id, totals.total_cents - paid, at);
      paid = totals.total_cents;
      invoice.status = 'paid';
      if (status === 'completed') completedAt = yard.after(at, 0, 3);
    }
    invoice.paid_cents = paid;
    updated = Math.max(updated, at, completedAt ?? 0);
  }
  if (status === 'cancelled') updated = yard.after(updated, 0, 10);

  const future = status === 'requested' || status === 'open_estimate' || status === 'estimate_sent';
  const scheduled =
    status === 'cancelled' || status === 'completed' || status === 'paid'
      ? null
      : future || status === 'awaiting_acceptance' || status === 'deposit_requested'
        ? yard.dateOnly(yard.now + randInt(rng, 3, 40) * DAY)
        : yard.dateOnly(updated);
  yard.rows.orders.push({
    id: orderId,
    yard_id: yard.yardId,
    customer_id: customer.id,
    boat_id: boat.id,
    number: 0,
    title: service.title,
    description: rng() < 0.7 ? pick(rng, service.notes) : null,
    status,
    opened_at: new Date(opened),
    scheduled_for: scheduled,
    completed_at: completedAt === null ? null : new Date(completedAt),
    updated_at: new Date(updated),
  });
}

function lineItems(
  yard: YardBuilder,
  service: Service,
  boat: BoatRef,
  owner: { estimate_id?: string; invoice_id?: string },
) {
  const rng = yard.rng;
  const items: Insertable<DB['line_items']>[] = [];
  let subtotal = 0;
  let parts = 0;
  for (const t of service.items) {
    const steps = Math.round((t.max - t.min) / t.step);
    const quantity = t.perFoot ? Math.ceil(boat.lengthFt) : t.min + randInt(rng, 0, steps) * t.step;
    const total = Math.round(quantity * t.unit);
    items.push({
      yard_id: yard.yardId,
      estimate_id: owner.estimate_id ?? null,
      invoice_id: owner.invoice_id ?? null,
      position: items.length + 1,
      kind: t.kind,
      tax_class: t.kind === 'part' ? 'parts' : 'none',
      description: t.description,
      quantity,
      unit_price_cents: t.unit,
      total_cents: total,
    });
    subtotal += total;
    if (t.kind === 'part') parts += total;
  }
  if (rng() < 0.08) {
    // A goodwill discount for a regular: 10 % off, never below zero.
    const discount = -Math.round(subtotal * 0.1);
    items.push({
      yard_id: yard.yardId,
      estimate_id: owner.estimate_id ?? null,
      invoice_id: owner.invoice_id ?? null,
      position: items.length + 1,
      kind: 'discount',
      description: 'Slip holder discount (10%)',
      quantity: 1,
      unit_price_cents: discount,
      total_cents: discount,
    });
    subtotal += discount;
  }
  yard.rows.lineItems.push(...items);
  const tax = Math.round(parts * TAX_RATE);
  return { subtotal_cents: subtotal, tax_cents: tax, total_cents: subtotal + tax };
}

function pay(
  yard: YardBuilder,
  invoice: Rows['invoices'][number],
  customerId: string,
  amount: number,
  at: number,
) {
  const rng = yard.rng;
  const r = rng();
  const method = r < 0.5 ? 'card' : r < 0.75 ? 'check' : r < 0.9 ? 'ach' : 'cash';
  const reference =
    method === 'card'
      ? `${pick(rng, ['Visa', 'Visa', 'Mastercard', 'Amex', 'Discover'])} ending ${randInt(rng, 1000, 9999)}`
      : method === 'check'
        ? String(randInt(rng, 1001, 9999))
        : method === 'ach'
          ? `ACH ${randomUUID().slice(0, 8).toUpperCase()}`
          : null;
  yard.rows.payments.push({
    yard_id: yard.yardId,
    invoice_id: invoice.id,
    customer_id: customerId,
    amount_cents: amount,
    method,
    reference,
    received_at: new Date(at),
  });
}
