import type { OrderStatus } from '../../shared/api-types.js';

/**
 * Every move an order's status may make, and nothing else (docs/orders.md, "Statuses").
 * Services call `assertTransition` before `ordersRepo.setStatus`, and the status history
 * records each move with who made it and when. The pure `statusAfter…` rules in
 * order-status.ts only ever return a target allowed here (tested).
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // A customer's request, or an order staff opened: estimate it, start it, or cancel it.
  requested: ['open_estimate', 'estimate_sent', 'in_progress', 'deposit_requested', 'invoiced', 'cancelled'],
  open_estimate: ['estimate_sent', 'in_progress', 'deposit_requested', 'invoiced', 'cancelled'],
  // Waiting for the customer: accepted (work starts), declined, or revised and re-sent.
  estimate_sent: [
    'awaiting_acceptance',
    'open_estimate',
    'declined',
    'in_progress',
    'deposit_requested',
    'partial_payment',
    'invoiced',
    'cancelled',
  ],
  awaiting_acceptance: [
    'estimate_sent',
    'open_estimate',
    'declined',
    'in_progress',
    'deposit_requested',
    'partial_payment',
    'invoiced',
    'cancelled',
  ],
  // Declined: staff revise and re-send, or close it.
  declined: ['open_estimate', 'estimate_sent', 'in_progress', 'cancelled'],
  in_progress: ['deposit_requested', 'partial_payment', 'invoiced', 'paid', 'completed', 'cancelled'],
  deposit_requested: ['in_progress', 'partial_payment', 'invoiced', 'paid', 'cancelled'],
  partial_payment: ['in_progress', 'deposit_requested', 'invoiced', 'paid', 'completed'],
  invoiced: ['in_progress', 'partial_payment', 'paid', 'completed'],
  // Paid: finish it, or money goes back (a refund) or more work is invoiced.
  paid: ['completed', 'in_progress', 'partial_payment', 'invoiced'],
  // Finished or cancelled orders are reopened by staff only.
  completed: ['in_progress'],
  cancelled: ['open_estimate'],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * The statuses staff set by hand (start work, complete, cancel, reopen, back to estimate).
 * The others follow the documents: estimates sent and answered, invoices sent, money paid
 * or refunded — so an order is never marked paid while money is owed.
 */
export const BY_HAND: readonly OrderStatus[] = ['open_estimate', 'in_progress', 'completed', 'cancelled'];

export function canMoveByHand(from: OrderStatus, to: OrderStatus): boolean {
  return BY_HAND.includes(to) && canTransition(from, to);
}
