import { z } from 'zod';

/** The payment provider's settings (docs/payments.md), read by config.ts. */
export const StripeEnv = {
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_/, 'STRIPE_SECRET_KEY must start with sk_test_ or sk_live_')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .startsWith('whsec_', 'STRIPE_WEBHOOK_SECRET must start with whsec_')
    .optional(),
  /** Handed to the portal's card form (Stripe.js); publishable by design. */
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_/, 'STRIPE_PUBLISHABLE_KEY must start with pk_test_ or pk_live_')
    .optional(),
};

/** Stripe when its three keys are set, else the built-in offline provider. */
export type PaymentsConfig =
  | { provider: 'offline' }
  | { provider: 'stripe'; secretKey: string; webhookSecret: string; publishableKey: string };

/** The provider's settings, or the sentence saying what to fix. */
export function paymentsConfig(e: {
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_PUBLISHABLE_KEY?: string;
}): PaymentsConfig | { problem: string } {
  const secretKey = e.STRIPE_SECRET_KEY;
  const webhookSecret = e.STRIPE_WEBHOOK_SECRET;
  const publishableKey = e.STRIPE_PUBLISHABLE_KEY;
  if (!secretKey && !webhookSecret && !publishableKey) return { provider: 'offline' };
  if (!secretKey || !webhookSecret || !publishableKey) {
    return {
      problem:
        'STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PUBLISHABLE_KEY: set all three to take payments through Stripe, or none for the built-in provider',
    };
  }
  // A live secret key with a test publishable key (or the reverse) would save cards nowhere.
  if (secretKey.includes('_live_') !== publishableKey.includes('_live_')) {
    return {
      problem: 'STRIPE_PUBLISHABLE_KEY: use the key of the same mode (test or live) as STRIPE_SECRET_KEY',
    };
  }
  return { provider: 'stripe', secretKey, webhookSecret, publishableKey };
}
