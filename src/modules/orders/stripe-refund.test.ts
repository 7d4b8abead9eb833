import type Stripe from 'stripe';
import { expect, it, vi } from 'vitest';
import { offlineProvider } from './payment-provider.js';
import { stripeProvider } from './stripe-provider.js';

it('Stripe refunds the PaymentIntent by the amount, with the refund id as idempotency key', async () => {
  const create = vi.fn(async () => ({ id: 're_123' }));
  const client = { refunds: { create } } as unknown as Stripe;
  const provider = stripeProvider({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x', client });
  const out = await provider.refund!({
    reference: 'pi_abc',
    amountCents: 2_500,
    idempotencyKey: 'slipway-refund-r1',
  });
  expect(out).toEqual({ reference: 're_123' });
  expect(create).toHaveBeenCalledWith(
    { payment_intent: 'pi_abc', amount: 2_500 },
    { idempotencyKey: 'slipway-refund-r1' },
  );
});

it('the offline provider records each refund once, however often it is asked', async () => {
  const provider = offlineProvider();
  const req = { reference: 'offline_a1', amountCents: 100, idempotencyKey: 'slipway-refund-r2' };
  await provider.refund!(req);
  await provider.refund!(req);
  expect(provider.refunds).toEqual([req]);
});
