import { DATABASE_RETRY_AFTER_SECONDS } from '../db/unavailable.js';
import { ERROR_CODES, type ErrorCode } from '../shared/error-codes.js';

/**
 * The one error type that crosses module boundaries as an answer to a person.
 * `code` is one of the catalog's (src/shared/error-codes.ts), which also fixes `status`,
 * the HTTP status; `message` is what the person on screen reads (the catalog's sentence
 * unless the caller has a more specific one); `details` carries structured extras
 * (e.g. when the next invite is allowed).
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code].message,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}

export const notFound = (what: string) =>
  new AppError('NOT_FOUND', `${what} was not found. Check the link or go back and search again.`);

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError('BAD_REQUEST', message, details);

export const unauthenticated = () => new AppError('UNAUTHENTICATED', 'Please sign in to continue.');

export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(
    'RATE_LIMITED',
    `Too many attempts. Please wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`,
    { retryAfterSeconds },
  );

/** The server is doing as much of this work as it takes at once; the client may retry shortly. */
export const busy = (message: string, retryAfterSeconds: number) =>
  new AppError('BUSY', message, { retryAfterSeconds });

/** PostgreSQL is stopped, restarting or unreachable (docs/operations.md, "PostgreSQL outage"). */
export const databaseUnavailable = () =>
  new AppError('DATABASE_UNAVAILABLE', undefined, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
