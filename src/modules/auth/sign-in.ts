import type { AppDeps } from '../../server/deps.js';
import { AppError, tooManyRequests } from '../../server/errors.js';
import { dummyHash, verifyPassword } from '../accounts/password-hash.js';
import { type RateLimiter, rateLimiter, type WindowCount } from './rate-limit.js';
import { SIGN_IN_LIMITS, slowDownMs } from './sign-in-limits.js';

/** What sign-in writes to the request log; never the email typed or the password. */
export interface SignInLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SignInAttempt {
  /** Whose accounts these are: `staff`, or `portal:<yard slug>`. */
  realm: string;
  /** Lower-cased. */
  email: string;
  password: string;
  /** The client address (req.ip, which honours TRUST_PROXY only). */
  client: string;
  log: SignInLog;
}

/** Who is typing a password, for the limits and the log. */
export type SignInClient = Pick<SignInAttempt, 'client' | 'log'>;

export interface Credentials {
  id: string;
  password_hash: string;
}

export const badCredentials = () =>
  new AppError('BAD_CREDENTIALS', 'That email and password do not match. Check both and try again.');

/**
 * Email-and-password sign-in for staff and customers alike: the limits of
 * sign-in-limits.ts, then the password check. Each failure limit is counted before the
 * password is checked (so concurrent guesses cannot all slip under it) and given back
 * when the password was right, so only failures stay counted.
 */
export function createSignIn(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const limiter: RateLimiter = rateLimiter(deps.database.db, deps.clock);
  const L = SIGN_IN_LIMITS;

  return {
    async signIn<A extends Credentials>(
      attempt: SignInAttempt,
      findAccount: (email: string) => Promise<A | undefined>,
      /** What a wrong password answers where the page says more (an invite link's page). */
      wrongPassword: () => AppError = badCredentials,
    ): Promise<A> {
      const { realm, email, client, log } = attempt;
      const refuse = (limit: string, c: WindowCount) => {
        log.warn(
          { event: 'sign_in_limited', realm, client, limit, retryAfterSeconds: c.retryAfterSeconds },
          'sign-in refused: too many attempts',
        );
        return tooManyRequests(c.retryAfterSeconds);
      };

      const requests = await limiter.count(`sign-in:requests:${client}`, L.requestsPerClient);
      if (requests.over) throw refuse('requests_per_client', requests);

      const clientKey = `sign-in:failures:${client}`;
      const clientFailures = await limiter.count(clientKey, L.failuresPerClient);
      if (clientFailures.over) throw refuse('failures_per_client', clientFailures);

      const accountClientKey = `sign-in:account-client:${realm}:${email}:${client}`;
      const accountClient = await limiter.count(accountClientKey, L.failuresPerAccountAndClient);
      if (accountClient.over) {
        // Refused before any check: not a failure of this address against other accounts.
        await limiter.release(clientKey, clientFailures.windowStart);
        throw refuse('failures_per_account_and_client', accountClient);
      }

      // Across addresses the account is slowed, never locked: its owner gets in, only later.
      const accountKey = `sign-in:account:${realm}:${email}`;
      const account = await limiter.count(accountKey, L.slowDownPerAccount);
      const waitMs = slowDownMs(account.hits - 1);
      if (waitMs > 0) {
        log.warn(
          { event: 'sign_in_slowed', realm, client, waitMs, accountFailures: account.hits - 1 },
          'sign-in slowed: many failures for this account',
        );
        await deps.clock.sleep(waitMs);
      }

      const found = await findAccount(email);
      // Verify against a dummy hash when the email is unknown, so timing reveals nothing.
      const ok = await verifyPassword(found?.password_hash ?? (await dummyHash()), attempt.password);
      if (!found || !ok) {
        log.warn(
          {
            event: 'sign_in_failed',
            realm,
            client,
            accountId: found?.id ?? null,
            failures: {
              accountAndClient: accountClient.hits,
              client: clientFailures.hits,
              account: account.hits,
            },
          },
          'sign-in failed',
        );
        throw wrongPassword();
      }

      await Promise.all([
        limiter.clear(accountClientKey),
        limiter.release(clientKey, clientFailures.windowStart),
        limiter.release(accountKey, account.windowStart),
      ]);
      log.info({ event: 'signed_in', realm, client, accountId: found.id }, 'signed in');
      return found;
    },
  };
}

export type SignIn = ReturnType<typeof createSignIn>;
