import { isDatabaseUnavailable } from '../db/unavailable.js';
import { logger } from './logger.js';

/**
 * Keeps a `slipway web`/`worker`/`start` process alive through a PostgreSQL outage.
 *
 * pg-boss marks a finished job done (or failed) without waiting for the answer, so when the
 * database goes away while a job is being worked, that promise rejects with nobody to catch
 * it, and Node ends the process on an unhandled rejection. Such a job is not lost: it stays
 * active until it expires and is then retried. A rejection that says "the database is not
 * there" is logged and the process carries on; any other one still ends the process, as
 * Node does by default, because it is a bug.
 */
export function surviveDatabaseOutages(log: (msg: string) => void = (m) => logger().warn(m)) {
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) {
      log(`[db] database unavailable: ${(reason as Error).message}`);
      return;
    }
    logger().fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
}
