import type { RateRule } from '../auth/rate-limit.js';

/** Limits of the account routes; keys are per client address and, where one exists, per account. */
export const ACCOUNT_RATE_RULES = {
  /** "Forgot password?" per client address. */
  forgotPerIp: { limit: 10, windowMs: 60 * 60_000 },
  /** Per email address asked about, known or not, so an inbox cannot be flooded with links. */
  forgotPerEmail: { limit: 3, windowMs: 60 * 60_000 },
  /** Opening and using reset and email-confirmation links. */
  linkPerIp: { limit: 60, windowMs: 15 * 60_000 },
  /** Guesses of the current password from a signed-in session. */
  currentPasswordPerAccount: { limit: 10, windowMs: 15 * 60_000 },
} satisfies Record<string, RateRule>;
