import type { FastifyInstance } from 'fastify';
import { Agent } from './harness.js';

interface InjectLike {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: unknown;
}

function parseSetCookie(line: string) {
  const [pair, ...attrs] = line.split(';');
  const at = pair.indexOf('=');
  const cookie: { name: string; value: string; maxAge?: number; expires?: Date } = {
    name: pair.slice(0, at).trim(),
    value: decodeURIComponent(pair.slice(at + 1).trim()),
  };
  for (const attr of attrs) {
    const [k, v = ''] = attr.split('=');
    if (k.trim().toLowerCase() === 'max-age') cookie.maxAge = Number(v);
    if (k.trim().toLowerCase() === 'expires') cookie.expires = new Date(v);
  }
  return cookie;
}

/**
 * The harness's Agent (cookies, CSRF token) over real HTTP to running `slipway web`
 * processes: `base()` picks the process for each request, e.g. in turn. A dropped
 * connection rejects the request, as it would in a browser.
 */
export function httpAgent(base: () => string): Agent {
  const app = {
    async inject(req: InjectLike) {
      const headers = { ...req.headers };
      let body: Buffer | string | undefined;
      if (Buffer.isBuffer(req.payload)) body = req.payload;
      else if (req.payload !== undefined) {
        body = JSON.stringify(req.payload);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(base() + req.url, {
        method: req.method,
        headers,
        body: body as BodyInit | undefined,
        redirect: 'manual',
      });
      const text = await res.text();
      return {
        statusCode: res.status,
        body: text,
        headers: Object.fromEntries(res.headers),
        cookies: res.headers.getSetCookie().map(parseSetCookie),
        json: () => JSON.parse(text),
      };
    },
  };
  return new Agent(app as unknown as FastifyInstance);
}

/** Hands out the given base URLs in turn. */
export function inTurn(urls: () => string[]) {
  let i = 0;
  return () => {
    const list = urls();
    return list[i++ % list.length];
  };
}
