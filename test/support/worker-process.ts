import { type ChildProcess, spawn } from 'node:child_process';
import type { Database } from '../../src/db/connection.js';
import { type Harness, TEST_PUBLIC_URL } from './harness.js';

/**
 * `slipway worker` as a process of its own on the test's PostgreSQL database, mailing into
 * the harness's SMTP server, with a short lease so a killed worker's work is taken over
 * quickly. The caller kills it (and any left at the end) with SIGKILL.
 */
export function startWorkerProcess(database: Database, h: Harness): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: database.connectionString,
      SMTP_URL: h.sink.url,
      PUBLIC_URL: TEST_PUBLIC_URL,
      LOG_LEVEL: 'silent',
      BULK_INVITE_LEASE_SECONDS: '3',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
