import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { DB, Yard } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import { HOUR } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type { InviteLookupResponse } from '../../shared/api-types.js';
import type { AccountMailJob } from '../accounts/account-mail.js';
import { accountsRepo } from '../accounts/accounts.repo.js';
import { hashPassword } from '../accounts/password-hash.js';
import {
  assertPasswordAcceptable,
  PASSWORD_HINT,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from '../accounts/password-policy.js';
import { recordActivity } from '../activity/activity.repo.js';
import { createSignIn, type SignInClient } from '../auth/sign-in.js';
import { hashToken, TOKEN_PATTERN } from '../auth/tokens.js';
import { customersRepo } from '../customers/customers.repo.js';
import { notificationPreferencesRepo } from '../notifications/notification-preferences.repo.js';
import { yardSummary } from '../yards/yard-summary.js';
import { accountTaken, linkProblem, refusalReason } from './invite-problems.js';
import { inviteLinksRepo, invitesRepo } from './invites.repo.js';
import { portalEventsRepo } from './portal-events.repo.js';

/** A visitor's "send me a new link", queued by the web process and worked by the worker. */
export interface InviteRequestJob {
  yardId: string;
  email: string;
}

/** What the worker did with a request for a customer on file (timeline and activity say it). */
export type InviteRequestOutcome =
  | 'invite_sent'
  | 'refused'
  | 'account_reminder_sent'
  | 'account_reminder_skipped';

/** A customer with an account is reminded of it by this request at most once a day per address. */
export const ACCOUNT_REMINDER_INTERVAL_MS = 24 * HOUR;

/**
 * The customer's side of an invite: opening the link, picking the password, and asking
 * for a new link. `queueInvite` is the staff use case's decision, reused for the 24-hour-governed re-send.
 */
export function createInviteLinks(
  deps: Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss },
  queueInvite: (
    trx: Kysely<DB>,
    v: { yardId: string; customerId: string; staffId: string | null; now: Date; enqueue: boolean },
  ) => Promise<unknown>,
) {
  const { db } = deps.database;
  const invites = invitesRepo(db);
  const links = inviteLinksRepo(db);
  const customers = customersRepo(db);
  const events = portalEventsRepo(db);
  const accounts = accountsRepo(db);
  const { signIn: checkCredentials } = createSignIn(deps);
  const prefs = notificationPreferencesRepo(db);

  /** Reads a token without using it up: opening the link (or a mail scanner doing so) changes nothing. */
  async function resolveToken(yard: Yard, token: string, trx: Kysely<DB> = db) {
    if (!TOKEN_PATTERN.test(token)) throw linkProblem.unknown();
    const invite = await links.findByTokenHash(yard.id, hashToken(token), trx);
    const customer = invite && (await customers.findById(yard.id, invite.customer_id, trx));
    if (!invite || !customer) throw linkProblem.unknown();
    if (invite.status === 'accepted') throw linkProblem.used();
    if (invite.status === 'superseded' || invite.status === 'revoked') throw linkProblem.superseded();
    if (invite.status !== 'sent' || !invite.expires_at) throw linkProblem.unknown();
    if (invite.expires_at <= deps.clock.now()) throw linkProblem.expired();
    if ((customer.email ?? '').toLowerCase() !== invite.email.toLowerCase()) throw linkProblem.superseded();
    return { ...invite, first_name: customer.first_name, last_name: customer.last_name };
  }

  async function lookupInvite(yard: Yard, token: string): Promise<InviteLookupResponse> {
    const invite = await resolveToken(yard, token);
    // Recorded when the page asks, which a browser does and a link scanner fetching HTML does not.
    if (!(await events.hasEvent(yard.id, invite.id, 'link_opened'))) {
      await events.add({
        yardId: yard.id,
        customerId: invite.customer_id,
        kind: 'link_opened',
        at: deps.clock.now(),
        inviteId: invite.id,
      });
    }
    return {
      yard: yardSummary(yard),
      firstName: invite.first_name,
      email: invite.email,
      expiresAt: invite.expires_at!.toISOString(),
      hasAccount: (await accounts.byLogin(yard.id, invite.email))?.customer_id === null,
      passwordRules: { minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, hint: PASSWORD_HINT },
    };
  }

  /**
   * Picking the password: the one step that uses the token. The hash is computed first
   * (slow on purpose), then one conditional update consumes the token; of concurrent
   * attempts exactly one wins, and the account binds to the existing customer record.
   */
  async function acceptInvite(
    yard: Yard,
    token: string,
    password: string,
    confirmPassword: string,
    from: SignInClient,
  ) {
    const invite = await resolveToken(yard, token);
    const existing = await accounts.byLogin(yard.id, invite.email);
    if (existing?.customer_id === null) return linkSignIn(yard, token, invite, existing, password, from);
    // A concurrent click on the same link won between the token check and this read.
    if (existing?.customer_id === invite.customer_id) throw linkProblem.used();
    if (existing) throw accountTaken(yard, invite.email);
    assertPasswordAcceptable(password, confirmPassword, {
      email: invite.email,
      personNames: [invite.first_name, invite.last_name],
      yardNames: [yard.name, yard.slug],
    });
    const passwordHash = await hashPassword(password);
    const now = deps.clock.now();
    return db.transaction().execute(async (trx) => {
      const consumed = await consumeOnce(trx, yard, token, invite, now);
      const account = await accounts.createFromInvite(trx, {
        yardId: yard.id,
        customerId: consumed.customer_id,
        email: consumed.email,
        passwordHash,
        inviteId: consumed.id,
        now,
      });
      if (!account) throw accountTaken(yard, consumed.email);
      await events.add(
        {
          yardId: yard.id,
          customerId: consumed.customer_id,
          kind: 'invite_accepted',
          at: now,
          inviteId: consumed.id,
        },
        trx,
      );
      return { accountId: account.id, customerId: consumed.customer_id, yardId: yard.id };
    });
  }

  /**
   * The invite's link used once, under the customer's lock (the one sendInvite takes: an
   * invite cannot be queued while this one is being accepted). Someone else changed it in
   * the meantime: the answer says what it is now.
   */
  async function consumeOnce(
    trx: Kysely<DB>,
    yard: Yard,
    token: string,
    invite: { id: string; customer_id: string },
    now: Date,
  ) {
    await customers.lockById(trx, yard.id, invite.customer_id);
    const consumed = await links.consume(trx, yard.id, invite.id, now);
    if (consumed) return consumed;
    await resolveToken(yard, token, trx);
    throw linkProblem.used();
  }

  /**
   * The address already signs in at this yard with shared access only (a captain of someone
   * else's boat): its password, not a new one, proves it, and the sign-in then reaches this
   * customer's own record too (docs/invites.md). The token's single use and the link commit
   * together under the customer's lock, as for a new account.
   */
  async function linkSignIn(
    yard: Yard,
    token: string,
    invite: Awaited<ReturnType<typeof resolveToken>>,
    account: { id: string; password_hash: string },
    password: string,
    from: SignInClient,
  ) {
    // Under the sign-in limits of the portal's own sign-in: the page is another way to guess.
    await checkCredentials(
      { ...from, realm: `portal:${yard.slug}`, email: invite.email.toLowerCase(), password },
      async () => account,
      () =>
        new AppError(
          'BAD_CREDENTIALS',
          `${invite.email} already signs in to ${yard.name}. Enter that password to add your own account to it, or reset it from the sign-in page.`,
          { field: 'password' },
        ),
    );
    const now = deps.clock.now();
    return db.transaction().execute(async (trx) => {
      const consumed = await consumeOnce(trx, yard, token, invite, now);
      const linked = await accounts.linkToCustomer(trx, {
        yardId: yard.id,
        accountId: account.id,
        customerId: consumed.customer_id,
        inviteId: consumed.id,
      });
      if (!linked) throw accountTaken(yard, consumed.email);
      await prefs.adoptSignInChoices(trx, yard.id, account.id, consumed.customer_id);
      await events.add(
        {
          yardId: yard.id,
          customerId: consumed.customer_id,
          kind: 'invite_accepted',
          at: now,
          inviteId: consumed.id,
          detail: { linkedExistingSignIn: true },
        },
        trx,
      );
      return { accountId: account.id, customerId: consumed.customer_id, yardId: yard.id };
    });
  }

  /**
   * "Ask for a new link" from an expired or replaced link: the web process only queues the
   * request (one insert, whatever the address), so the answer and its timing are the same
   * whether or not the email is on file. The worker decides (handleInviteRequest).
   */
  async function requestNewInvite(yard: Yard, email: string) {
    const job: InviteRequestJob = { yardId: yard.id, email };
    await deps.boss.send(QUEUES.inviteRequest, withRequestId(job));
    return {
      message: `If ${email} is on file at ${yard.name} and has no portal account yet, a new invite link is on its way. Invites are sent at most once every 24 hours; if you do not receive one, please contact ${yard.name}.`,
    };
  }

  /**
   * The worker's half of "ask for a new link", for a customer on file at the yard with
   * this email (not archived): without a portal account they get an invite if the 24-hour
   * rule allows (the staff decision, queueInvite); with one, a "you already have an
   * account" email, at most once a day per address. Either way the request and what came
   * of it go on the customer's timeline and the yard's activity, in the transaction that
   * queues the mail, so a retried job never records twice what it did. An address not on
   * file gets nothing and leaves no trace.
   */
  async function handleInviteRequest(job: InviteRequestJob): Promise<'not_on_file' | InviteRequestOutcome> {
    const customer = await invites.customerForInviteRequest(job.yardId, job.email);
    if (!customer?.email) return 'not_on_file';
    const now = deps.clock.now();
    const email = customer.email;
    const record = async (trx: Kysely<DB>, outcome: InviteRequestOutcome, reason?: string) => {
      const detail = { email, outcome, ...(reason && { reason }) };
      await events.add(
        { yardId: job.yardId, customerId: customer.id, kind: 'new_invite_requested', at: now, detail },
        trx,
      );
      await recordActivity(trx, {
        yardId: job.yardId,
        customerId: customer.id,
        kind: 'invite_requested',
        at: now,
        detail,
      });
      return outcome;
    };
    if (customer.account_id) {
      const accountId = customer.account_id;
      return db.transaction().execute(async (trx) => {
        // The customer's lock: two requests at once decide one after the other.
        await customers.lockById(trx, job.yardId, customer.id);
        if (customer.account_disabled_at) {
          return record(trx, 'refused', 'their portal account is disabled');
        }
        const since = new Date(now.getTime() - ACCOUNT_REMINDER_INTERVAL_MS);
        if (await events.remindedSince(trx, job.yardId, customer.id, email, since)) {
          return record(trx, 'account_reminder_skipped');
        }
        const mail: AccountMailJob = { kind: 'account_exists', accountId, to: email };
        await deps.boss.send(QUEUES.accountEmail, withRequestId(mail), { db: executorFor(trx) });
        return record(trx, 'account_reminder_sent');
      });
    }
    try {
      return await db.transaction().execute(async (trx) => {
        await queueInvite(trx, {
          yardId: job.yardId,
          customerId: customer.id,
          staffId: null,
          now,
          enqueue: true,
        });
        return record(trx, 'invite_sent');
      });
    } catch (err) {
      // Refused (too soon, archived, joined meanwhile; 23505: an invite is being queued right
      // now): the request is still recorded, with why.
      if (!(err instanceof AppError) && (err as { code?: string }).code !== '23505') throw err;
      return db.transaction().execute((trx) => record(trx, 'refused', refusalReason(err)));
    }
  }

  return { lookupInvite, acceptInvite, requestNewInvite, handleInviteRequest };
}
