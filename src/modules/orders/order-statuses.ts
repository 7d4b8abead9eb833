import { OrderStatus } from '../../shared/api-schemas/orders.js';

/** Every order status, in the order an order normally moves through them (the contract's order). */
export const ORDER_STATUSES = OrderStatus.options;
