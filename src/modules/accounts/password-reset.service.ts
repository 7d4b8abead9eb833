import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { Yard } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import { HOUR } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError } from '../../server/errors.js';
import { runJob, withRequestId } from '../../server/logger.js';
import type { PasswordResetLookupResponse } from '../../shared/api-types.js';
import { hashToken, TOKEN_PATTERN } from '../auth/tokens.js';
import { customersRepo } from '../customers/customers.repo.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import type { AccountMailJob } from './account-mail.js';
import { accountTokensRepo, resetLinksRepo } from './account-tokens.repo.js';
import { hashPassword } from './password-hash.js';
import { assertPasswordAcceptable, PASSWORD_HINT, PASSWORD_MAX, PASSWORD_MIN } from './password-policy.js';

/** A reset link works for one hour: long enough to read the email, short for a stolen inbox. */
export const RESET_VALID_MS = HOUR;

/** A visitor's "forgot password?", queued by the web process and worked by the worker. */
export interface ResetRequestJob {
  yardId: string;
  email: string;
}

const resetProblem = {
  unknown: () =>
    new AppError(
      'RESET_UNKNOWN',
      'We do not recognise this reset link. Ask for a new one from the sign-in page.',
    ),
  used: () =>
    new AppError(
      'RESET_USED',
      'This reset link has already been used. Sign in with your new password, or ask for a new link.',
    ),
  expired: () =>
    new AppError(
      'RESET_EXPIRED',
      'This reset link has expired (links work for one hour). Ask for a new one below.',
    ),
  superseded: () =>
    new AppError(
      'RESET_SUPERSEDED',
      'This reset link was replaced by a newer one. Use the link in the most recent email, or ask for a new one below.',
    ),
};

export function createPasswordResets(deps: Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss }) {
  const { db } = deps.database;
  const repo = accountTokensRepo(db);
  const resetLinks = resetLinksRepo(db);
  const events = portalEventsRepo(db);
  const customers = customersRepo(db);

  /**
   * "Forgot password?". The web process only queues the request (one insert, whatever the
   * address), so neither the answer nor its timing tells whether the email has an account.
   * The worker looks the address up and issues the link (issueReset).
   */
  async function requestReset(yard: Yard, email: string) {
    const job: ResetRequestJob = { yardId: yard.id, email };
    await deps.boss.send(QUEUES.passwordResetRequest, withRequestId(job));
    return {
      message: `If ${email} has a portal account at ${yard.name}, a link to choose a new password is on its way. It works for one hour. If nothing arrives, check your spam folder or contact ${yard.name}.`,
    };
  }

  /**
   * The worker's half: an account with this login email gets one live reset link, and its
   * mail job commits with it (the account-email queue sends it, with its own retries).
   */
  async function issueReset(job: ResetRequestJob): Promise<'no_account' | 'issued'> {
    const account = await repo.accountByEmail(job.yardId, job.email);
    if (!account) return 'no_account';
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      // One live link per account: a new request ends the older ones.
      await resetLinks.supersede(trx, job.yardId, account.id, now);
      const reset = await resetLinks.create(trx, {
        yard_id: job.yardId,
        account_id: account.id,
        email: account.login_email,
        created_at: now,
        expires_at: new Date(now.getTime() + RESET_VALID_MS),
      });
      const mail: AccountMailJob = { kind: 'password_reset', resetId: reset.id };
      await deps.boss.send(QUEUES.accountEmail, withRequestId(mail), { db: executorFor(trx) });
    });
    return 'issued';
  }

  /** Reads a token without using it: opening the link (or a mail scanner doing so) changes nothing. */
  async function resolve(yard: Yard, token: string, trx = db) {
    if (!TOKEN_PATTERN.test(token)) throw resetProblem.unknown();
    const link = await resetLinks.findByTokenHash(yard.id, hashToken(token), trx);
    const account = link && (await repo.accountById(yard.id, link.account_id, trx));
    if (!link || !account) throw resetProblem.unknown();
    const reset = { ...link, customer_id: account.customer_id, login_email: account.login_email };
    if (reset.consumed_at) throw resetProblem.used();
    if (reset.superseded_at) throw resetProblem.superseded();
    if (reset.expires_at <= deps.clock.now()) throw resetProblem.expired();
    // The login email changed since the link was sent: it went to an address no longer on file.
    if (reset.login_email.toLowerCase() !== reset.email.toLowerCase()) throw resetProblem.superseded();
    return reset;
  }

  async function lookupReset(yard: Yard, token: string): Promise<PasswordResetLookupResponse> {
    const reset = await resolve(yard, token);
    return {
      email: reset.login_email,
      expiresAt: reset.expires_at.toISOString(),
      passwordRules: { minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, hint: PASSWORD_HINT },
    };
  }

  /**
   * Sets the new password with the link's single use. Does not sign in (whoever holds the
   * link signs in with the password like anyone else); ends the account's sessions when asked.
   */
  async function resetPassword(
    yard: Yard,
    input: { token: string; password: string; confirmPassword: string; endSessions: boolean },
  ) {
    const reset = await resolve(yard, input.token);
    // A sign-in with no record of its own (shared access) has no customer name to refuse.
    const customer = reset.customer_id ? await customers.findById(yard.id, reset.customer_id) : undefined;
    assertPasswordAcceptable(input.password, input.confirmPassword, {
      email: reset.login_email,
      personNames: [customer?.first_name, customer?.last_name],
      yardNames: [yard.name, yard.slug],
    });
    const passwordHash = await hashPassword(input.password);
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const consumed = await resetLinks.consume(trx, yard.id, reset.id, now);
      if (!consumed) {
        await resolve(yard, input.token, trx);
        throw resetProblem.used();
      }
      await repo.setPassword(trx, yard.id, consumed.account_id, passwordHash);
      await resetLinks.supersede(trx, yard.id, consumed.account_id, now);
      // A pending email change may have been started by whoever is being locked out.
      await repo.cancelEmailChanges(trx, yard.id, consumed.account_id, now, 'password_reset');
      if (input.endSessions) await repo.endSessions(trx, yard.id, consumed.account_id);
      if (reset.customer_id) {
        await events.add(
          {
            yardId: yard.id,
            customerId: reset.customer_id,
            kind: 'password_reset',
            at: now,
            detail: { sessionsEnded: input.endSessions },
          },
          trx,
        );
      }
      const job: AccountMailJob = { kind: 'password_changed', accountId: consumed.account_id, how: 'reset' };
      await deps.boss.send(QUEUES.accountEmail, withRequestId(job), { db: executorFor(trx) });
    });
    return {
      message: input.endSessions
        ? 'Your password was changed and you were signed out everywhere. Sign in with your new password.'
        : 'Your password was changed. Sign in with your new password.',
    };
  }

  return { requestReset, issueReset, lookupReset, resetPassword };
}

export type PasswordResets = ReturnType<typeof createPasswordResets>;

/** Takes "forgot password?" requests off the queue; a thrown error hands the job back for a retry. */
export async function workResetRequests(
  boss: PgBoss,
  resets: Pick<PasswordResets, 'issueReset'>,
  opts: { pollingIntervalSeconds?: number } = {},
) {
  return boss.work<ResetRequestJob>(
    QUEUES.passwordResetRequest,
    { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
    async ([job]) => {
      await runJob(job, () => resets.issueReset(job.data));
    },
  );
}
