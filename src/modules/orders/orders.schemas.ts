import { z } from 'zod';
import { OrderStatus } from '../../shared/api-schemas/orders.js';

/** The URL parts and headers of the orders routes; the bodies live in src/shared/api-schemas/orders.ts. */
const uuid = (what: string) => z.string().uuid(`${what} ids are UUIDs; open it from your order history`);
export const OrderParams = z.object({
  yard: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  id: uuid('Order'),
});
export const EstimateParams = z.object({
  yard: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  id: uuid('Estimate'),
});
export const InvoiceParams = z.object({
  yard: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  id: uuid('Invoice'),
});
export const StaffOrderParams = z.object({ id: uuid('Order') });

export const PortalOrdersQuery = z.object({
  boatId: uuid('Boat').optional(),
  status: OrderStatus.optional(),
});

export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ message: 'Send an Idempotency-Key header with each payment attempt' })
    .min(8, 'The Idempotency-Key must be 8 to 200 characters')
    .max(200, 'The Idempotency-Key must be 8 to 200 characters'),
});
