import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, configure, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, vi } from 'vitest';
import { createQueryClient } from '../ui/query-client';

// The machines tests run on are shared and busy; debounced previews need more than 1 s there.
configure({ asyncUtilTimeout: 5_000 });

/**
 * Component tests render real components against a small fake of the API: `fetch` is
 * answered by the handlers a test gives, keyed "METHOD /path". The e2e tests (test/e2e)
 * drive the same pages against the real server.
 */

export interface FakeRequest {
  method: string;
  path: string;
  search: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

export type FakeAnswer = { status?: number; body?: unknown };
export type FakeHandler = (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;

/** Installs the fake server; answers GET /api/csrf itself. Returns the requests it saw. */
export function fakeServer(handlers: Record<string, FakeHandler>): FakeRequest[] {
  const seen: FakeRequest[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://slipway.test');
    const method = init.method ?? 'GET';
    const key = `${method} ${url.pathname}`;
    if (key === 'GET /api/csrf') return json(200, { token: 'test-csrf' });
    const req: FakeRequest = {
      method,
      path: url.pathname,
      search: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    seen.push(req);
    const handler = handlers[key];
    if (!handler) return json(404, { code: 'NOT_FOUND', message: `No fake for ${key}` });
    const answer = await handler(req);
    return json(answer.status ?? 200, answer.body);
  });
  return seen;
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Renders inside a fresh query cache, so tests never share cached answers. */
export function renderWithQuery(ui: ReactElement) {
  return render(<QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
