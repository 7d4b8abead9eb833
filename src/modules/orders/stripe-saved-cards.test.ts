import Stripe from 'stripe';
import { expect, it, vi } from 'vitest';
import { stripeProvider } from './stripe-provider.js';

const saved = { customerRef: 'cus_1', paymentMethodRef: 'pm_1', label: 'Visa •••• 4242 (saved card)' };
const charge = {
  attemptId: 'a1',
  idempotencyKey: 'slipway-payment-a1',
  amountCents: 5_000,
  currency: 'usd' as const,
  description: 'Invoice #7',
  savedCard: saved,
  metadata: { yardId: 'y1', invoiceId: 'i1' },
};
const provider = (client: object) =>
  stripeProvider({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x', client: client as Stripe });

it('a saved card is charged by a confirmed PaymentIntent on the Stripe Customer, keyed by the attempt', async () => {
  const create = vi.fn(async () => ({ id: 'pi_1', status: 'succeeded', client_secret: 'pi_1_secret' }));
  const out = await provider({ paymentIntents: { create } }).charge(charge);
  expect(out).toEqual({ status: 'succeeded', reference: 'pi_1', method: 'card', label: saved.label });
  expect(create).toHaveBeenCalledWith(
    expect.objectContaining({
      amount: 5_000,
      customer: 'cus_1',
      payment_method: 'pm_1',
      confirm: true,
      metadata: { yardId: 'y1', invoiceId: 'i1', attemptId: 'a1' },
    }),
    { idempotencyKey: 'slipway-payment-a1' },
  );
});

it("Stripe's card error is a decline with its code and message; a bank check still to do is pending", async () => {
  const err = new Stripe.errors.StripeCardError({
    type: 'card_error',
    code: 'card_declined',
    message: 'Your card was declined.',
  });
  const declined = await provider({
    paymentIntents: {
      create: async () => {
        throw err;
      },
    },
  }).charge(charge);
  expect(declined).toEqual({ status: 'declined', code: 'card_declined', message: 'Your card was declined.' });
  const pending = await provider({
    paymentIntents: { create: async () => ({ id: 'pi_2', status: 'requires_action', client_secret: 's2' }) },
  }).charge(charge);
  expect(pending).toEqual({ status: 'pending', reference: 'pi_2', clientSecret: 's2' });
});

it('a SetupIntent is read back into display facts only, and only for its own Customer', async () => {
  const retrieve = vi.fn(async () => ({
    id: 'seti_1',
    status: 'succeeded',
    customer: 'cus_1',
    payment_method: {
      id: 'pm_9',
      card: { brand: 'mastercard', last4: '4444', exp_month: 3, exp_year: 2031 },
    },
  }));
  const cards = provider({ setupIntents: { retrieve } }).cards!;
  expect(await cards.finishCardSetup({ reference: 'seti_1', customerRef: 'cus_1' })).toEqual({
    status: 'succeeded',
    paymentMethodRef: 'pm_9',
    card: { brand: 'Mastercard', last4: '4444', expMonth: 3, expYear: 2031 },
  });
  expect(retrieve).toHaveBeenCalledWith('seti_1', { expand: ['payment_method'] });
  const wrong = await cards.finishCardSetup({ reference: 'seti_1', customerRef: 'cus_other' });
  expect(wrong.status).toBe('declined');
});

it('a SetupIntent is made on the Customer with a key per setup; removing detaches the payment method', async () => {
  const create = vi.fn(async () => ({ id: 'seti_2', client_secret: 'seti_2_secret_x' }));
  const detach = vi.fn(async () => ({}));
  const cards = provider({ setupIntents: { create }, paymentMethods: { detach } }).cards!;
  const started = await cards.startCardSetup({
    customerRef: 'cus_1',
    idempotencyKey: 'slipway-setup-s1',
    metadata: { setupId: 's1' },
  });
  expect(started).toEqual({ reference: 'seti_2', clientSecret: 'seti_2_secret_x' });
  expect(create).toHaveBeenCalledWith(expect.objectContaining({ customer: 'cus_1', usage: 'on_session' }), {
    idempotencyKey: 'slipway-setup-s1',
  });
  await cards.removeCard('pm_9');
  expect(detach).toHaveBeenCalledWith('pm_9');
});
