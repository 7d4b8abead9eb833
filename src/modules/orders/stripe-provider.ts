import Stripe from 'stripe';
import {
  type CardSetupResult,
  type ChargeRequest,
  type ChargeResult,
  type ConfirmedPayment,
  type PaymentProvider,
  RefundDeclinedError,
  WebhookSignatureError,
} from './payment-provider.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Stripe, through PaymentIntents: the server creates the intent (idempotency key = the
 * attempt's id, so a retried request never makes a second one), the browser confirms it
 * with the client secret in Stripe's own form, and `payment_intent.succeeded` arrives
 * by webhook, whose signature is verified before anything is read from it.
 */
export function stripeProvider(opts: {
  secretKey: string;
  webhookSecret: string;
  publishableKey?: string;
  client?: Stripe;
}): PaymentProvider {
  const stripe = opts.client ?? new Stripe(opts.secretKey);
  return {
    name: 'stripe',
    synchronous: false,
    publishableKey: opts.publishableKey,
    cards: stripeCards(stripe),
    async charge(req): Promise<ChargeResult> {
      if (req.savedCard) return chargeSaved(stripe, req);
      const intent = await stripe.paymentIntents.create(
        {
          amount: req.amountCents,
          currency: req.currency,
          description: req.description,
          automatic_payment_methods: { enabled: true },
          metadata: { ...req.metadata, attemptId: req.attemptId },
        },
        { idempotencyKey: req.idempotencyKey },
      );
      if (!intent.client_secret) throw new Error('Stripe returned a PaymentIntent without a client secret');
      return { status: 'pending', reference: intent.id, clientSecret: intent.client_secret };
    },
    async resume(reference): Promise<ChargeResult> {
      const intent = await stripe.paymentIntents.retrieve(reference);
      if (!intent.client_secret) throw new Error('Stripe returned a PaymentIntent without a client secret');
      return { status: 'pending', reference: intent.id, clientSecret: intent.client_secret };
    },
    async refund(req) {
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: req.reference, amount: req.amountCents },
          { idempotencyKey: req.idempotencyKey },
        );
        return { reference: refund.id };
      } catch (err) {
        // Stripe answered "no" (a card or request error): definite. Connection and API
        // errors leave the outcome unknown and are thrown as they are.
        if (
          err instanceof Stripe.errors.StripeCardError ||
          err instanceof Stripe.errors.StripeInvalidRequestError
        ) {
          throw new RefundDeclinedError(err.message);
        }
        throw err;
      }
    },
    parseWebhook(rawBody, signature): ConfirmedPayment | null {
      if (!signature) throw new WebhookSignatureError('missing Stripe-Signature header');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, opts.webhookSecret);
      } catch (err) {
        throw new WebhookSignatureError(String((err as Error).message));
      }
      if (event.type !== 'payment_intent.succeeded') return null;
      const intent = event.data.object;
      // Not one of ours (another integration on the same Stripe account): ignored, answered 200.
      const attemptId = intent.metadata?.attemptId;
      const yardId = intent.metadata?.yardId;
      if (!attemptId || !UUID.test(attemptId) || !yardId) return null;
      return {
        eventId: event.id,
        attemptId,
        yardId,
        reference: intent.id,
        amountCents: intent.amount_received || intent.amount,
        label: 'Card (Stripe)',
      };
    },
  };
}

/**
 * A saved card, charged with the customer at the screen: the PaymentIntent is created and
 * confirmed at once. It succeeds, is declined (a card error, answered as a decline), or needs
 * the bank's check in the browser (pending, with the client secret). The webhook records a
 * success too; the attempt's one payment makes the second recording a no-op.
 */
async function chargeSaved(stripe: Stripe, req: ChargeRequest): Promise<ChargeResult> {
  const saved = req.savedCard!;
  try {
    const intent = await stripe.paymentIntents.create(
      {
        amount: req.amountCents,
        currency: req.currency,
        description: req.description,
        customer: saved.customerRef,
        payment_method: saved.paymentMethodRef,
        payment_method_types: ['card'],
        confirm: true,
        metadata: { ...req.metadata, attemptId: req.attemptId },
      },
      { idempotencyKey: req.idempotencyKey },
    );
    if (intent.status === 'succeeded') {
      return { status: 'succeeded', reference: intent.id, method: 'card', label: saved.label };
    }
    if (!intent.client_secret) throw new Error('Stripe returned a PaymentIntent without a client secret');
    return { status: 'pending', reference: intent.id, clientSecret: intent.client_secret };
  } catch (err) {
    if (err instanceof Stripe.errors.StripeCardError) {
      return { status: 'declined', code: err.code ?? 'card_declined', message: err.message };
    }
    throw err;
  }
}

/** Saving cards through SetupIntents on a Stripe Customer (docs/saved-cards.md). */
function stripeCards(stripe: Stripe): NonNullable<PaymentProvider['cards']> {
  return {
    async ensureCustomer(req) {
      const customer = await stripe.customers.create(
        { metadata: req.metadata },
        { idempotencyKey: req.idempotencyKey },
      );
      return customer.id;
    },
    async startCardSetup(req) {
      const intent = await stripe.setupIntents.create(
        {
          customer: req.customerRef,
          payment_method_types: ['card'],
          usage: 'on_session',
          metadata: req.metadata,
        },
        { idempotencyKey: req.idempotencyKey },
      );
      if (!intent.client_secret) throw new Error('Stripe returned a SetupIntent without a client secret');
      return { reference: intent.id, clientSecret: intent.client_secret };
    },
    async finishCardSetup(req): Promise<CardSetupResult> {
      const intent = await stripe.setupIntents.retrieve(req.reference, { expand: ['payment_method'] });
      // Only a setup of this customer counts (the reference came from our own row, but be sure).
      const customer = typeof intent.customer === 'string' ? intent.customer : intent.customer?.id;
      if (customer !== req.customerRef) {
        return { status: 'declined', code: 'wrong_customer', message: 'This card setup is not yours.' };
      }
      if (intent.status === 'succeeded') {
        const pm = intent.payment_method;
        if (!pm || typeof pm === 'string' || !pm.card) throw new Error('Stripe SetupIntent without a card');
        return {
          status: 'succeeded',
          paymentMethodRef: pm.id,
          card: {
            brand: brandName(pm.card.brand),
            last4: pm.card.last4,
            expMonth: pm.card.exp_month,
            expYear: pm.card.exp_year,
          },
        };
      }
      if (intent.status === 'requires_payment_method' && intent.last_setup_error) {
        return {
          status: 'declined',
          code: intent.last_setup_error.code ?? 'card_declined',
          message: intent.last_setup_error.message ?? 'The card was declined. Try another card.',
        };
      }
      return { status: 'pending' };
    },
    async removeCard(paymentMethodRef) {
      await stripe.paymentMethods.detach(paymentMethodRef);
    },
  };
}

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};
const brandName = (brand: string) => BRANDS[brand] ?? 'Card';
