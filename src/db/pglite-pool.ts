import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * PGlite is one connection. Kysely and pg-boss both expect a pool, so this hands out
 * that one connection to one borrower at a time: a transaction keeps it until it
 * commits, and everyone else waits their turn. Code inside a transaction must use the
 * transaction's handle, never the outer one, or it would wait for itself.
 */
export class PGliteLock {
  private tail: Promise<void> = Promise.resolve();
  /** Borrowers waiting for the connection, and whether someone holds it (metrics). */
  waiting = 0;
  held = false;

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = () => {
        this.held = false;
        resolve();
      };
    });
    const previous = this.tail;
    this.tail = previous.then(() => next);
    this.waiting++;
    await previous;
    this.waiting--;
    this.held = true;
    return release;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

function commandOf(sql: string): string {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?([a-z]+)/i.exec(sql);
  return (m?.[1] ?? '').toUpperCase();
}

export function pglitePool(pg: PGlite, lock: PGliteLock): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const release = await lock.acquire();
      let released = false;
      const client = {
        async query(sql: string, parameters: ReadonlyArray<unknown>) {
          const result = await pg.query(sql, [...parameters]);
          return {
            command: commandOf(sql),
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows,
          };
        },
        release() {
          if (!released) {
            released = true;
            release();
          }
        },
      };
      return client as unknown as PostgresPoolClient;
    },
    async end() {
      await pg.close();
    },
  };
}
