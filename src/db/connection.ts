import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { logger } from '../server/logger.js';
import { claimDataDir } from './data-dir-lock.js';
import { PGliteLock, pglitePool } from './pglite-pool.js';
import { namePreparedStatements } from './prepared.js';
import type { DB } from './schema.js';

/** What pg-boss needs to run its statements through our connection. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Kysely<DB>;
  /** Runs a script of several statements without parameters (migrations). */
  execScript(sql: string): Promise<void>;
  /** pg-boss adapter on PGlite; on PostgreSQL pg-boss keeps its own pool. */
  bossExecutor?: SqlExecutor;
  connectionString?: string;
  /** Connections of the app's pool: open, idle, and queries waiting for one (metrics). */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

// int8 (counts, sums) arrive as strings from node-postgres; ids and money here are
// int4 or uuid, so parse int8 to number to match PGlite and keep one code path.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// Dates (no time) stay 'YYYY-MM-DD' strings: a Date at local midnight shifts with the server's zone.
pg.types.setTypeParser(1082, (v) => v);

/**
 * Bounds on waiting for PostgreSQL in `slipway web`/`worker`/`start` (docs/operations.md,
 * "PostgreSQL outage"): a request waits at most `connectTimeoutMs` for a pooled connection (a
 * new one, or a turn when all are busy), a statement runs at most `statementTimeoutMs`
 * (migrations excepted), and a transaction left idle by a stuck client is ended by the server
 * after `idleInTransactionMs`. Other callers (tests, benchmarks loading millions of rows in
 * one statement) get the connection bound only, unless they pass these.
 */
export const POSTGRES_TIMEOUTS = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 60_000,
  idleInTransactionMs: 60_000,
};

export async function openPostgres(
  connectionString: string,
  max = 10,
  timeouts: Partial<typeof POSTGRES_TIMEOUTS> = { connectTimeoutMs: POSTGRES_TIMEOUTS.connectTimeoutMs },
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    // A server that vanished without closing the socket (a failover, a cut network) is noticed.
    keepAlive: true,
  });
  // An idle connection dropped by a server restart or failover must not crash the process;
  // the pool replaces it on the next query.
  pool.on('error', (err) => logger().warn({ err: err.message }, 'database: idle connection lost'));
  pool.on('connect', (client) => {
    // A connection checked out between two statements (inside a transaction) has no pool
    // listener: its 'error' would be an uncaught exception. The statement that uses it next
    // fails instead (503), and the pool discards it on release.
    client.on('error', () => {});
    // No JIT compilation: every statement of Slipway answers in milliseconds, and compiling
    // one whose estimate looked large took 20–300 ms (a search count of 0.7 ms took 104).
    // Queued before the first statement the pool hands this connection out for.
    client.query('SET jit = off').catch(() => {});
    // Hot reads go as named prepared statements, planned once per connection (prepared.ts).
    namePreparedStatements(client);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    connectionString,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async execScript(sql) {
      const client = await pool.connect();
      try {
        // A migration may build an index over a large table: no statement timeout for it.
        await client.query('SET statement_timeout = 0');
        await client.query(sql);
      } catch (err) {
        // A failed script leaves an open transaction behind; never hand that back to the pool.
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        await client.query('RESET statement_timeout').catch(() => {});
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/**
 * PGlite keeps its files in the process (all of them when in memory): a small buffer pool
 * (pages are in the process's file system already, and the OS caches a data directory)
 * and a small write-ahead log, recycled by checkpoints, keep a large import from holding
 * hundreds of MB (docs/import.md).
 */
const PGLITE_MEMORY_PARAMS = [
  '-c',
  'shared_buffers=16MB',
  '-c',
  'max_wal_size=64MB',
  '-c',
  'min_wal_size=32MB',
];

/** A PGlite instance with Slipway's extensions and settings; `loadDataDir` starts it from a backup. */
export function createPGlite(dataDir?: string, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create(dataDir ? path.resolve(dataDir) : undefined, {
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_PARAMS],
    parsers: { 20: (v: string) => Number.parseInt(v, 10), 1082: (v: string) => v },
    loadDataDir,
  });
}

/**
 * Embedded PostgreSQL. `dataDir` undefined keeps everything in memory (tests). A data
 * directory is this process's until it closes (data-dir-lock.ts): a second process is refused.
 */
export async function openPGlite(dataDir?: string): Promise<Database> {
  if (!dataDir) return wrapPGlite(await createPGlite());
  fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const release = claimDataDir(dataDir);
  try {
    const database = wrapPGlite(await createPGlite(dataDir));
    const close = database.close;
    database.close = () => close().finally(release);
    return database;
  } catch (err) {
    release();
    throw err;
  }
}

export function wrapPGlite(pglite: PGlite): Database {
  const lock = new PGliteLock();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pglitePool(pglite, lock) }) });
  return {
    kind: 'pglite',
    db,
    // One connection, lent to one borrower at a time.
    poolStats: () => ({ total: 1, idle: lock.held ? 0 : 1, waiting: lock.waiting }),
    execScript: (sql) =>
      lock.run(async () => {
        try {
          await pglite.exec(sql);
        } catch (err) {
          await pglite.exec('ROLLBACK').catch(() => {});
          throw err;
        }
      }),
    bossExecutor: {
      // PGlite refuses several statements in one prepared statement, and pg-boss sends
      // multi-statement scripts without parameters: those go through exec.
      executeSql: (text, values) =>
        lock.run(async () => {
          if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows };
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }),
    },
    close: () => db.destroy(),
  };
}

/** pg-boss adapter that runs inside a Kysely transaction (for the transactional outbox). */
export function executorFor(trx: Kysely<DB>): SqlExecutor {
  return {
    executeSql: async (text, values) => {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}
