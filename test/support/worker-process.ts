import { type ChildProcess, spawn } from 'node:child_process';
import type { Database } from '../../src/db/connection.js';
import { TEST_PUBLIC_URL } from './harness.js';

/**
 * `slipway worker` as a process of its own on the test's PostgreSQL database, mailing into
 * the harness's SMTP server, with a short lease so a killed worker's work is taken over
 * quickly. The caller kills it (and any left at the end) with SIGKILL.
 */
export function startWorkerProcess(
  database: Pick<Database, 'connectionString'>,
  h: { sink: { url: string } },
  opts: { stderr?: 'inherit' | 'pipe'; stdout?: 'ignore' | 'pipe' } = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: database.connectionString,
      SMTP_URL: h.sink.url,
      PUBLIC_URL: TEST_PUBLIC_URL,
      LOG_LEVEL: 'silent',
      BULK_INVITE_LEASE_SECONDS: '3',
    },
    stdio: ['ignore', opts.stdout ?? 'ignore', opts.stderr ?? 'inherit'],
  });
}

/** Resolves when a process started with `stdout: 'pipe'` says "slipway worker started". */
export function workerStarted(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('slipway worker did not start in time')), timeoutMs);
    child.once('exit', (code) => reject(new Error(`slipway worker exited with ${code}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('slipway worker started')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/**
 * `slipway web` as a process of its own on `port`, with plain-http cookies (PUBLIC_URL on
 * http://127.0.0.1) so a test can talk to it with fetch. Resolves once it answers /api/health.
 */
export async function startWebProcess(
  database: Pick<Database, 'connectionString'>,
  h: { sink: { url: string } },
  port: number,
  opts: { stderr?: 'inherit' | 'pipe' } = {},
): Promise<{ child: ChildProcess; base: string }> {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'web'], {
    env: {
      ...process.env,
      DATABASE_URL: database.connectionString,
      SMTP_URL: h.sink.url,
      PUBLIC_URL: base,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', opts.stderr ?? 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slipway web exited with ${child.exitCode}`);
    const up = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, base };
    if (Date.now() > deadline) throw new Error('slipway web did not answer within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}
