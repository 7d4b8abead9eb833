import type { ApiErrorBody } from '../../shared/api-types';
import type { ErrorCode } from '../../shared/error-codes';

/**
 * A code of the server's catalog, or one the web app gives an answer that carried none:
 * `NETWORK` when the server could not be reached, `HTTP_<status>` for an answer without
 * an error body (a proxy's page, say).
 */
export type ApiErrorCode = ErrorCode | 'NETWORK' | `HTTP_${number}`;

/** An answer from the API that was not a success, with a message meant for the person on screen. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: Record<string, unknown>;

  constructor(status: number, body: Omit<ApiErrorBody, 'code'> & { code: ApiErrorCode }) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? {};
  }
}

export const NETWORK_MESSAGE = 'We could not reach the server. Check your connection and try again.';
export const SERVER_MESSAGE = 'Something went wrong on our side. Please try again in a moment.';

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The text to show a person for any error: the API's own message, never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    // 503 is "busy, retry": its sentence says what to do; other 5xx say nothing useful.
    if ((error.status >= 500 && error.status !== 503) || !error.message) return SERVER_MESSAGE;
    return error.message;
  }
  return NETWORK_MESSAGE;
}

let csrfToken: Promise<string> | null = null;

function fetchCsrf(): Promise<string> {
  const pending = fetch('/api/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) throw await toApiError(res);
      const body = (await res.json()) as { token: string };
      return body.token;
    })
    .catch((error: unknown) => {
      csrfToken = null; // try again on the next write
      throw error;
    });
  csrfToken = pending;
  return pending;
}

/** Forget the CSRF token; call after sign-out (the next write fetches a fresh one). */
export function resetCsrf(): void {
  csrfToken = null;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  try {
    body = (await res.json()) as Partial<ApiErrorBody>;
  } catch {
    body = null;
  }
  if (body && typeof body.code === 'string' && typeof body.message === 'string') {
    return new ApiError(res.status, body as ApiErrorBody);
  }
  return new ApiError(res.status, {
    code: `HTTP_${res.status}`,
    message: res.status >= 500 ? SERVER_MESSAGE : 'The request could not be completed.',
  });
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  signal?: AbortSignal;
  /** Extra request headers, e.g. a payment's Idempotency-Key. */
  headers?: Record<string, string>;
}

async function send(method: Method, path: string, body: unknown, options: RequestOptions, retry: boolean) {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  const form = body instanceof FormData;
  // A FormData body sets its own multipart content type, boundary included.
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await (csrfToken ?? fetchCsrf());
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, { code: 'NETWORK', message: NETWORK_MESSAGE });
  }
  // Sign-in replaces the CSRF secret and answers with a token for the new one.
  const fresh = res.headers.get('x-csrf-token');
  if (fresh) csrfToken = Promise.resolve(fresh);
  if (!res.ok) {
    const error = await toApiError(res);
    // A token from before a sign-in or a server restart: get a fresh one and try once more.
    if (error.code === 'CSRF_INVALID' && retry) {
      resetCsrf();
      return send(method, path, body, options, false);
    }
    throw error;
  }
  if (res.status === 204) return undefined;
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export const api = {
  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return send('GET', path, undefined, options, true) as Promise<T>;
  },
  post<T>(path: string, body: unknown = {}, options: RequestOptions = {}): Promise<T> {
    return send('POST', path, body, options, true) as Promise<T>;
  },
  /** A multipart form (file uploads). */
  postForm<T>(path: string, form: FormData, options: RequestOptions = {}): Promise<T> {
    return send('POST', path, form, options, true) as Promise<T>;
  },
  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return send('PATCH', path, body, options, true) as Promise<T>;
  },
  put<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return send('PUT', path, body, options, true) as Promise<T>;
  },
  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return send('DELETE', path, undefined, options, true) as Promise<T>;
  },
};

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
