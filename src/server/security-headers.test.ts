import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import type { Database } from '../db/connection.js';

/** The directives of a Content-Security-Policy header, each with its list of sources. */
function parseCsp(header: string | string[] | number | undefined): Map<string, string[]> {
  expect(typeof header, 'Content-Security-Policy header').toBe('string');
  const directives = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name, sources);
  }
  return directives;
}

// Pages of the web app (the SPA shell), a token page and an address that does not exist.
const PAGES = [
  '/app',
  '/app/customers',
  '/app/settings/invite-email',
  '/portal/harbor-point',
  '/portal/harbor-point/sign-in',
  '/portal/harbor-point/reset/abc',
  '/mailbox',
  '/no-such-page',
];

const STRIPE_ENV = {
  STRIPE_SECRET_KEY: 'sk_test_csp',
  STRIPE_WEBHOOK_SECRET: 'whsec_csp',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_csp',
};
const PORTAL_PAGES = PAGES.filter((p) => p.startsWith('/portal/')).concat([
  '/portal/harbor-point/cards',
  '/portal/harbor-point/account',
]);
const OTHER_PAGES = PAGES.filter((p) => !p.startsWith('/portal/'));

// Headers do not depend on the database engine: one PGlite serves both servers here.
describe('security headers', () => {
  let database: Database;
  let https: Harness;
  let http: Harness;
  let stripe: Harness;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    https = await startHarness(database, { worker: false, publicUrl: 'https://portal.slipway.test' });
    http = await startHarness(database, { worker: false, publicUrl: 'http://127.0.0.1:3000' });
    stripe = await startHarness(database, { worker: false, env: STRIPE_ENV });
  });
  afterAll(async () => {
    await https?.close();
    await http?.close();
    await stripe?.close();
    await database?.close();
  });

  it.each(PAGES)('%s carries the Content-Security-Policy', async (url) => {
    const res = await https.agent().get(url);
    expect(res.statusCode, 'the web app is built first (npm run build:web)').toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const csp = parseCsp(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    // No inline or eval'd script in any form: only our own files.
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('keeps the stricter referrer policy on pages whose address carries a token', async () => {
    const page = await https.agent().get('/portal/harbor-point/reset/abc');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const other = await https.agent().get('/portal/harbor-point/sign-in');
    expect(other.headers['referrer-policy']).toBe('same-origin');
  });

  it('JSON answers carry the same headers', async () => {
    for (const url of ['/api/health', '/api/nothing-here']) {
      const res = await https.agent().get(url);
      expect(res.headers['content-type']).toContain('application/json');
      expect(parseCsp(res.headers['content-security-policy']).get('default-src')).toEqual(["'self'"]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('promises https (HSTS) only when the public URL is https', async () => {
    for (const url of ['/app', '/api/health']) {
      const secure = await https.agent().get(url);
      expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(parseCsp(secure.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);

      const plain = await http.agent().get(url);
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      expect(parseCsp(plain.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(false);
    }
  });

  it('with the built-in provider no page allows anything from Stripe', async () => {
    for (const url of [...PAGES, '/portal/harbor-point/cards']) {
      const res = await https.agent().get(url);
      expect(res.headers['content-security-policy'], url).not.toContain('stripe.com');
      expect(parseCsp(res.headers['content-security-policy']).has('frame-src'), url).toBe(false);
    }
  });

  it.each(PORTAL_PAGES)(
    'with Stripe, %s allows Stripe.js, its frames and its API, and nothing else more',
    async (url) => {
      const res = await stripe.agent().get(url);
      expect(res.statusCode).toBe(200);
      const csp = parseCsp(res.headers['content-security-policy']);
      expect(csp.get('script-src')).toEqual(["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com']);
      expect(csp.get('frame-src')).toEqual([
        "'self'",
        'https://js.stripe.com',
        'https://*.js.stripe.com',
        'https://hooks.stripe.com',
      ]);
      expect(csp.get('connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
      // The rest stays as strict as everywhere else.
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('form-action')).toEqual(["'self'"]);
      expect(csp.has('upgrade-insecure-requests')).toBe(true);
    },
  );

  it('with Stripe, the staff app, the API and every other page keep the strict policy', async () => {
    for (const url of [...OTHER_PAGES, '/api/health', '/api/portal/harbor-point/cards']) {
      const res = await stripe.agent().get(url);
      const header = res.headers['content-security-policy'];
      expect(header, url).not.toContain('stripe.com');
      expect(parseCsp(header).get('script-src'), url).toEqual(["'self'"]);
    }
  });
});
