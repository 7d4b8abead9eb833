import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The database gauges of GET /metrics, read on each scrape. Both queries use partial
 * indexes: pg-boss's index of jobs not yet done, and the index of running batches.
 */
export function metricsRepo(db: Kysely<DB>) {
  return {
    /**
     * Jobs waiting per queue (new, or waiting to retry) and the age of the oldest, in seconds:
     * by the database's clock, which stamped them.
     */
    async queueJobs() {
      const { rows } = await sql<{ name: string; state: string; jobs: number; oldest_seconds: number }>`
        SELECT name, state::text AS state, count(*)::int AS jobs,
          extract(epoch FROM now() - min(created_on))::float8 AS oldest_seconds
        FROM pgboss.job
        WHERE state < 'active'
        GROUP BY name, state`.execute(db);
      return rows;
    },

    /** Rows of the bulk invites now running (or being cancelled), by result. */
    async runningBatchRows() {
      const { rows } = await sql<{ result: string; n: number }>`
        SELECT r.result, count(*)::int AS n
        FROM invite_batches b
        JOIN invite_batch_rows r ON r.batch_id = b.id
        WHERE b.status IN ('running', 'cancelling')
        GROUP BY r.result`.execute(db);
      return rows;
    },
  };
}
