/**
 * The one error type that crosses module boundaries as an answer to a person.
 * `code` is stable (clients and tests match on it), `message` is what the person on
 * screen reads, `status` is the HTTP status, `details` carries structured extras
 * (e.g. when the next invite is allowed).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) =>
  new AppError('NOT_FOUND', `${what} was not found. Check the link or go back and search again.`, 404);

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError('BAD_REQUEST', message, 400, details);

export const unauthenticated = () => new AppError('UNAUTHENTICATED', 'Please sign in to continue.', 401);

export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(
    'RATE_LIMITED',
    `Too many attempts. Please wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`,
    429,
    { retryAfterSeconds },
  );

/** The server is doing as much of this work as it takes at once; the client may retry shortly. */
export const busy = (message: string, retryAfterSeconds: number) =>
  new AppError('BUSY', message, 503, { retryAfterSeconds });
