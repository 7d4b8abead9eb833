import type { Browser } from 'playwright-core';
import { describe } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import type { PaymentProvider } from '../../src/modules/orders/payment-provider.js';
import { freePort, launchChromium } from './browser.js';
import { type EngineName, engines, openTestDatabase } from './databases.js';
import { type Harness, startHarness } from './harness.js';

export interface BrowserApp {
  database: Database;
  h: Harness;
  browser: Browser;
  /** The app's address; invite and reset links in emails point here. */
  base: string;
  close(): Promise<void>;
}

/**
 * The real app listening on a free port, on a fresh database of the given engine (PGlite
 * unless told), with Chromium ready.
 */
export async function startBrowserApp(
  opts: {
    engine?: EngineName;
    seed?: (database: Database) => Promise<unknown>;
    worker?: boolean;
    /** Settings on top of the harness's, e.g. `SMTP_URL: ''` to have the mailbox page. */
    env?: Record<string, string>;
    /**
     * The name the browser and PUBLIC_URL use for the app: `localhost` where WebAuthn is
     * involved (an RP ID cannot be an IP address; localhost is a secure context over http).
     */
    hostName?: 'localhost' | '127.0.0.1';
    /** A payment provider in place of the configured one (Stripe with a stubbed client). */
    paymentProvider?: PaymentProvider;
  } = {},
): Promise<BrowserApp> {
  const database = await openTestDatabase(opts.engine ?? 'pglite');
  await opts.seed?.(database);
  const port = await freePort();
  const base = `http://${opts.hostName ?? '127.0.0.1'}:${port}`;
  const h = await startHarness(database, {
    publicUrl: base,
    worker: opts.worker,
    env: opts.env,
    paymentProvider: opts.paymentProvider,
  });
  await h.app.listen({ port, host: '127.0.0.1' });
  const browser = await launchChromium();
  return {
    database,
    h,
    browser,
    base,
    async close() {
      await browser.close();
      await h.close();
      await database.close();
    },
  };
}

/**
 * Runs a browser suite once per database engine (TEST_ENGINES, as in databases.ts): the suite
 * passes `engine` to startBrowserApp, so the same clicks run on PGlite and on PostgreSQL.
 */
export function describeEachBrowserEngine(name: string, suite: (engine: EngineName) => void) {
  for (const engine of engines()) describe(`${name} [${engine}]`, () => suite(engine));
}
