/**
 * Where card payments go. The service asks for a charge and records what comes back;
 * a provider never touches the database. `idempotencyKey` is the attempt's own id, so
 * asking twice for one attempt is one charge at the processor too.
 */
export interface ChargeRequest {
  attemptId: string;
  idempotencyKey: string;
  amountCents: number;
  /** The yard's currency, lower case as processors take it: "usd", "eur". */
  currency: string;
  description: string;
  /** The built-in provider reads a test card number; Stripe collects the card itself. */
  cardNumber?: string;
  /** A card saved through the provider (docs/saved-cards.md), charged instead of a typed one. */
  savedCard?: { customerRef: string; paymentMethodRef: string; label: string };
  metadata: Record<string, string>;
}

/** What a saved card shows; never its number. */
export interface CardFacts {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** The provider's setup intent for saving a card; the browser finishes it with the secret. */
export interface CardSetupStarted {
  reference: string;
  clientSecret: string;
}

export type CardSetupResult =
  | { status: 'succeeded'; paymentMethodRef: string; card: CardFacts }
  | { status: 'declined'; code: string; message: string }
  /** Not finished yet in the browser (Stripe's form, or the bank's check still to pass). */
  | { status: 'pending' };

/** The built-in provider's "browser": the test card typed into Slipway's own form. */
export interface OfflineCardEntry {
  cardNumber: string;
  expMonth: number;
  expYear: number;
}

export type ChargeResult =
  | { status: 'succeeded'; reference: string; method: string; label: string }
  | { status: 'declined'; code: string; message: string }
  | { status: 'pending'; reference: string; clientSecret: string };

/** A payment confirmed by the provider out of band (a webhook). */
export interface ConfirmedPayment {
  eventId: string;
  attemptId: string;
  /** The yard the charge was made for (the provider's copy of our metadata). */
  yardId: string;
  reference: string;
  amountCents: number;
  label: string;
}

export interface PaymentProvider {
  readonly name: 'offline' | 'stripe';
  /** True when `charge` answers at once (the built-in provider), false when a webhook confirms. */
  readonly synchronous: boolean;
  /** Stripe: the publishable key the browser's Stripe.js is started with (never the secret one). */
  readonly publishableKey?: string;
  charge(req: ChargeRequest): Promise<ChargeResult>;
  /**
   * An asynchronous provider's charge already started (its reference stored): asks for it
   * again rather than starting another, e.g. Stripe retrieves the PaymentIntent.
   */
  resume?(reference: string): Promise<ChargeResult>;
  /**
   * Checks a webhook's signature and reads it; throws `WebhookSignatureError` when the
   * signature is wrong. `null` for events that do not confirm a payment.
   */
  parseWebhook?(rawBody: Buffer, signature: string | undefined): ConfirmedPayment | null;
  /**
   * Gives back part or all of a charge taken online (`reference`: the provider's id of it).
   * `idempotencyKey` is the refund's own id, so asking twice is one refund at the processor.
   */
  refund?(req: RefundRequest): Promise<{ reference: string }>;
  /**
   * Saving cards (docs/saved-cards.md). `ensureCustomer` makes the customer at the provider
   * (idempotent by the key); `startCardSetup` a setup intent for them; `finishCardSetup` reads
   * how it ended (the built-in provider is given the test card here, as its charge is);
   * `removeCard` detaches the payment method.
   */
  cards?: {
    ensureCustomer(req: { idempotencyKey: string; metadata: Record<string, string> }): Promise<string>;
    startCardSetup(req: {
      customerRef: string;
      idempotencyKey: string;
      metadata: Record<string, string>;
    }): Promise<CardSetupStarted>;
    finishCardSetup(req: {
      reference: string;
      customerRef: string;
      entry?: OfflineCardEntry;
    }): Promise<CardSetupResult>;
    removeCard(paymentMethodRef: string): Promise<void>;
  };
}

export interface RefundRequest {
  reference: string;
  amountCents: number;
  idempotencyKey: string;
}

export class WebhookSignatureError extends Error {}

/**
 * The processor answered and refused the refund (a disputed charge, an amount it will not
 * give back). Any other error — a timeout, a dropped connection — leaves the outcome unknown:
 * the refund may have gone through, so it stays pending and is asked again with the same key.
 */
export class RefundDeclinedError extends Error {}

/**
 * The built-in provider: works offline, for the demo and tests. Test card numbers behave
 * like a real processor's test mode (Stripe's numbers): 4242 4242 4242 4242 succeeds.
 */
const TEST_CARDS: Record<string, { code: string; message: string } | { brand: string }> = {
  '4242424242424242': { brand: 'Visa' },
  '4000056655665556': { brand: 'Visa (debit)' },
  '5555555555554444': { brand: 'Mastercard' },
  '378282246310005': { brand: 'American Express' },
  '6011111111111117': { brand: 'Discover' },
  '4000000000000002': { code: 'card_declined', message: 'The card was declined. Try another card.' },
  '4000000000009995': {
    code: 'insufficient_funds',
    message: 'The card has insufficient funds. Try another card or a smaller amount.',
  },
  '4000000000000069': { code: 'expired_card', message: 'The card has expired. Try another card.' },
  '4000000000000127': {
    code: 'incorrect_cvc',
    message: "The card's security code is incorrect. Check it and try again.",
  },
  '4000000000000119': {
    code: 'processing_error',
    message: 'The card could not be processed. Please try again.',
  },
};

export const OFFLINE_TEST_CARDS = Object.keys(TEST_CARDS);

/**
 * Saving a test card: declines are refused when saving, as at a real processor, except the
 * ones only a charge finds out (insufficient funds; Stripe's 4000 0000 0000 0341, which saves
 * but declines every charge). The payment method's id carries how its charges will end, so
 * the provider keeps nothing between requests.
 */
const CHARGE_LATER: Record<string, string> = {
  '4000000000009995': 'insufficient_funds',
  '4000000000000341': 'card_declined',
};

function offlineCards(): NonNullable<PaymentProvider['cards']> {
  return {
    async ensureCustomer(req) {
      return `offline_cus_${req.idempotencyKey}`;
    },
    async startCardSetup() {
      const id = `offline_seti_${crypto.randomUUID().replaceAll('-', '')}`;
      return { reference: id, clientSecret: `${id}_secret_${crypto.randomUUID().replaceAll('-', '')}` };
    },
    async finishCardSetup(req) {
      if (!req.entry) return { status: 'pending' };
      const number = req.entry.cardNumber.replace(/[\s-]/g, '');
      const later = CHARGE_LATER[number];
      const card = later ? { brand: 'Visa' } : TEST_CARDS[number];
      if (!card) {
        return {
          status: 'declined',
          code: 'unknown_test_card',
          message:
            'The built-in payment provider accepts test cards only: use 4242 4242 4242 4242 to save a card, 4000 0000 0000 0002 to see a decline.',
        };
      }
      if ('code' in card) return { status: 'declined', code: card.code, message: card.message };
      const outcome = later ?? 'ok';
      return {
        status: 'succeeded',
        paymentMethodRef: `offline_pm_${outcome}_${crypto.randomUUID().replaceAll('-', '')}`,
        card: {
          brand: card.brand.replace(/ \(debit\)$/, ''),
          last4: number.slice(-4),
          expMonth: req.entry.expMonth,
          expYear: req.entry.expYear,
        },
      };
    },
    async removeCard() {},
  };
}

/** A charge of a card the built-in provider saved: its id says how it ends. */
function chargeSavedOffline(req: ChargeRequest): ChargeResult {
  const saved = req.savedCard!;
  const outcome = /^offline_pm_([a-z_]+)_[0-9a-f]{32}$/.exec(saved.paymentMethodRef)?.[1];
  if (outcome === 'ok') {
    return { status: 'succeeded', reference: `offline_${req.attemptId}`, method: 'card', label: saved.label };
  }
  const known = Object.values(TEST_CARDS).find((c) => 'code' in c && c.code === outcome);
  return known && 'code' in known
    ? { status: 'declined', code: known.code, message: known.message }
    : { status: 'declined', code: 'card_declined', message: 'The card was declined. Try another card.' };
}

/** The built-in provider; `refunds` lists what it was asked to give back. */
export function offlineProvider(): PaymentProvider & { refunds: RefundRequest[] } {
  const refunds: RefundRequest[] = [];
  return {
    name: 'offline',
    synchronous: true,
    refunds,
    async refund(req) {
      const seen = refunds.find((r) => r.idempotencyKey === req.idempotencyKey);
      if (!seen) refunds.push(req);
      return { reference: `offline_refund_${req.idempotencyKey}` };
    },
    cards: offlineCards(),
    async charge(req) {
      if (req.savedCard) return chargeSavedOffline(req);
      const number = (req.cardNumber ?? '').replace(/[\s-]/g, '');
      const card = TEST_CARDS[number];
      if (!card) {
        return {
          status: 'declined',
          code: 'unknown_test_card',
          message:
            'The built-in payment provider accepts test cards only: use 4242 4242 4242 4242 to pay, 4000 0000 0000 0002 to see a decline.',
        };
      }
      if ('code' in card) return { status: 'declined', code: card.code, message: card.message };
      return {
        status: 'succeeded',
        reference: `offline_${req.attemptId}`,
        method: 'card',
        label: `${card.brand} ending ${number.slice(-4)}`,
      };
    },
  };
}
