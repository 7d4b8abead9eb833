import fc from 'fast-check';
import type { JsonSchema } from './route-table.js';

/**
 * fast-check arbitraries from the JSON schemas of the OpenAPI document (the subset
 * fastify-type-provider-zod writes: type, enum, nullable, min/max, lengths, pattern, items,
 * properties, required, additionalProperties, oneOf/anyOf/allOf), each value now and then
 * swapped for a hostile one: huge or control-character strings, NUL, wrong types, deep
 * nesting, unusual unicode, numbers at and past every limit.
 */

const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat(['\u007f', '\u0085']);
const ODD_UNICODE = [
  '\u0000',
  '\u202e',
  '\ufeff',
  '\u200b',
  '\ud800',
  '\udfff',
  '\uffff',
  '👨‍👩‍👧‍👦',
  'ﷺ',
  'Ǆ',
  'İ',
  'ß',
  '\u0301\u0301\u0301',
  '%00',
  '../../etc/passwd',
  "'; DROP TABLE customers; --",
  '<script>alert(1)</script>',
  '{{7*7}}',
  '$' + '{x}',
  '\r\nBcc: x@y.z',
];

/** A string that is hostile in one of many ways. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD_UNICODE),
  fc.string({ unit: fc.constantFrom(...CONTROL), maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .tuple(fc.constantFrom('a', 'é', '\u0000', '😀', '9', ' '), fc.integer({ min: 1_000, max: 300_000 }))
    .map(([c, n]) => c.repeat(n)),
  fc.constantFrom('', ' ', '   \t\n', 'null', 'undefined', 'NaN', '-1', '1e999', '0x10', 'true'),
);

/** A number that is hostile: limits of integers and doubles, negative zero, fractions. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e21,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/**
 * Nesting as deep as a parser or a recursive walk might not expect. fast-check cannot print
 * such a value, so it travels as a marker string that `toJsonText` expands into the nesting.
 */
const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 5_000 }), fc.constantFrom('a', 'o'))
  .map(([depth, kind]) => `${DEEP}${depth}:${kind}`);
const DEEP = '\u0000DEEP:';

/** A JSON value as the text a client would send, deep-nesting markers expanded. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000DEEP:(\d+):([ao])"/g, (_m, n: string, kind: string) => {
    const depth = Number(n);
    return kind === 'a'
      ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  });
}

/** Any JSON value of the wrong kind. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(
    null,
    true,
    false,
    [],
    {},
    [null],
    { __proto__: { admin: true } },
    { constructor: { prototype: 1 } },
  ),
  deepNesting,
  fc.jsonValue({ maxDepth: 3 }),
);

const safe = (n: unknown, fallback: number) => (typeof n === 'number' && Number.isFinite(n) ? n : fallback);

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as string[]));
  const minLength = safe(s.minLength, 0);
  const maxLength = Math.max(minLength, Math.min(safe(s.maxLength, 40), 400));
  if (typeof s.pattern === 'string') {
    return fc
      .stringMatching(new RegExp(s.pattern))
      .filter((v) => v.length >= minLength && v.length <= maxLength * 4);
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
    {
      weight: 1,
      arbitrary: fc.emailAddress().map((e) => e.slice(0, maxLength).padEnd(minLength, 'x')),
    },
  );
}

function numberFor(s: JsonSchema): fc.Arbitrary<number> {
  const exMin = s.exclusiveMinimum === true ? 1 : 0;
  const exMax = s.exclusiveMaximum === true ? 1 : 0;
  const min = Math.max(safe(s.minimum, Number.MIN_SAFE_INTEGER) + exMin, Number.MIN_SAFE_INTEGER);
  const max = Math.min(safe(s.maximum, Number.MAX_SAFE_INTEGER) - exMax, Number.MAX_SAFE_INTEGER);
  if (s.type === 'integer') {
    return fc.oneof(
      fc.integer({
        min: Math.max(min, -1_000_000),
        max: Math.max(Math.min(max, 1_000_000), Math.max(min, -1_000_000)),
      }),
      fc.constantFrom(min, max),
      fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }),
      fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number),
    );
  }
  return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max));
}

/**
 * Values for a schema: mostly ones the schema allows (so requests reach the handlers),
 * sometimes, at every level, a hostile one (`hostility`: 0 never, 1 always).
 */
export function arbitraryFor(
  schema: JsonSchema | undefined,
  hostility = 0.1,
  depth = 0,
): fc.Arbitrary<unknown> {
  const valid = validFor(schema ?? {}, hostility, depth);
  if (hostility <= 0) return valid;
  const weight = Math.max(1, Math.round((1 - hostility) / hostility));
  return fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
}

function validFor(s: JsonSchema, hostility: number, depth: number): fc.Arbitrary<unknown> {
  const inner = (x: JsonSchema) => arbitraryFor(x, hostility, depth + 1);
  let arb: fc.Arbitrary<unknown>;
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) {
    arb = fc.oneof(...((s.oneOf ?? s.anyOf) as JsonSchema[]).map(inner));
  } else if (Array.isArray(s.allOf)) {
    arb = inner(Object.assign({}, ...(s.allOf as JsonSchema[])));
  } else if ('const' in s) {
    arb = fc.constant(s.const);
  } else if (Array.isArray(s.enum)) {
    arb = fc.constantFrom(...(s.enum as unknown[]));
  } else if (s.type === 'string') {
    arb = stringFor(s);
  } else if (s.type === 'integer' || s.type === 'number') {
    arb = numberFor(s);
  } else if (s.type === 'boolean') {
    arb = fc.boolean();
  } else if (s.type === 'array') {
    const minLength = safe(s.minItems, 0);
    const maxLength = Math.max(minLength, Math.min(safe(s.maxItems, 5), depth > 2 ? 2 : 5));
    arb = fc.array(inner(s.items ?? {}), { minLength, maxLength });
  } else if (s.type === 'object' || s.properties) {
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    const required = (s.required ?? []) as string[];
    const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, inner(v)]));
    const base = fc.record(shape, { requiredKeys: required.filter((k) => k in shape) });
    arb =
      s.additionalProperties && typeof s.additionalProperties === 'object'
        ? fc
            .tuple(
              base,
              fc.dictionary(fc.string({ maxLength: 20 }), inner(s.additionalProperties), { maxKeys: 3 }),
            )
            .map(([a, b]) => ({ ...b, ...a }))
        : base;
  } else {
    arb = fc.jsonValue({ maxDepth: 2 });
  }
  return s.nullable ? fc.option(arb, { nil: null, freq: 8 }) : arb;
}
