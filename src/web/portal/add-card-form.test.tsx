// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SavedCardResponse } from '../../shared/api-types';
import { fakeServer, renderWithQuery } from '../testing/render';
import { AddCardForm } from './add-card-form';
import { STRIPE_JS_URL, type StripeFactory } from './stripe-js';

const SETUPS = 'POST /api/portal/harbor/cards/setups';
const CONFIRM = 'POST /api/portal/harbor/cards/setups/setup-1/confirm';
const card = {
  id: 'card-1',
  brand: 'Visa',
  last4: '4242',
  expMonth: 8,
  expYear: 2031,
  isDefault: true,
  expired: false,
  label: 'Visa •••• 4242',
  createdAt: '2026-01-01T00:00:00Z',
};
const saved: SavedCardResponse = { card, cards: [card] };
const stripeSetup = {
  body: {
    setupId: 'setup-1',
    clientSecret: 'seti_1_secret_abc',
    provider: 'stripe',
    publishableKey: 'pk_test_1',
  },
};

const stripeScript = () => document.querySelector<HTMLScriptElement>(`script[src="${STRIPE_JS_URL}"]`);

/** A stand-in for Stripe.js: what the portal asks of it, and the answer of its confirm step. */
function fakeStripeJs(answer: { error?: { message: string } } = {}) {
  const calls = { keys: [] as string[], mountedIn: [] as HTMLElement[], confirmed: [] as unknown[][] };
  const element = {
    mount: (el: HTMLElement) => calls.mountedIn.push(el),
    destroy: vi.fn(),
    on: vi.fn(),
  };
  const factory: StripeFactory = (key) => {
    calls.keys.push(key);
    return {
      elements: () => ({ create: () => element }),
      confirmCardSetup: async (...args: unknown[]) => {
        calls.confirmed.push(args);
        return answer.error
          ? { error: answer.error }
          : { setupIntent: { id: 'seti_1', status: 'succeeded' } };
      },
    };
  };
  return { calls, element, factory };
}

/** Stripe's script "arrives": window.Stripe is set and the script's load event fires. */
async function stripeArrives(factory: StripeFactory) {
  await waitFor(() => expect(stripeScript()).toBeTruthy());
  (window as unknown as { Stripe?: StripeFactory }).Stripe = factory;
  stripeScript()!.dispatchEvent(new Event('load'));
}

afterEach(() => {
  delete (window as unknown as { Stripe?: StripeFactory }).Stripe;
  stripeScript()?.remove();
});

describe('adding a card', () => {
  it('with Stripe, loads Stripe.js from js.stripe.com, mounts its card form with the publishable key, confirms the setup there, then tells the server', async () => {
    const seen = fakeServer({ [SETUPS]: () => stripeSetup, [CONFIRM]: () => ({ body: saved }) });
    const onSaved = vi.fn();
    renderWithQuery(<AddCardForm yard="harbor" provider="stripe" onSaved={onSaved} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add a card' }));
    // No card number field of ours: Stripe's frame takes the card.
    expect(screen.queryByLabelText('Card number')).toBeNull();
    const stripe = fakeStripeJs();
    await stripeArrives(stripe.factory);
    await waitFor(() => expect(stripe.calls.mountedIn).toHaveLength(1));
    expect(stripe.calls.keys).toEqual(['pk_test_1']);
    expect(stripe.calls.mountedIn[0].closest('form')?.getAttribute('aria-label')).toBe('Add a card');

    await user.click(screen.getByRole('button', { name: 'Save card' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(stripe.calls.confirmed).toEqual([
      ['seti_1_secret_abc', { payment_method: { card: stripe.element } }],
    ]);
    const confirm = seen.find((r) => `${r.method} ${r.path}` === CONFIRM);
    // The card number never goes to Slipway's server.
    expect(confirm?.body).toEqual({});
  });

  it("with Stripe, a card Stripe declines shows Stripe's words and the server is not told", async () => {
    const seen = fakeServer({ [SETUPS]: () => stripeSetup, [CONFIRM]: () => ({ body: saved }) });
    const onSaved = vi.fn();
    renderWithQuery(<AddCardForm yard="harbor" provider="stripe" onSaved={onSaved} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add a card' }));
    const stripe = fakeStripeJs({ error: { message: 'Your card was declined.' } });
    await stripeArrives(stripe.factory);
    await waitFor(() => expect(stripe.calls.mountedIn).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Save card' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Your card was declined.');
    expect(onSaved).not.toHaveBeenCalled();
    expect(seen.some((r) => `${r.method} ${r.path}` === CONFIRM)).toBe(false);
  });

  it('with Stripe, when the server cannot read the setup yet, a second try asks only the server again', async () => {
    let calls = 0;
    fakeServer({
      [SETUPS]: () => stripeSetup,
      [CONFIRM]: () =>
        ++calls === 1
          ? {
              status: 409,
              body: { code: 'CARD_SETUP_PENDING', message: 'The bank is still checking the card.' },
            }
          : { body: saved },
    });
    const onSaved = vi.fn();
    renderWithQuery(<AddCardForm yard="harbor" provider="stripe" onSaved={onSaved} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add a card' }));
    const stripe = fakeStripeJs();
    await stripeArrives(stripe.factory);
    await waitFor(() => expect(stripe.calls.mountedIn).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Save card' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The bank is still checking the card.');
    await user.click(screen.getByRole('button', { name: 'Save card' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(stripe.calls.confirmed).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it('with Stripe, a script that cannot load (refused, offline) says so in words', async () => {
    fakeServer({ [SETUPS]: () => stripeSetup });
    renderWithQuery(<AddCardForm yard="harbor" provider="stripe" onSaved={vi.fn()} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Add a card' }));
    await waitFor(() => expect(stripeScript()).toBeTruthy());
    stripeScript()!.dispatchEvent(new Event('error'));
    // The alert region may be in place, still empty, before the error's words reach it.
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(/could not be loaded from Stripe/),
    );
    expect((screen.getByRole('button', { name: 'Save card' }) as HTMLButtonElement).disabled).toBe(true);
    // Removed, so that opening the form again tries again.
    expect(stripeScript()).toBeNull();
  });

  it('with the built-in provider, the test card is typed in our own form and Stripe.js is never loaded', async () => {
    const seen = fakeServer({
      'POST /api/portal/harbor/cards/setups': () => ({
        body: {
          setupId: 'setup-1',
          clientSecret: 'offline_seti_x_secret_y',
          provider: 'offline',
          publishableKey: null,
        },
      }),
      [CONFIRM]: () => ({ body: saved }),
    });
    const onSaved = vi.fn();
    renderWithQuery(<AddCardForm yard="harbor" provider="offline" onSaved={onSaved} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add a card' }));
    await user.type(screen.getByLabelText('Card number'), '4242424242424242');
    await user.type(screen.getByLabelText('Expiry month'), '8');
    await user.type(screen.getByLabelText('Expiry year'), '2031');
    await user.click(screen.getByRole('button', { name: 'Save card' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(seen.find((r) => r.path.endsWith('/confirm'))?.body).toEqual({
      cardNumber: '4242424242424242',
      expMonth: 8,
      expYear: 2031,
    });
    expect(stripeScript()).toBeNull();
    expect(document.querySelector('script[src*="stripe.com"]')).toBeNull();
  });
});
