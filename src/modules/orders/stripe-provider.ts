import Stripe from 'stripe';
import {
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
  client?: Stripe;
}): PaymentProvider {
  const stripe = opts.client ?? new Stripe(opts.secretKey);
  return {
    name: 'stripe',
    synchronous: false,
    async charge(req): Promise<ChargeResult> {
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
