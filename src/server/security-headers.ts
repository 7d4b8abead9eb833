import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { Config } from './config.js';

/**
 * The Content-Security-Policy of every response (docs/security.md says why each entry is
 * there). The built app is one module script and one stylesheet from our own origin, so no
 * script needs `unsafe-inline`, a nonce or a hash.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // Emails are laid out with style="" attributes (mail clients ignore stylesheets), and the
  // template preview and the mailbox show them in srcdoc frames, which inherit this policy.
  // Attributes only: a <style> element or an inline script stays refused.
  'style-src-attr': ["'unsafe-inline'"],
  // The favicon is a data: URL.
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/**
 * What Stripe.js needs (Stripe's documented CSP list, without the Google Maps entries of its
 * address form, which the portal does not use): its script, the frames of its card form and
 * of the bank's check (3-D Secure), and its API. Added to the portal's pages only, and only
 * when Stripe is the payment provider (docs/security.md).
 */
export const STRIPE_CSP = {
  'script-src': ['https://js.stripe.com', 'https://*.js.stripe.com'],
  'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  'connect-src': ['https://api.stripe.com'],
} as const;

function cspDirectives(config: Pick<Config, 'publicHttps'>, extra: Record<string, readonly string[]> = {}) {
  const directives: Record<string, string[]> = Object.fromEntries(
    Object.entries(CSP_DIRECTIVES).map(([k, v]) => [k, [...v]]),
  );
  for (const [name, sources] of Object.entries(extra)) {
    // A directive not set yet (frame-src) starts from what default-src allowed.
    directives[name] = [...(directives[name] ?? directives['default-src']), ...sources];
  }
  // Over plain http (a laptop demo) an upgrade would send every asset to an https port nobody listens on.
  if (config.publicHttps) directives['upgrade-insecure-requests'] = [];
  return directives;
}

/**
 * The portal pages' Content-Security-Policy header when it differs from every other
 * response's: with Stripe as the provider, the strict policy plus `STRIPE_CSP`. Null with
 * the built-in provider, whose card form is our own.
 */
export function portalCspHeader(config: Pick<Config, 'publicHttps' | 'payments'>): string | null {
  if (config.payments.provider !== 'stripe') return null;
  return Object.entries(cspDirectives(config, STRIPE_CSP))
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join(';');
}

/** Helmet's options: our CSP instead of its defaults, HSTS only when the public URL is https. */
export function securityHeaders(config: Pick<Config, 'publicHttps'>): FastifyHelmetOptions {
  const directives = cspDirectives(config);
  return {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives },
    // A browser that once saw HSTS refuses plain http for a year: only promise it when https is real.
    strictTransportSecurity: config.publicHttps
      ? { maxAge: 31_536_000, includeSubDomains: true, preload: false }
      : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  };
}
