import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Fixed-window counters shared by every web process (rate-limit.ts). */
export function rateLimitsRepo(db: Kysely<DB>) {
  return {
    /** One hit on `key`; a window that started at or before `windowStart` restarts at `now`. */
    count: (key: string, now: Date, windowStart: Date) =>
      db
        .insertInto('rate_limits')
        .values({ key, window_start: now, hits: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql`CASE WHEN rate_limits.window_start <= ${windowStart} THEN 1 ELSE rate_limits.hits + 1 END`,
            window_start: sql`CASE WHEN rate_limits.window_start <= ${windowStart} THEN ${now}::timestamptz ELSE rate_limits.window_start END`,
          }),
        )
        .returning(['hits', 'window_start'])
        .executeTakeFirstOrThrow(),

    /** One hit fewer, if the window is still the one it was counted in. */
    release: (key: string, windowStart: Date) =>
      db
        .updateTable('rate_limits')
        .set({ hits: sql`greatest(hits - 1, 0)` })
        .where('key', '=', key)
        .where('window_start', '=', windowStart)
        .execute(),

    clear: (key: string) => db.deleteFrom('rate_limits').where('key', '=', key).execute(),
  };
}
