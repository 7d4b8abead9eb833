import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../server/clock.js';
import { tooManyRequests } from '../../server/errors.js';

export interface RateRule {
  /** How many hits a key may make in one window. */
  limit: number;
  windowMs: number;
}

/**
 * Fixed-window counters in PostgreSQL, so every web process shares them. One upsert
 * per hit: a new window restarts the count.
 */
export function rateLimiter(db: Kysely<DB>, clock: Clock) {
  return {
    async hit(key: string, rule: RateRule): Promise<void> {
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
      if (row.hits > rule.limit) {
        const retryAfterMs = row.window_start.getTime() + rule.windowMs - now.getTime();
        throw tooManyRequests(Math.max(1, Math.ceil(retryAfterMs / 1000)));
      }
    },
  };
}

export const RATE_RULES = {
  signInPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  signInPerIp: { limit: 100, windowMs: 15 * 60_000 },
  tokenPerIp: { limit: 60, windowMs: 15 * 60_000 },
  newInviteRequestPerIp: { limit: 10, windowMs: 60 * 60_000 },
} satisfies Record<string, RateRule>;
