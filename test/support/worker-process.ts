import { type ChildProcess, spawn } from 'node:child_process';
import type { Database } from '../../src/db/connection.js';
import { TEST_PUBLIC_URL } from './harness.js';

/** Where a spawned process sends its mail: the harness's or the test's own SMTP sink. */
export interface MailTo {
  sink: { url: string };
}

/** A spawned `slipway web` or `slipway worker`, with what it printed so far. */
export interface SlipwayProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it wrote to stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once it is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `slipway web` / `slipway worker` as a process of its own on the test's PostgreSQL database,
 * mailing into the test's SMTP server. Its stderr is passed through and both streams are kept
 * for the test to read. The caller stops it (and any left at the end: SIGKILL).
 */
export function spawnSlipway(
  command: 'web' | 'worker',
  database: Pick<Database, 'connectionString'>,
  mail: MailTo,
  env: Record<string, string> = {},
): SlipwayProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', command], {
    env: {
      ...process.env,
      DATABASE_URL: database.connectionString,
      SMTP_URL: mail.sink.url,
      PUBLIC_URL: TEST_PUBLIC_URL,
      LOG_LEVEL: 'silent',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
    process.stderr.write(d);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  if (child.pid === undefined) throw new Error(`could not start slipway ${command}`);
  return { child, pid: child.pid, output: () => output, exited };
}

/** Waits until the process printed `slipway … started`; answers its URL for a web process. */
export async function started(p: SlipwayProcess, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /slipway (?:web|worker) started(?: on (http:\/\/\S+))?/.exec(p.output());
    if (m) return m[1] ?? '';
    if (p.child.exitCode !== null) throw new Error(`exited with ${p.child.exitCode}: ${p.output()}`);
    if (Date.now() > deadline) throw new Error(`not started after ${timeoutMs} ms: ${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `slipway web` on a port of its own; answers once it listens, with its base URL. */
export async function startWebProcess(
  database: Pick<Database, 'connectionString'>,
  mail: MailTo,
  env: Record<string, string> = {},
) {
  const p = spawnSlipway('web', database, mail, env);
  return { ...p, url: await started(p) };
}

/**
 * `slipway worker`, with a short lease so a killed worker's work is taken over quickly
 * (`env` overrides it). Answers the child process; the caller kills it.
 */
export function startWorkerProcess(
  database: Pick<Database, 'connectionString'>,
  mail: MailTo,
  env: Record<string, string> = {},
) {
  return spawnSlipway('worker', database, mail, { BULK_INVITE_LEASE_SECONDS: '3', ...env }).child;
}
