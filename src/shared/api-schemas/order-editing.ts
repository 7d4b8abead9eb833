import { z } from 'zod';
import { isCalendarDate } from './calendar-date.js';
import { AwaitingReapproval, BoatView, EstimateStatus, LineKind, OrderStatus, TaxClass } from './orders.js';
import { multiLine, singleLine } from './text-fields.js';

// Staff editing orders, their working lines and the service catalog; the staff order page
// (src/modules/orders/order-editing.*, catalog.*, staff-order.*). Money is integer cents,
// quantities are decimal strings with at most two places (docs/orders.md).

const optionalText = (label: string, max: number) => singleLine(label, max).nullable().optional();
const isoDate = (label: string) =>
  z
    .string({ error: `${label} must be a date` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date like 2026-04-15`)
    .refine(isCalendarDate, `${label} is not a real date`)
    .nullable()
    .optional();

/** The kinds staff put on an order or a catalog job (deposit lines are made by invoices). */
export const WorkLineKind = LineKind.exclude(['deposit']);

/**
 * One line as staff type it. Amounts are checked by the server's money rules (a 422 that
 * names the line), so the schema only asks for the shape. A per-foot line without a
 * quantity takes the boat's length overall.
 */
export const OrderLineInput = z
  .object({
    kind: WorkLineKind,
    description: singleLine('The description', 200).min(1, 'Every line needs a description'),
    quantity: z.string().trim().max(20, 'The quantity is too long').optional(),
    unitPriceCents: z.number({ error: 'The price must be a number of cents' }).int('Prices are whole cents'),
    taxClass: TaxClass.optional(),
    optional: z.boolean().optional(),
    note: multiLine('The note', 1000).nullable().optional(),
    technician: optionalText('The technician', 100),
    partNumber: optionalText('The part number', 100),
  })
  .strict();

export const OrderLineView = z.object({
  id: z.string(),
  position: z.number(),
  kind: LineKind,
  description: z.string(),
  quantity: z.string(),
  unitPriceCents: z.number(),
  totalCents: z.number(),
  taxClass: TaxClass,
  optional: z.boolean(),
  note: z.string().nullable(),
  technician: z.string().nullable(),
  partNumber: z.string().nullable(),
});

export const DocumentTotalsView = z.object({
  subtotalCents: z.number(),
  taxCents: z.number(),
  totalCents: z.number(),
  taxByClass: z.object({ labor: z.number(), parts: z.number(), fees: z.number() }),
  /** The yard's rates in basis points (725 = 7.25 %), to label the tax lines. */
  rates: z.object({ labor: z.number(), parts: z.number(), fees: z.number() }),
});

export const OrderLinesResponse = z.object({
  orderId: z.string(),
  lines: z.array(OrderLineView),
  totals: DocumentTotalsView,
});

export const ReplaceLinesRequest = z.object({ lines: z.array(OrderLineInput).max(500) }).strict();
export const AddCatalogJobRequest = z
  .object({ jobId: z.string().uuid('Catalog job ids are UUIDs') })
  .strict();

export const CreateOrderRequest = z
  .object({
    customerId: z.string().uuid('Customer ids are UUIDs'),
    boatId: z.string().uuid('Boat ids are UUIDs'),
    title: singleLine('The title', 200).min(1, 'Give the order a title'),
    description: multiLine('The description', 5000).nullable().optional(),
    scheduledFor: isoDate('The scheduled date'),
    promisedOn: isoDate('The promised date'),
    lines: z.array(OrderLineInput).max(500).optional(),
    catalogJobId: z.string().uuid('Catalog job ids are UUIDs').optional(),
  })
  .strict();

export const UpdateOrderRequest = z
  .object({
    title: singleLine('The title', 200).min(1, 'The title cannot be empty').optional(),
    description: multiLine('The description', 5000).nullable().optional(),
    scheduledFor: isoDate('The scheduled date'),
    promisedOn: isoDate('The promised date'),
    /** The staff member of the yard who works on the order, or null for nobody. */
    assignedTo: z
      .string()
      .uuid('assignedTo must be the id of a staff member of this yard, or null for nobody')
      .nullable()
      .optional(),
  })
  .strict();

export const CreateOrderResponse = z.object({ id: z.string(), number: z.number(), status: OrderStatus });

export const StatusChangeRequest = z
  .object({ to: OrderStatus, note: multiLine('The note', 1000).optional() })
  .strict();

export const CatalogJobInput = z
  .object({
    name: singleLine('The name', 120).min(1, 'Give the job a name'),
    description: multiLine('The description', 2000).nullable().optional(),
    lines: z.array(OrderLineInput).min(1, 'A job needs at least one line').max(100),
  })
  .strict();
export const CatalogJobPatch = CatalogJobInput.partial().strict();

export const CatalogLineView = OrderLineInput.extend({
  quantity: z.string().nullable(),
  taxClass: TaxClass,
  optional: z.boolean(),
});
export const CatalogJobView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  lines: z.array(CatalogLineView),
  archivedAt: z.string().nullable(),
  updatedAt: z.string(),
});
/**
 * A job as the catalog lists it. A technician has no money (docs/yards.md, "Technicians"):
 * their lines come without `unitPriceCents`, and `prices` is false.
 */
export const CatalogListJob = CatalogJobView.extend({
  lines: z.array(CatalogLineView.extend({ unitPriceCents: z.number().int().optional() })),
});
export const CatalogListResponse = z.object({ jobs: z.array(CatalogListJob), prices: z.boolean() });

export const StaffStatusChange = z.object({
  from: OrderStatus.nullable(),
  to: OrderStatus,
  at: z.string(),
  /** The staff member's name, "the customer", or "Slipway" for automatic moves. */
  by: z.string(),
  note: z.string().nullable(),
});

export const StaffTimelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  summary: z.string(),
  by: z.string().nullable(),
});

export const StaffOrderPhoto = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  /** The image for a thumbnail (the same bytes, drawn small) and at full size. */
  thumbnailUrl: z.string(),
  url: z.string(),
});

export const StaffOrderResponse = z.object({
  order: z.object({
    id: z.string(),
    number: z.number(),
    title: z.string(),
    description: z.string().nullable(),
    status: OrderStatus,
    openedAt: z.string(),
    scheduledFor: z.string().nullable(),
    promisedOn: z.string().nullable(),
    completedAt: z.string().nullable(),
    updatedAt: z.string(),
    /** The staff member the order is assigned to; a technician sees only their own orders. */
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
  /** The yard's active staff, whom the order can be assigned to. */
  assignableStaff: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
  /** The statuses staff may move this order to by hand now. */
  allowedMoves: z.array(OrderStatus),
  customer: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  boat: BoatView.nullable(),
  statusHistory: z.array(StaffStatusChange),
  serviceRequest: z
    .object({
      description: z.string(),
      preferredFrom: z.string().nullable(),
      preferredTo: z.string().nullable(),
      requestedAt: z.string(),
      photos: z.array(StaffOrderPhoto),
    })
    .nullable(),
  lines: z.array(OrderLineView),
  totals: DocumentTotalsView,
  timeline: z.array(StaffTimelineEntry),
  /** The newest estimate's status, for the header (the estimates card has the rest). */
  estimateStatus: EstimateStatus.nullable(),
  /** The changed estimate waiting for the customer's re-approval, if any. */
  awaitingReapproval: AwaitingReapproval,
});
