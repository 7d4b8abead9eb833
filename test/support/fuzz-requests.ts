import fc from 'fast-check';
import type { RouteOperation } from './route-table.js';
import { arbitraryFor, hostileString, hostileValue } from './schema-arbitrary.js';

/** One generated request, printable so a failure can be kept as a regression case. */
export interface FuzzRequest {
  route: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A JSON value to send as application/json, or raw text with its content type. */
  body?: { json: unknown } | { raw: string; contentType: string };
}

/** Percent-encodes every byte but the unreserved ones; lone surrogates become U+FFFD's bytes. */
export function encodeComponent(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const asText = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Raw bodies no client should send: broken JSON, the wrong content type, more than the limit. */
const rawBody = fc.oneof(
  fc.constantFrom(
    { raw: '{"a":', contentType: 'application/json' },
    { raw: '{"__proto__":{"x":1}}', contentType: 'application/json' },
    { raw: 'null', contentType: 'application/json' },
    { raw: '\u0000', contentType: 'application/json' },
    { raw: '[]', contentType: 'application/json; charset=utf-16' },
    { raw: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
    {
      raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
      contentType: 'multipart/form-data',
    },
    { raw: '<x/>', contentType: 'text/xml' },
  ),
  fc.integer({ min: 1024 * 1024, max: 1024 * 1024 + 4096 }).map((n) => ({
    raw: `{"a":"${'x'.repeat(n)}"}`,
    contentType: 'application/json',
  })),
  hostileString.map((raw) => ({ raw, contentType: 'application/json' })),
);

/**
 * Requests for one route of the OpenAPI document: path parameters mostly the real records of
 * the test's yard (`fill`), else generated or hostile; query, header and body from the
 * route's schemas with hostile values mixed in.
 */
export function requestsFor(op: RouteOperation, fill: (path: string) => string): fc.Arbitrary<FuzzRequest> {
  const params = op.operation.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const query = params.filter((p) => p.in === 'query');
  const headers = params.filter((p) => p.in === 'header');
  const bodySchema = op.operation.requestBody?.content['application/json']?.schema;

  const pathArb = fc.oneof(
    { weight: 4, arbitrary: fc.constant(fill(op.path)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          ...pathParams.map((p) => fc.oneof(arbitraryFor(p.schema, 0), hostileString, fc.uuid())),
          fc.constant(0),
        )
        .map((values) => {
          let path = op.path;
          pathParams.forEach((p, i) => {
            const v = asText(values[i]);
            path = path.replace(`:${p.name}`, v === '' ? '%20' : encodeComponent(v));
          });
          return path;
        }),
    },
  );
  const queryArb = fc.record(
    Object.fromEntries(
      query.map((p) => [p.name, fc.oneof(arbitraryFor(p.schema, 0), arbitraryFor(p.schema, 0.15))]),
    ),
    {
      requiredKeys: [],
    },
  );
  const headerArb = fc.record(
    Object.fromEntries(
      headers.map((p) => [
        p.name,
        fc.oneof(
          { weight: 4, arbitrary: fc.uuid() },
          {
            weight: 1,
            arbitrary: fc.string({
              unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
              maxLength: 300,
            }),
          },
        ),
      ]),
    ),
    { requiredKeys: [] },
  );
  const bodyArb: fc.Arbitrary<FuzzRequest['body']> =
    op.method === 'GET'
      ? fc.constant(undefined)
      : fc.oneof(
          // Half of them wholly valid, so the handlers' own checks and writes are reached.
          { weight: 6, arbitrary: arbitraryFor(bodySchema, 0).map((json) => ({ json })) },
          { weight: 6, arbitrary: arbitraryFor(bodySchema, 0.1).map((json) => ({ json })) },
          { weight: 1, arbitrary: hostileValue.map((json) => ({ json })) },
          { weight: 1, arbitrary: rawBody },
        );

  return fc.tuple(pathArb, queryArb, headerArb, bodyArb).map(([path, q, h, body]) => {
    const search = Object.entries(q)
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
      .map(([k, v]) => `${encodeComponent(String(k))}=${encodeComponent(asText(v))}`)
      .join('&');
    return {
      route: op.route,
      method: op.method,
      url: search ? `${path}?${search}` : path,
      headers: h as Record<string, string>,
      body,
    };
  });
}

/** A short description of a request for a failure message (huge strings cut). */
export function describeRequest(r: FuzzRequest): string {
  const body = r.body === undefined ? '' : 'json' in r.body ? JSON.stringify(r.body.json) : r.body.raw;
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);
  return `${r.method} ${cut(r.url)} ${JSON.stringify(r.headers)} ${cut(body ?? '')}`;
}
