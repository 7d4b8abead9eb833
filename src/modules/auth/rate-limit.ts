import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../server/clock.js';
import { tooManyRequests } from '../../server/errors.js';

export interface RateRule {
  /** How many hits a key may make in one window. */
  limit: number;
  windowMs: number;
}

/** A key's count in its current window, this hit included. */
export interface WindowCount {
  hits: number;
  windowStart: Date;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
  over: boolean;
}

/**
 * Fixed-window counters in PostgreSQL, so every web process shares them. One upsert
 * per hit: a new window restarts the count.
 */
export function rateLimiter(db: Kysely<DB>, clock: Clock) {
  async function count(key: string, rule: RateRule): Promise<WindowCount> {
    const now = clock.now();
    const windowStart = new Date(now.getTime() - rule.windowMs);
    const row = await db
      .insertInto('rate_limits')
      .values({ key, window_start: now, hits: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql`CASE WHEN rate_limits.window_start <= ${windowStart} THEN 1 ELSE rate_limits.hits + 1 END`,
          window_start: sql`CASE WHEN rate_limits.window_start <= ${windowStart} THEN ${now}::timestamptz ELSE rate_limits.window_start END`,
        }),
      )
      .returning(['hits', 'window_start'])
      .executeTakeFirstOrThrow();
    const retryAfterMs = row.window_start.getTime() + rule.windowMs - now.getTime();
    return {
      hits: row.hits,
      windowStart: row.window_start,
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
      over: row.hits > rule.limit,
    };
  }

  return {
    count,

    /** Counts a hit and refuses it (429 with Retry-After) when the key is over its limit. */
    async hit(key: string, rule: RateRule): Promise<void> {
      const c = await count(key, rule);
      if (c.over) throw tooManyRequests(c.retryAfterSeconds);
    },

    /**
     * Takes back one hit counted by `count`, if its window is still the current one: a hit
     * reserved before the outcome was known (so concurrent requests cannot all slip under
     * the limit) that turned out not to count.
     */
    async release(key: string, windowStart: Date): Promise<void> {
      await db
        .updateTable('rate_limits')
        .set({ hits: sql`greatest(hits - 1, 0)` })
        .where('key', '=', key)
        .where('window_start', '=', windowStart)
        .execute();
    },

    /** Forgets a key entirely (its row goes too, so finished windows do not pile up). */
    async clear(key: string): Promise<void> {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },
  };
}

export type RateLimiter = ReturnType<typeof rateLimiter>;

export const RATE_RULES = {
  tokenPerIp: { limit: 60, windowMs: 15 * 60_000 },
  newInviteRequestPerIp: { limit: 10, windowMs: 60 * 60_000 },
} satisfies Record<string, RateRule>;
