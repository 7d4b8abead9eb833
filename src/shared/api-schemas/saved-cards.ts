import { z } from 'zod';
import { singleLine } from './text-fields.js';

/** Saved cards and receipts in the portal, and a customer's cards for staff (docs/saved-cards.md). */

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);
const uuid = (what: string) => z.string().uuid(`${what} ids are UUIDs; open it from your list`);

export const CardParams = z.object({ yard: slug, id: uuid('Card') });
export const CardSetupParams = z.object({ yard: slug, id: uuid('Card setup') });
export const ReceiptParams = z.object({ yard: slug, id: uuid('Payment') });
export const StaffCustomerCardsParams = z.object({ id: uuid('Customer') });

/** What a saved card shows: never its number. */
export const SavedCardView = z.object({
  id: z.string(),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number(),
  expYear: z.number(),
  isDefault: z.boolean(),
  /** Past its expiry month: shown, but a payment with it is refused. */
  expired: z.boolean(),
  /** "Visa •••• 4242". */
  label: z.string(),
  createdAt: z.string(),
});

export const SavedCardsResponse = z.object({
  cards: z.array(SavedCardView),
  /** `offline`: the built-in provider, whose test card is typed into Slipway's own form. */
  provider: z.enum(['offline', 'stripe']),
});

export const CardSetupResponse = z.object({
  setupId: z.string(),
  /** Stripe: confirm the SetupIntent in Stripe's form with it; built-in: an emulated one. */
  clientSecret: z.string(),
  provider: z.enum(['offline', 'stripe']),
  /** Stripe: the publishable key Stripe.js is started with; null with the built-in provider. */
  publishableKey: z.string().nullable(),
});

const expiryError = 'Enter the expiry month (1–12) and year';
/** The built-in provider's card entry; with Stripe the body is empty (Stripe's form took the card). */
export const ConfirmCardSetupRequest = z
  .object({
    cardNumber: singleLine('The card number', 30)
      .regex(/^[\d\s-]*$/, 'A card number has digits only')
      .optional(),
    expMonth: z
      .number({ message: expiryError })
      .int(expiryError)
      .min(1, expiryError)
      .max(12, expiryError)
      .optional(),
    expYear: z
      .number({ message: expiryError })
      .int(expiryError)
      .min(2000, 'Enter the expiry year with four digits, such as 2030')
      .max(2200, 'Enter the expiry year with four digits, such as 2030')
      .optional(),
  })
  .strict();

export const SavedCardResponse = z.object({ card: SavedCardView, cards: z.array(SavedCardView) });

/** A payment or a refund in the customer's receipts. */
export const ReceiptRow = z.object({
  kind: z.enum(['payment', 'refund']),
  /** The payment's id, or the refund's. */
  id: z.string(),
  paymentId: z.string(),
  amountCents: z.number(),
  at: z.string(),
  /** The calendar day in the yard's time zone, YYYY-MM-DD. */
  day: z.string(),
  /** "Visa •••• 4242 (saved card)", "Cash", "Check 1042", … */
  method: z.string(),
  invoiceId: z.string(),
  invoiceNumber: z.number(),
  orderId: z.string(),
  orderNumber: z.number(),
});

export const ReceiptsResponse = z.object({ receipts: z.array(ReceiptRow), timezone: z.string() });

export const ReceiptDetailResponse = z.object({
  receipt: z.object({
    paymentId: z.string(),
    /** As on the PDF: "R-<invoice number>-<first characters of the payment id>". */
    reference: z.string(),
    amountCents: z.number(),
    refundedCents: z.number(),
    at: z.string(),
    day: z.string(),
    method: z.string(),
    invoice: z.object({
      id: z.string(),
      number: z.number(),
      totalCents: z.number(),
      paidCents: z.number(),
      balanceCents: z.number(),
    }),
    order: z.object({ id: z.string(), number: z.number(), title: z.string() }),
    refunds: z.array(z.object({ id: z.string(), amountCents: z.number(), at: z.string(), day: z.string() })),
  }),
  timezone: z.string(),
});
