import { z } from 'zod';
import { isCalendarDate } from './calendar-date.js';
import { InvoiceKind, InvoiceStatus, LineKind, TaxClass } from './orders.js';
import { multiLine, singleLine } from './text-fields.js';

// Staff billing of an order: invoices (standard, deposit, credit note), counter payments,
// refunds (src/modules/orders, docs/orders.md). Money is integer cents; quantities are
// decimal strings.

const cents = (label: string) =>
  z
    .number({ message: `Enter ${label}` })
    .int('Amounts are whole cents')
    .positive(`${label[0]!.toUpperCase()}${label.slice(1)} must be more than zero`)
    .max(2_000_000_000, 'That amount is too large');

export const BillingLineView = z.object({
  position: z.number(),
  kind: LineKind,
  description: z.string(),
  quantity: z.string(),
  unitPriceCents: z.number(),
  totalCents: z.number(),
  taxClass: TaxClass,
});

export const BillingInvoiceView = z.object({
  id: z.string(),
  kind: InvoiceKind,
  number: z.number(),
  status: InvoiceStatus,
  subtotalCents: z.number(),
  taxCents: z.number(),
  totalCents: z.number(),
  paidCents: z.number(),
  creditedCents: z.number(),
  /** total − paid − credited; 0 for void invoices and credit notes. */
  balanceCents: z.number(),
  depositCents: z.number().nullable(),
  issuedAt: z.string().nullable(),
  dueOn: z.string().nullable(),
  terms: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  estimateId: z.string().nullable(),
  /** The voided invoice this one re-issues. */
  replacesInvoiceId: z.string().nullable(),
  /** The invoice a credit note corrects. */
  correctsInvoiceId: z.string().nullable(),
  createdAt: z.string(),
  lines: z.array(BillingLineView),
});

export const CounterMethod = z.enum(['cash', 'check', 'card_present', 'bank_transfer']);

export const BillingPaymentView = z.object({
  id: z.string(),
  invoiceId: z.string(),
  invoiceNumber: z.number(),
  /** `card` for online card payments; the counter's methods otherwise. */
  method: z.string(),
  amountCents: z.number(),
  refundedCents: z.number(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  receivedAt: z.string(),
  /** The staff member who recorded it at the counter; null for online payments. */
  recordedBy: z.string().nullable(),
  online: z.boolean(),
});

export const BillingRefundView = z.object({
  id: z.string(),
  paymentId: z.string(),
  invoiceId: z.string(),
  amountCents: z.number(),
  method: z.string(),
  reason: z.string().nullable(),
  providerRef: z.string().nullable(),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
});

export const OrderBillingResponse = z.object({
  orderId: z.string(),
  invoices: z.array(BillingInvoiceView),
  payments: z.array(BillingPaymentView),
  refunds: z.array(BillingRefundView),
  /** The accepted estimate to invoice from, if any. */
  acceptedEstimate: z.object({ id: z.string(), number: z.number(), totalCents: z.number() }).nullable(),
});

export const CreateInvoiceRequest = z.discriminatedUnion('from', [
  z.object({ from: z.literal('estimate'), estimateId: z.string().uuid('Estimate ids are UUIDs') }).strict(),
  z.object({ from: z.literal('lines') }).strict(),
  z
    .object({
      from: z.literal('deposit'),
      amountCents: cents('the deposit amount').optional(),
      /** Percent of the estimate, at most two decimals (33.33). */
      percent: z
        .number({ message: 'Enter the percent' })
        .positive('The percent must be more than zero')
        .max(100, 'The percent can be at most 100')
        .refine(
          (p) => Number.isInteger(Math.round(p * 100)) && Math.abs(p * 100 - Math.round(p * 100)) < 1e-6,
          {
            message: 'The percent can have at most two decimals',
          },
        )
        .optional(),
    })
    .strict()
    .refine((d) => (d.amountCents === undefined) !== (d.percent === undefined), {
      message: 'Give either an amount or a percent for the deposit',
      path: ['amountCents'],
    }),
]);

export const VoidInvoiceRequest = z
  .object({ reason: singleLine('The reason', 500).min(1, 'Say why the invoice is void') })
  .strict();

export const CreditNoteRequest = z
  .object({
    amountCents: cents('the credit amount'),
    reason: singleLine('The reason', 500).min(1, 'Say why the invoice is credited'),
  })
  .strict();

export const CounterPaymentRequest = z
  .object({
    method: CounterMethod,
    amountCents: cents('the amount'),
    /** The check number for checks; a card slip or transfer reference otherwise. */
    reference: singleLine('The reference', 100).optional(),
    /** YYYY-MM-DD; today when left out. */
    receivedOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'The date received is a date like 2026-05-14')
      .refine(isCalendarDate, 'The date received is not a real date')
      .optional(),
    note: multiLine('The note', 1000).optional(),
  })
  .strict()
  .refine((p) => p.method !== 'check' || !!p.reference, {
    message: 'Enter the check number',
    path: ['reference'],
  });

export const RefundRequest = z
  .object({
    amountCents: cents('the refund amount'),
    reason: singleLine('The reason', 500).min(1, 'Say why the money goes back'),
  })
  .strict();

export const BillingActionResponse = z.object({
  message: z.string(),
  invoiceId: z.string().nullable(),
  billing: OrderBillingResponse,
});
