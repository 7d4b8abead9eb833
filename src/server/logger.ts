import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * A request URL as logged: link tokens travel in page paths (`/portal/x/accept/<token>`), so a
 * long segment after such a word is replaced, and the query string is dropped.
 */
export const redactUrl = (url: string) =>
  url
    .replace(/\/(accept|reset|confirm-email|invite|welcome)\/[^/?#]{16,}/g, '/$1/[token]')
    .replace(/\?.*$/, '');

/**
 * What is never written out, wherever it appears in a log line: headers that carry a
 * session or a token, and fields named like a password or a token (docs/operations.md, "Logs").
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'password',
  'token',
  'sessionId',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.confirmPassword',
  '*.token',
  '*.sessionId',
];

export interface LogSettings {
  level: string;
  format: 'json' | 'pretty';
  /** Where lines go; stdout when not given (tests pass a stream to read them back). */
  destination?: DestinationStream;
}

/** The one pino logger of a process: the web server's request lines and the workers' job lines. */
export function createLogger(settings: LogSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // Method and path only: no headers (cookies, the CSRF token), no query string.
      req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
    },
  };
  if (settings.destination) return pino(options, settings.destination);
  if (settings.format === 'pretty') {
    return pino(
      options,
      pretty({
        // Written as the event loop allows, not a system call per line inside each request
        // (measured: `npm start`'s order history 1,800 → 2,200 req/s); flushed at exit.
        sync: false,
        colorize: process.stdout.isTTY,
        translateTime: 'SYS:HH:MM:ss.l',
        // A request's line on one line: "GET /api/… 200 3 ms" (its object printed out was
        // most of what a request cost the process in development).
        ignore: 'pid,hostname,req,res,responseTime',
        messageFormat: requestLine,
      }),
    );
  }
  return pino(options);
}

/** The message of a pretty line; a request's: method, path, status and time. */
function requestLine(log: Record<string, unknown>, messageKey: string): string {
  const msg = String(log[messageKey] ?? '');
  const req = log.req as { method?: string; url?: string } | undefined;
  if (!req) return msg;
  const res = log.res as { statusCode?: number } | undefined;
  const ms = typeof log.responseTime === 'number' ? ` ${log.responseTime.toFixed(1)} ms` : '';
  return `${req.method} ${req.url}${res?.statusCode ? ` ${res.statusCode}` : ''}${ms} ${msg}`;
}

// Until a process configures its logger (startRuntime), warnings and errors still show.
let root: Logger = createLogger({ level: 'warn', format: 'pretty' });

/** The process's logger, for code that runs outside a request (workers, the queue, the pool). */
export const logger = (): Logger => root;

export function setLogger(l: Logger): void {
  root = l;
}

/** The request a piece of work runs for, so the jobs it enqueues carry its id into the workers. */
const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function runInRequest<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}

export const currentRequestId = (): string | undefined => requestContext.getStore()?.requestId;

/** Job data with the id of the request that enqueued it (none outside a request). */
export function withRequestId<T extends object>(data: T): T & { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { ...data, requestId } : data;
}

/** A worker's logger for one job: its queue, its id and the request that enqueued it. */
export function jobLogger(job: { id: string; name: string; data: unknown }): Logger {
  const requestId = (job.data as { requestId?: unknown } | null)?.requestId;
  return root.child({
    queue: job.name,
    jobId: job.id,
    ...(typeof requestId === 'string' ? { requestId } : {}),
  });
}

/** Runs a job's work with its logger: one line when it is done, one when it fails (then rethrown). */
export async function runJob<T>(
  job: { id: string; name: string; data: unknown },
  work: (log: Logger) => Promise<T>,
): Promise<T> {
  const log = jobLogger(job);
  const started = performance.now();
  log.debug('job started');
  const requestId = (job.data as { requestId?: unknown } | null)?.requestId;
  try {
    // Jobs this one enqueues carry the same request id on.
    const result = await (typeof requestId === 'string'
      ? runInRequest(requestId, () => work(log))
      : work(log));
    // A worker's own word for what happened ('sent', 'skipped'), when it has one.
    const outcome = typeof result === 'string' ? result : undefined;
    log.info({ ms: Math.round(performance.now() - started), outcome }, 'job done');
    return result;
  } catch (err) {
    log.warn({ err, ms: Math.round(performance.now() - started) }, 'job failed');
    throw err;
  }
}
