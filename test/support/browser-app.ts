import type { Browser } from 'playwright-core';
import type { Database } from '../../src/db/connection.js';
import { freePort, launchChromium } from './browser.js';
import { openTestDatabase } from './databases.js';
import { type Harness, startHarness } from './harness.js';

export interface BrowserApp {
  database: Database;
  h: Harness;
  browser: Browser;
  /** The app's address; invite and reset links in emails point here. */
  base: string;
  close(): Promise<void>;
}

/** The real app listening on a free port, on a fresh PGlite database, with Chromium ready. */
export async function startBrowserApp(
  opts: {
    seed?: (database: Database) => Promise<unknown>;
    worker?: boolean;
    /** Settings on top of the harness's, e.g. `SMTP_URL: ''` to have the mailbox page. */
    env?: Record<string, string>;
  } = {},
): Promise<BrowserApp> {
  const database = await openTestDatabase('pglite');
  await opts.seed?.(database);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const h = await startHarness(database, { publicUrl: base, worker: opts.worker, env: opts.env });
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
