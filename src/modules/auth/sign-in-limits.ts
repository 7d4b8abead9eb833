import type { RateRule } from './rate-limit.js';

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * Sign-in limits (docs/security.md, "Sign-in limits"). Only failures count, and an
 * account's own limit is per client address, so nobody can lock someone else out by
 * failing on purpose; across all addresses an account is slowed down, never locked.
 */
export const SIGN_IN_LIMITS = {
  /** Failures for one account from one client address; a success there starts it again. */
  failuresPerAccountAndClient: { limit: 10, windowMs: FIFTEEN_MINUTES },
  /** Failures from one client address over every account (one address trying many). */
  failuresPerClient: { limit: 100, windowMs: FIFTEEN_MINUTES },
  /** Every sign-in request from one client address, successes included. */
  requestsPerClient: { limit: 1000, windowMs: FIFTEEN_MINUTES },
  /** Failures for one account from every address; beyond `limit` each attempt waits. */
  slowDownPerAccount: { limit: 20, windowMs: FIFTEEN_MINUTES },
} satisfies Record<string, RateRule>;

/** The first wait once an account is past its slow-down limit, and the longest. */
export const SLOW_DOWN = { firstMs: 1000, maxMs: 15_000 };

/**
 * How long an attempt waits, given the account's failures (from any address) already
 * counted in the window: nothing up to the limit, then 1 s, 2 s, 4 s … up to 15 s.
 */
export function slowDownMs(failuresBefore: number): number {
  const over = failuresBefore - SIGN_IN_LIMITS.slowDownPerAccount.limit;
  if (over < 0) return 0;
  return Math.min(SLOW_DOWN.firstMs * 2 ** Math.min(over, 30), SLOW_DOWN.maxMs);
}
