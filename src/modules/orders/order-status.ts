import type { OrderStatus } from '../../shared/api-types.js';
import { canTransition } from './order-transitions.js';

/**
 * How an order moves when the customer acts in the portal. Pure, so the rules are read
 * and tested in one place; the services apply them inside their transactions. Every rule
 * answers either the current status (no move) or a move TRANSITIONS allows (tested for
 * every status).
 */

/** `target` when the table allows the move, else the order stays where it is. */
const allowed = (current: OrderStatus, target: OrderStatus): OrderStatus =>
  current === target || canTransition(current, target) ? target : current;

/** Statuses from which an accepted estimate moves the order on to the work itself. */
const AWAITING_ANSWER: readonly OrderStatus[] = [
  'requested',
  'open_estimate',
  'estimate_sent',
  'awaiting_acceptance',
];

export function statusAfterAcceptance(current: OrderStatus): OrderStatus {
  return AWAITING_ANSWER.includes(current) ? allowed(current, 'in_progress') : current;
}

/** Statuses in which the customer is answering a sent estimate. */
const WAITING_FOR_ANSWER: readonly OrderStatus[] = ['estimate_sent', 'awaiting_acceptance'];

/** A declined estimate moves a waiting order to `declined`; staff revise and re-send from there. */
export function statusAfterDecline(current: OrderStatus): OrderStatus {
  return WAITING_FOR_ANSWER.includes(current) ? allowed(current, 'declined') : current;
}

/** Finished or cancelled orders keep their status whatever money arrives. */
const SETTLED: readonly OrderStatus[] = ['completed', 'cancelled'];

/**
 * After a payment: `paid` once every invoice of the order is paid in full, else
 * `partial_payment`. A deposit paid on a deposit request lets the work start; so does a
 * deposit invoice (`deposit: true`) paid in full — the work itself is still to be
 * invoiced, so paying only deposit invoices never makes the order `paid`.
 */
export function statusAfterPayment(
  current: OrderStatus,
  invoices: { totalCents: number; paidCents: number; depositCents: number | null; deposit?: boolean }[],
): OrderStatus {
  if (SETTLED.includes(current)) return current;
  const allPaid = invoices.length > 0 && invoices.every((i) => i.paidCents >= i.totalCents);
  if (allPaid && invoices.some((i) => !i.deposit)) return allowed(current, 'paid');
  if (
    current === 'deposit_requested' &&
    invoices.some(
      (i) =>
        (i.deposit && i.paidCents >= i.totalCents) ||
        (i.depositCents !== null && i.paidCents >= i.depositCents),
    )
  ) {
    return allowed(current, 'in_progress');
  }
  if (allPaid) return current;
  // A credit note on an invoice nothing was paid on yet is no payment: the order stays.
  return invoices.some((i) => i.paidCents > 0) ? allowed(current, 'partial_payment') : current;
}

/**
 * When staff send an estimate the order waits for the customer's answer; a declined order
 * waits again once a revised version is sent. Work already under way keeps its status.
 */
export function statusAfterEstimateSent(current: OrderStatus): OrderStatus {
  return ['requested', 'open_estimate', 'declined'].includes(current)
    ? allowed(current, 'estimate_sent')
    : current;
}

/** When staff send an invoice for work in progress, the order is invoiced. */
export function statusAfterInvoiceSent(current: OrderStatus): OrderStatus {
  return ['requested', 'open_estimate', 'estimate_sent', 'awaiting_acceptance', 'in_progress'].includes(
    current,
  )
    ? allowed(current, 'invoiced')
    : current;
}
