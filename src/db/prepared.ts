import type { Compilable, Kysely, RawBuilder } from 'kysely';
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
