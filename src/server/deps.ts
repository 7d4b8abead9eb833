import type PgBoss from 'pg-boss';
import type { Database } from '../db/connection.js';
import type { Mailer } from '../modules/mail/mailer.js';
import type { PaymentProvider } from '../modules/orders/payment-provider.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';

/** What the web and worker processes are built from; swapped for test parts at the wiring point. */
export interface AppDeps {
  config: Config;
  database: Database;
  boss: PgBoss;
  clock: Clock;
  mailer: Mailer;
  /** The payment provider built from `config.payments`, unless a test hands in a stubbed one. */
  paymentProvider?: PaymentProvider;
}
