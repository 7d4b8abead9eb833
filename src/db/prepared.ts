import { type Compilable, CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type pg from 'pg';
import type { DB } from './schema.js';

/**
 * Prepared statements for the statements every page runs (sessions, a customer's records):
 * on PostgreSQL each is parsed and planned once per connection instead of once per request,
 * which is most of what a small indexed read costs the server. Only the statements a
 * repository runs through `runPrepared` are named, so the set stays small and known: keyed
 * equality reads whose generic plan is the right one. Searches keep a plan per request.
 * PGlite (one connection in this process) runs them as before.
 */

/** Statement names at most per process (each connection keeps one plan per name). */
export const PREPARED_MAX = 200;
const names = new Map<string, string>();

/** Runs `query` as a named prepared statement on PostgreSQL; its rows. */
export async function runPrepared<R>(db: Kysely<DB>, query: Compilable<R> | RawBuilder<R>): Promise<R[]> {
  const compiled = 'isRawBuilder' in query ? query.compile(db) : query.compile();
  if (!names.has(compiled.sql) && names.size < PREPARED_MAX) {
    names.set(compiled.sql, `slipway_${names.size + 1}`);
  }
  return (await db.executeQuery(compiled)).rows;
}

/** Marks an argument's place while a statement is compiled once (runCompiled). */
const STAND_IN = '\u0000slipway-argument-';
const COMPILED_MAX = 200;
const compiledOnce = new Map<string, { sql: string; slots: Slot[] }>();
type Slot = { arg: number } | { value: unknown };

/**
 * `runPrepared` of a statement whose SQL text depends on `key` only, not on the values of
 * `args`: built and compiled once per key with stand-ins for the arguments, after which a
 * call only puts its arguments in their places (building and compiling the busiest
 * statements was about a twentieth of a request's CPU). Every argument must reach the
 * statement as a parameter, unchanged: one that does not is refused when first compiled.
 */
export async function runCompiled<R, A extends unknown[]>(
  db: Kysely<DB>,
  key: string,
  build: (...args: A) => Compilable<R> | RawBuilder<R>,
  ...args: A
): Promise<R[]> {
  let once = compiledOnce.get(key);
  if (!once) {
    const standIns = args.map((_, i) => `${STAND_IN}${i}`) as A;
    const query = build(...standIns);
    const compiled = 'isRawBuilder' in query ? query.compile(db) : query.compile();
    const slots = compiled.parameters.map((p): Slot => {
      if (typeof p !== 'string' || !p.includes(STAND_IN)) return { value: p };
      const arg = Number(p.slice(STAND_IN.length));
      if (p !== `${STAND_IN}${arg}`) throw new Error(`${key}: an argument is not a parameter of its own`);
      return { arg };
    });
    for (let i = 0; i < args.length; i++) {
      if (!slots.some((s) => 'arg' in s && s.arg === i)) throw new Error(`${key}: argument ${i} is not used`);
    }
    once = { sql: compiled.sql, slots };
    if (compiledOnce.size < COMPILED_MAX) compiledOnce.set(key, once);
    if (!names.has(once.sql) && names.size < PREPARED_MAX) names.set(once.sql, `slipway_${names.size + 1}`);
  }
  const parameters = once.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
  return (await db.executeQuery<R>(CompiledQuery.raw(once.sql, parameters) as CompiledQuery<R>)).rows;
}

/** The first row of `runPrepared`. */
export async function runPreparedFirst<R>(db: Kysely<DB>, query: Compilable<R>): Promise<R | undefined> {
  return (await runPrepared(db, query))[0];
}

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Makes a pooled connection send the statements `runPrepared` knows by name. A statement
 * whose result columns changed under it (a migration applied while this process runs) is
 * sent unnamed from then on, on that connection.
 */
export function namePreparedStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as QueryFn;
  const stale = new Set<string>();
  (client as unknown as { query: QueryFn }).query = (text, values, callback) => {
    const name = typeof text === 'string' && !callback && !stale.has(text) ? names.get(text) : undefined;
    if (!name) return query(text, values, callback);
    return (query({ name, text, values }) as Promise<unknown>).catch(
      (err: { code?: string; message?: string }) => {
        if (err.code !== '0A000' || !/cached plan/.test(err.message ?? '')) throw err;
        stale.add(text as string);
        return query(text, values);
      },
    );
  };
}
