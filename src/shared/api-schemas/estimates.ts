import { z } from 'zod';
import { isCalendarDate } from './calendar-date.js';
import {
  EstimateAcceptanceView,
  EstimateChanges,
  EstimateLineView,
  EstimateStatus,
  TaxRatesView,
} from './orders.js';
import { multiLine } from './text-fields.js';

// Staff's estimates of an order (src/modules/orders/staff-estimates.routes.ts): every
// version, drafts made from the order's lines, sending, revising. Money is integer cents.

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are written YYYY-MM-DD')
  .refine(isCalendarDate, 'That is not a date on the calendar');

export const StaffEstimateView = z.object({
  id: z.string(),
  orderId: z.string(),
  number: z.number(),
  version: z.number(),
  previousId: z.string().nullable(),
  status: EstimateStatus,
  subtotalCents: z.number(),
  taxCents: z.number(),
  totalCents: z.number(),
  taxRates: TaxRatesView,
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  validUntil: z.string().nullable(),
  message: z.string().nullable(),
  declineReason: z.string().nullable(),
  lineItems: z.array(EstimateLineView),
  acceptance: EstimateAcceptanceView.nullable(),
  changes: EstimateChanges.nullable(),
  /** What staff may do with it now. */
  canSend: z.boolean(),
  canRevise: z.boolean(),
  canEdit: z.boolean(),
});

export const StaffEstimatesResponse = z.object({
  /** Newest first: every version of every estimate of the order. */
  estimates: z.array(StaffEstimateView),
});

export const StaffEstimateResponse = z.object({ estimate: StaffEstimateView, message: z.string() });

export const CreateEstimateRequest = z
  .object({
    /** Defaults to today + the yard's estimate validity. */
    validUntil: isoDate.optional(),
    message: multiLine('The message', 2000).optional(),
  })
  .strict();

export const UpdateEstimateRequest = z
  .object({
    validUntil: isoDate.nullable().optional(),
    message: multiLine('The message', 2000).nullable().optional(),
  })
  .strict();
