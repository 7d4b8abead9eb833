/**
 * Stripe.js, loaded from js.stripe.com when a card is saved with Stripe as the provider
 * (docs/saved-cards.md). Stripe requires it to come from there, never bundled; the portal's
 * Content-Security-Policy allows that origin only when Stripe is configured
 * (src/server/security-headers.ts). v3 is the Stripe.js of the server's API version
 * (the stripe package's 2025-02-24.acacia); basil and clover go with later ones.
 */
export const STRIPE_JS_URL = 'https://js.stripe.com/v3/';

export const STRIPE_JS_FAILED =
  'The secure card form could not be loaded from Stripe. Check your connection and try again; if it keeps failing, ask the yard to take the card payment.';

/** The part of Stripe.js the card form uses. */
export interface StripeCardElement {
  mount(el: HTMLElement): void;
  destroy(): void;
  on(event: 'change', handler: (e: { complete: boolean; error?: { message: string } }) => void): void;
}
export interface StripeJs {
  elements(options?: Record<string, unknown>): {
    create(type: 'card', options?: Record<string, unknown>): StripeCardElement;
  };
  confirmCardSetup(
    clientSecret: string,
    data: { payment_method: { card: StripeCardElement } },
  ): Promise<{ setupIntent?: { id: string; status: string }; error?: { message?: string; code?: string } }>;
}
export type StripeFactory = (publishableKey: string) => StripeJs;

type WithStripe = { Stripe?: StripeFactory };

/**
 * Adds Stripe's script once and waits for `window.Stripe`. A refused (CSP), unreachable or
 * slow script rejects with `STRIPE_JS_FAILED` and is removed, so a later try loads it again.
 */
export function loadStripeJs(timeoutMs = 20_000): Promise<StripeFactory> {
  const w = window as unknown as WithStripe;
  if (w.Stripe) return Promise.resolve(w.Stripe);
  return new Promise((resolve, reject) => {
    let script = document.querySelector<HTMLScriptElement>(`script[src="${STRIPE_JS_URL}"]`);
    if (!script) {
      script = document.createElement('script');
      script.src = STRIPE_JS_URL;
      script.async = true;
      document.head.appendChild(script);
    }
    const added = script;
    const fail = () => {
      clearTimeout(timer);
      added.remove();
      reject(new Error(STRIPE_JS_FAILED));
    };
    const timer = setTimeout(fail, timeoutMs);
    added.addEventListener('load', () => {
      clearTimeout(timer);
      if (w.Stripe) resolve(w.Stripe);
      else fail();
    });
    added.addEventListener('error', fail);
  });
}
