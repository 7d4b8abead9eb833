import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../server/clock.js';
import { tooManyRequests } from '../../server/errors.js';
import { rateLimitsRepo } from './rate-limits.repo.js';

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
  const repo = rateLimitsRepo(db);

  async function count(key: string, rule: RateRule): Promise<WindowCount> {
    const now = clock.now();
    const row = await repo.count(key, now, new Date(now.getTime() - rule.windowMs));
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
      await repo.release(key, windowStart);
    },

    /** Forgets a key entirely (its row goes too, so finished windows do not pile up). */
    async clear(key: string): Promise<void> {
      await repo.clear(key);
    },
  };
}

export type RateLimiter = ReturnType<typeof rateLimiter>;

export const RATE_RULES = {
  tokenPerIp: { limit: 60, windowMs: 15 * 60_000 },
  newInviteRequestPerIp: { limit: 10, windowMs: 60 * 60_000 },
} satisfies Record<string, RateRule>;
