import type { OrderStatus } from '../../shared/api-types.js';

/** Every order status, in the order an order normally moves through them. */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'requested',
  'open_estimate',
  'estimate_sent',
  'awaiting_acceptance',
  'in_progress',
  'deposit_requested',
  'partial_payment',
  'invoiced',
  'paid',
  'completed',
  'cancelled',
];
