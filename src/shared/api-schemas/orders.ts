import { z } from 'zod';
import {
  parseSignaturePath,
  SIGNATURE_MAX_CHARS,
  SIGNER_NAME_MAX,
  signerNameProblem,
  tidyName,
} from './signature.js';
import { multiLine, singleLine } from './text-fields.js';
import { YARD_STATUSES } from './values.js';

// Orders, estimates and payments in the portal and the dashboard (src/modules/orders).
// Dates are ISO-8601 strings; money is integer cents.

export const OrderStatus = z.enum([
  'requested',
  'open_estimate',
  'estimate_sent',
  'awaiting_acceptance',
  'declined',
  'in_progress',
  'deposit_requested',
  'partial_payment',
  'invoiced',
  'paid',
  'completed',
  'cancelled',
]);

export const BoatView = z.object({
  id: z.string(),
  name: z.string(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  year: z.number().nullable(),
  lengthFt: z.string().nullable(),
  hullId: z.string().nullable(),
  slip: z.string().nullable(),
  /** Archived boats keep their history; only staff see them, and no new order picks them. */
  archived: z.boolean(),
  /** Where the boat is in the yard right now (docs/boat-status.md); null until staff set it. */
  yardStatus: z.enum(YARD_STATUSES).nullable(),
  yardStatusAt: z.string().nullable(),
});

export const OrderView = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  status: OrderStatus,
  boatName: z.string().nullable(),
  /** The order's boat, for linking to it and for what a technician may set the status of. */
  boatId: z.string().nullable(),
  openedAt: z.string(),
  scheduledFor: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Sum of the order's invoices, else of its latest estimate. */
  totalCents: z.number(),
});

/** Labour, parts, fees, per-foot rates, discounts, and deposits deducted (docs/orders.md). */
export const LineKind = z.enum(['labor', 'part', 'fee', 'per_foot', 'discount', 'deposit']);
export const TaxClass = z.enum(['labor', 'parts', 'fees', 'none']);

export const LineItemView = z.object({
  kind: LineKind,
  description: z.string(),
  quantity: z.string(),
  unitPriceCents: z.number(),
  totalCents: z.number(),
});

export const EstimateStatus = z.enum(['draft', 'sent', 'accepted', 'declined', 'expired', 'superseded']);
export const EstimateView = z.object({
  id: z.string(),
  number: z.number(),
  orderNumber: z.number(),
  status: EstimateStatus,
  subtotalCents: z.number(),
  taxCents: z.number(),
  totalCents: z.number(),
  sentAt: z.string().nullable(),
  validUntil: z.string().nullable(),
  lineItems: z.array(LineItemView),
});

/** A standard invoice, a deposit invoice, or a credit note correcting a sent invoice. */
export const InvoiceKind = z.enum(['standard', 'deposit', 'credit_note']);
/** What customers did, listed in the dashboard's activity inbox. */
export const ActivityKind = z.enum([
  'service_requested',
  'estimate_accepted',
  'estimate_declined',
  'invoice_paid',
  'invite_requested',
]);

export const InvoiceStatus = z.enum(['draft', 'open', 'partial', 'paid', 'void']);
export const InvoiceView = z.object({
  id: z.string(),
  /** A credit note is shown as such; it owes nothing. */
  kind: InvoiceKind.optional(),
  number: z.number(),
  orderNumber: z.number(),
  status: InvoiceStatus,
  subtotalCents: z.number(),
  taxCents: z.number(),
  totalCents: z.number(),
  paidCents: z.number(),
  /** Taken off by credit notes the yard issued against this invoice. */
  creditedCents: z.number(),
  balanceCents: z.number(),
  depositCents: z.number().nullable(),
  issuedAt: z.string().nullable(),
  dueOn: z.string().nullable(),
  lineItems: z.array(LineItemView),
});

export const PaymentView = z.object({
  id: z.string(),
  invoiceNumber: z.number(),
  amountCents: z.number(),
  method: z.string(),
  receivedAt: z.string(),
});

export const OrderStatusChange = z.object({
  /** null on the first entry: the order being opened. */
  from: OrderStatus.nullable(),
  /** The status it moved to; on the opening entry, the status it was opened with, or null when that was not recorded. */
  to: OrderStatus.nullable(),
  at: z.string(),
  /** "You" in the portal's words is the customer; staff changes carry the staff member's name. */
  by: z.enum(['customer', 'staff', 'system']),
  note: z.string().nullable(),
});

/** Tax rates in basis points per class (725 = 7.25 %). */
export const TaxRatesView = z.object({ labor: z.number(), parts: z.number(), fees: z.number() });

/** A line of an estimate version, with what the customer needs to decide on it. */
export const EstimateLineView = LineItemView.extend({
  id: z.string(),
  /** The customer may decline it when accepting. */
  optional: z.boolean(),
  note: z.string().nullable(),
  technician: z.string().nullable(),
  partNumber: z.string().nullable(),
  taxClass: TaxClass,
});

/** A line of an acceptance snapshot: accepted, or an optional line the customer declined. */
export const AcceptedLineView = EstimateLineView.extend({ accepted: z.boolean() });

/** Who signed an acceptance and how (null on acceptances from before signatures). */
export const SignatureView = z.object({
  name: z.string(),
  /** An SVG path in a 600×200 box (src/shared/api-schemas/signature.ts). */
  path: z.string(),
  signedAt: z.string(),
  /** The address the approval came from. */
  ip: z.string().nullable(),
});

export const EstimateAcceptanceView = z.object({
  acceptedAt: z.string(),
  signature: SignatureView.nullable(),
  /** Of what was accepted (declined optional lines left out). */
  subtotalCents: z.number(),
  taxCents: z.number(),
  totalCents: z.number(),
  lines: z.array(AcceptedLineView),
  declinedLineIds: z.array(z.string()),
});

const LineFigures = z.object({ quantity: z.string(), unitPriceCents: z.number(), totalCents: z.number() });
const DocumentFigures = z.object({ subtotalCents: z.number(), taxCents: z.number(), totalCents: z.number() });

/** How a version differs from the accepted version it replaces, line by line. */
export const EstimateChanges = z.object({
  againstVersion: z.number(),
  acceptedAt: z.string(),
  lines: z.array(
    z.object({
      change: z.enum(['added', 'removed', 'changed']),
      kind: LineKind,
      description: z.string(),
      before: LineFigures.nullable(),
      after: LineFigures.nullable(),
    }),
  ),
  /** What was accepted, and this version in full (optional lines included). */
  before: DocumentFigures,
  after: DocumentFigures,
});

export const OrderEstimateView = EstimateView.extend({
  version: z.number(),
  previousId: z.string().nullable(),
  lineItems: z.array(EstimateLineView),
  /** The rates its tax was computed at, to re-total it as optional lines are declined. */
  taxRates: TaxRatesView,
  /** True while the customer may accept or decline it. */
  canRespond: z.boolean(),
  /** Why it cannot be answered now (changed since sent, expired, replaced), or null. */
  blockedReason: z.string().nullable(),
  declineReason: z.string().nullable(),
  respondedAt: z.string().nullable(),
  acceptance: EstimateAcceptanceView.nullable(),
  /** Against the accepted version this one replaces; null when none was accepted. */
  changes: EstimateChanges.nullable(),
});

/** A changed estimate the customer has not approved yet: no payment or work until they do. */
export const AwaitingReapproval = z
  .object({
    estimateId: z.string(),
    number: z.number(),
    version: z.number(),
    status: z.enum(['sent', 'declined', 'expired']),
  })
  .nullable();

export const OrderDetailResponse = z.object({
  order: OrderView.extend({ description: z.string().nullable(), boat: BoatView.nullable() }),
  statusHistory: z.array(OrderStatusChange),
  estimates: z.array(OrderEstimateView),
  invoices: z.array(InvoiceView),
  payments: z.array(PaymentView),
  /** Which payment provider takes card payments: the built-in one takes a card number. */
  paymentProvider: z.enum(['offline', 'stripe']),
  awaitingReapproval: AwaitingReapproval,
});

export const PortalOrdersResponse = z.object({ orders: z.array(OrderView) });

export const DeclineEstimateRequest = z.object({ reason: multiLine('The reason', 1000).optional() }).strict();

/** The typed full name and the drawn signature that go with an approval. */
export const SignatureInput = z
  .object(
    {
      name: singleLine('Your full name', SIGNER_NAME_MAX, { missing: 'Type your full name' })
        .transform(tidyName)
        .superRefine((name, ctx) => {
          const problem = signerNameProblem(name);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      path: z
        .string({ error: 'Draw your signature in the box' })
        .max(
          SIGNATURE_MAX_CHARS,
          `The signature is too detailed (more than ${SIGNATURE_MAX_CHARS} characters). Clear it and sign again.`,
        )
        .superRefine((path, ctx) => {
          const parsed = parseSignaturePath(path);
          if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
        }),
    },
    { error: 'Sign the estimate: type your full name and draw your signature' },
  )
  .strict();

export const AcceptEstimateRequest = z
  .object(
    {
      /** Optional lines the customer does not want; every other line is approved. */
      declinedLineIds: z.array(z.string().uuid('Line ids are UUIDs')).max(500).optional(),
      signature: SignatureInput,
    },
    { error: 'Sign the estimate: type your full name and draw your signature' },
  )
  .strict();

export const PayInvoiceRequest = z
  .object({
    amountCents: z
      .number({ message: 'Enter the amount to pay' })
      .int('Amounts are whole cents')
      .positive('Enter an amount greater than zero')
      .max(100_000_000, 'That amount is too large'),
    /** Built-in provider only; Stripe collects the card in its own form. */
    cardNumber: singleLine('The card number', 30)
      .regex(/^[\d\s-]*$/, 'A card number has digits only')
      .optional(),
    /** A card the customer saved (docs/saved-cards.md), instead of a card number. */
    savedCardId: z.string().uuid('Choose one of your saved cards').optional(),
  })
  .strict()
  .refine((b) => !(b.savedCardId && b.cardNumber), {
    message: 'Pay with a saved card or a card number, not both',
    path: ['savedCardId'],
  });

export const PayInvoiceResponse = z.object({
  /** `pending`: finish in Stripe's form with `clientSecret`; the webhook records the payment. */
  status: z.enum(['succeeded', 'pending']),
  payment: PaymentView.nullable(),
  invoice: InvoiceView,
  clientSecret: z.string().nullable(),
});

/** A row of the staff Orders list (docs/orders.md, "Orders list"). */
export const StaffOrderRow = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  status: OrderStatus,
  customer: z.object({ id: z.string(), name: z.string() }),
  boat: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The staff member the order is assigned to (docs/yards.md, "Technicians"). */
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  openedAt: z.string(),
  updatedAt: z.string(),
  estimateStatus: EstimateStatus.nullable(),
  /** What the order's open and partly paid invoices still ask for. */
  balanceCents: z.number(),
  /** The sum of the order's working lines, before tax. */
  valueCents: z.number(),
});

export const StaffOrderTotals = z.object({
  count: z.number(),
  balanceCents: z.number(),
  valueCents: z.number(),
});

export const StaffOrdersResponse = z.object({
  orders: z.array(StaffOrderRow),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /**
   * Per status, for the search and filters without the status filter (what each status chip
   * would show); null on later pages, which only continue the list.
   */
  counts: z.record(OrderStatus, z.number()).nullable(),
  /** Count, open balance and value of what the list shows (status filter included). */
  totals: StaffOrderTotals.nullable(),
  /**
   * True when a search matched more orders than were counted (or more customers or boats
   * than were looked at): counts and totals are then "at least", and more letters narrow it.
   */
  capped: z.boolean(),
});
