import type { OrderStatus } from '../../shared/api-types.js';

/**
 * How an order moves when the customer acts in the portal. Pure, so the rules are read
 * and tested in one place; the services apply them inside their transactions.
 */

/** Statuses from which an accepted estimate moves the order on to the work itself. */
const AWAITING_ANSWER: readonly OrderStatus[] = [
  'requested',
  'open_estimate',
  'estimate_sent',
  'awaiting_acceptance',
];

export function statusAfterAcceptance(current: OrderStatus): OrderStatus {
  return AWAITING_ANSWER.includes(current) ? 'in_progress' : current;
}

/** Finished or cancelled orders keep their status whatever money arrives. */
const SETTLED: readonly OrderStatus[] = ['completed', 'cancelled'];

/**
 * After a payment: `paid` once every invoice of the order is paid in full, else
 * `partial_payment`. A deposit paid on a deposit request lets the work start.
 */
export function statusAfterPayment(
  current: OrderStatus,
  invoices: { totalCents: number; paidCents: number; depositCents: number | null }[],
): OrderStatus {
  if (SETTLED.includes(current)) return current;
  if (invoices.length > 0 && invoices.every((i) => i.paidCents >= i.totalCents)) return 'paid';
  if (
    current === 'deposit_requested' &&
    invoices.some((i) => i.depositCents !== null && i.paidCents >= i.depositCents)
  ) {
    return 'in_progress';
  }
  return 'partial_payment';
}

/**
 * A declined estimate: an order waiting for the answer to a sent estimate is `declined`;
 * others keep theirs (work under way on an earlier acceptance goes on).
 */
export function statusAfterDecline(current: OrderStatus): OrderStatus {
  return current === 'estimate_sent' || current === 'awaiting_acceptance' ? 'declined' : current;
}

/**
 * When staff send an estimate the order waits for the customer's answer; a declined order
 * waits again once a revised version is sent. Work already under way keeps its status.
 */
export function statusAfterEstimateSent(current: OrderStatus): OrderStatus {
  return ['requested', 'open_estimate', 'declined'].includes(current) ? 'estimate_sent' : current;
}

/** When staff send an invoice for work in progress, the order is invoiced. */
export function statusAfterInvoiceSent(current: OrderStatus): OrderStatus {
  return ['requested', 'open_estimate', 'estimate_sent', 'awaiting_acceptance', 'in_progress'].includes(
    current,
  )
    ? 'invoiced'
    : current;
}
