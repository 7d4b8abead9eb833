import { z } from 'zod';
import { PortalMe } from '../../server/api-schemas.js';
import { multiLine, singleLine } from '../../server/text-fields.js';
import type * as Api from '../../shared/api-types.js';

/** Request and response schemas of the orders routes, checked against the shared types. */
const OrderView = PortalMe.shape.orders.element;
const BoatView = PortalMe.shape.boats.element;
const EstimateView = PortalMe.shape.estimates.element;
const InvoiceView = PortalMe.shape.invoices.element;
const PaymentView = PortalMe.shape.payments.element;
export const OrderStatus = OrderView.shape.status;

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
export const StaffOrdersQuery = z.object({ status: OrderStatus.optional() });

export const DeclineEstimateRequest = z.object({ reason: multiLine('The reason', 1000).optional() }).strict();

export const PayInvoiceRequest = z
  .object({
    amountCents: z
      .number({ message: 'Enter the amount to pay' })
      .int('Amounts are whole cents')
      .positive('Enter an amount greater than zero')
      .max(100_000_000, 'That amount is too large'),
    cardNumber: singleLine('The card number', 30)
      .regex(/^[\d\s-]*$/, 'A card number has digits only')
      .optional(),
  })
  .strict();

export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ message: 'Send an Idempotency-Key header with each payment attempt' })
    .min(8, 'The Idempotency-Key must be 8 to 200 characters')
    .max(200, 'The Idempotency-Key must be 8 to 200 characters'),
});

const OrderStatusChange = z.object({
  from: OrderStatus.nullable(),
  to: OrderStatus,
  at: z.string(),
  by: z.enum(['customer', 'staff', 'system']),
  note: z.string().nullable(),
});

export const OrderDetailResponse = z.object({
  order: OrderView.extend({ description: z.string().nullable(), boat: BoatView.nullable() }),
  statusHistory: z.array(OrderStatusChange),
  estimates: z.array(
    EstimateView.extend({
      canRespond: z.boolean(),
      blockedReason: z.string().nullable(),
      declineReason: z.string().nullable(),
      acceptance: z
        .object({
          acceptedAt: z.string(),
          subtotalCents: z.number(),
          taxCents: z.number(),
          totalCents: z.number(),
        })
        .nullable(),
    }),
  ),
  invoices: z.array(InvoiceView),
  payments: z.array(PaymentView),
  paymentProvider: z.enum(['offline', 'stripe']),
});

export const PortalOrdersResponse = z.object({ orders: z.array(OrderView) });

export const PayInvoiceResponse = z.object({
  status: z.enum(['succeeded', 'pending']),
  payment: PaymentView.nullable(),
  invoice: InvoiceView,
  clientSecret: z.string().nullable(),
});

export const StaffOrdersResponse = z.object({
  counts: z.record(OrderStatus, z.number()),
  orders: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      title: z.string(),
      status: OrderStatus,
      customerId: z.string(),
      customerName: z.string(),
      boatName: z.string().nullable(),
      openedAt: z.string(),
      updatedAt: z.string(),
      estimateStatus: EstimateView.shape.status.nullable(),
      balanceCents: z.number(),
    }),
  ),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(_: T) => _;
same<Same<z.infer<typeof OrderDetailResponse>, Api.OrderDetailResponse>>(true);
same<Same<z.infer<typeof PortalOrdersResponse>, Api.PortalOrdersResponse>>(true);
same<Same<z.infer<typeof PayInvoiceResponse>, Api.PayInvoiceResponse>>(true);
same<Same<z.infer<typeof StaffOrdersResponse>, Api.StaffOrdersResponse>>(true);
same<Same<z.infer<typeof PayInvoiceRequest>, Api.PayInvoiceRequest>>(true);
