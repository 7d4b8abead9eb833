import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { DB, Yard } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type { InviteLookupResponse, PortalState } from '../../shared/api-types.js';
import { hashPassword } from '../accounts/password-hash.js';
import {
  assertPasswordAcceptable,
  PASSWORD_HINT,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from '../accounts/password-policy.js';
import { hashToken, newToken, TOKEN_PATTERN } from '../auth/tokens.js';
import { customersRepo } from '../customers/customers.repo.js';
import { MailSendError } from '../mail/mailer.js';
import { renderInviteEmail } from './invite-email.js';
import { decideInvite, portalState } from './invite-policy.js';
import { invitesRepo } from './invites.repo.js';
import { portalEventsRepo } from './portal-events.repo.js';

export interface InviteJob {
  inviteId: string;
}

const linkProblem = {
  unknown: () =>
    new AppError(
      'INVITE_UNKNOWN',
      'We do not recognise this invite link. Ask the yard for a new one below.',
      404,
    ),
  used: () =>
    new AppError(
      'INVITE_USED',
      'This invite link has already been used. Sign in with your email and password.',
      410,
    ),
  expired: () =>
    new AppError('INVITE_EXPIRED', 'This invite link has expired. Ask the yard for a new one below.', 410),
  superseded: () =>
    new AppError(
      'INVITE_SUPERSEDED',
      'This invite link was replaced by a newer one. Use the link in the most recent email, or ask for a new one below.',
      410,
    ),
};

export function createInvitesService(
  deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'mailer'> & { boss: PgBoss },
) {
  const { db } = deps.database;
  const invites = invitesRepo(db);
  const customers = customersRepo(db);
  const events = portalEventsRepo(db);

  async function state(yardId: string, customerId: string, email: string | null): Promise<PortalState> {
    const facts = await invites.facts(yardId, customerId);
    return portalState({ ...facts, email }, deps.clock.now());
  }

  /**
   * Invite to Portal. The customer row is locked for the transaction, so however many
   * requests arrive at once they decide one after another; the invite row and its mail
   * job commit together (transactional outbox), and the worker sends.
   */
  async function sendInvite(
    yardId: string,
    customerId: string,
    staffId: string | null,
  ): Promise<PortalState> {
    const now = deps.clock.now();
    try {
      await db.transaction().execute(async (trx) => {
        const customer = await customers.lockById(trx, yardId, customerId);
        if (!customer) throw notFound('That customer');
        const facts = await invites.facts(yardId, customerId, trx);
        const decision = decideInvite({ ...facts, email: customer.email }, now);
        if (decision.button === 'in_portal') {
          throw new AppError(
            'ALREADY_IN_PORTAL',
            'This customer is already IN PORTAL; there is no need to invite them.',
            409,
          );
        }
        if (decision.button === 'wait') {
          const when = decision.nextInviteAt;
          throw new AppError(
            'INVITE_TOO_SOON',
            when
              ? `An invite was sent less than 24 hours ago. You can send another after ${when.toISOString()}.`
              : 'An invite for this customer is being sent right now.',
            409,
            { nextInviteAt: when?.toISOString() ?? null },
          );
        }
        if (decision.button === 'no_email' || !customer.email) {
          throw new AppError(
            'NO_EMAIL',
            decision.reason ?? 'This customer has no email address on file.',
            422,
          );
        }
        await invites.supersedeSent(trx, yardId, customerId);
        const invite = await invites.insertQueued(trx, {
          yardId,
          customerId,
          email: customer.email,
          invitedBy: staffId,
          now,
        });
        await events.add(
          {
            yardId,
            customerId,
            kind: 'invite_queued',
            at: now,
            inviteId: invite.id,
            actorStaffId: staffId,
            detail: { email: customer.email },
          },
          trx,
        );
        const job: InviteJob = { inviteId: invite.id };
        await deps.boss.send(QUEUES.inviteEmail, job, { db: executorFor(trx) });
      });
    } catch (err) {
      // The partial unique index is the backstop if two transactions ever got past the lock.
      if ((err as { code?: string }).code === '23505') {
        throw new AppError('INVITE_TOO_SOON', 'An invite for this customer is being sent right now.', 409, {
          nextInviteAt: null,
        });
      }
      throw err;
    }
    const customer = await customers.findById(yardId, customerId);
    return state(yardId, customerId, customer?.email ?? null);
  }

  /**
   * The worker's half: issue a token, hand the email to SMTP, and record the outcome.
   * The 24 hours start when the mail server accepts the message. A permanent rejection
   * (5xx) ends the invite as failed at once; other failures are thrown so the queue
   * retries with backoff, and the last attempt records the failure.
   */
  async function deliverInvite(job: InviteJob, attempt: { isLast: boolean }) {
    const invite = await invites.findForDelivery(job.inviteId);
    // Superseded, revoked or already handled by an earlier attempt: nothing to send.
    if (!invite) return { outcome: 'skipped' as const };
    if (invite.status !== 'queued') return { outcome: 'skipped' as const };
    if ((await invites.facts(invite.yard_id, invite.customer_id)).account) {
      await abandonInvite(job, 'The customer already has a portal account.');
      return { outcome: 'skipped' as const };
    }
    const token = newToken();
    if (!(await invites.setToken(invite.id, hashToken(token)))) return { outcome: 'skipped' as const };
    const expiryDays = invite.invite_expiry_days ?? deps.config.inviteExpiryDays;
    const portalLink = `${deps.config.publicUrl}/portal/${invite.yard_slug}/accept/${token}`;
    const draftExpiry = new Date(deps.clock.now().getTime() + expiryDays * DAY);
    const mail = renderInviteEmail({
      yardName: invite.yard_name,
      yardEmail: invite.yard_email,
      yardPhone: invite.yard_phone,
      customerFirstName: invite.first_name,
      portalLink,
      expiresAt: draftExpiry,
    });
    try {
      await deps.mailer.send({
        to: invite.email,
        fromName: invite.yard_name,
        replyTo: invite.yard_email,
        ...mail,
      });
    } catch (err) {
      const failure = err instanceof MailSendError ? err : new MailSendError(false, String(err));
      const now = deps.clock.now();
      if (failure.permanent || attempt.isLast) {
        await db.transaction().execute(async (trx) => {
          if (await invites.markFailed(trx, invite.id, now, failure.serverReason)) {
            await events.add(
              {
                yardId: invite.yard_id,
                customerId: invite.customer_id,
                kind: 'invite_failed',
                at: now,
                inviteId: invite.id,
                detail: { email: invite.email, reason: failure.serverReason },
              },
              trx,
            );
          }
        });
        return { outcome: 'failed' as const, reason: failure.serverReason };
      }
      throw failure;
    }
    const sentAt = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      if (await invites.markSent(trx, invite.id, sentAt, new Date(sentAt.getTime() + expiryDays * DAY))) {
        await events.add(
          {
            yardId: invite.yard_id,
            customerId: invite.customer_id,
            kind: 'invite_sent',
            at: sentAt,
            inviteId: invite.id,
            detail: { email: invite.email },
          },
          trx,
        );
      }
    });
    return { outcome: 'sent' as const };
  }

  /** Ends a queued invite as failed, with the reason on the customer's timeline. */
  async function abandonInvite(job: InviteJob, reason: string) {
    const invite = await invites.findForDelivery(job.inviteId);
    if (!invite) return;
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      if (await invites.markFailed(trx, invite.id, now, reason)) {
        await events.add(
          {
            yardId: invite.yard_id,
            customerId: invite.customer_id,
            kind: 'invite_failed',
            at: now,
            inviteId: invite.id,
            detail: { email: invite.email, reason },
          },
          trx,
        );
      }
    });
  }

  /** Reads a token without using it up: opening the link (or a mail scanner doing so) changes nothing. */
  async function resolveToken(yard: Yard, token: string, trx: Kysely<DB> = db) {
    if (!TOKEN_PATTERN.test(token)) throw linkProblem.unknown();
    const invite = await invites.findByTokenHash(yard.id, hashToken(token), trx);
    if (!invite) throw linkProblem.unknown();
    if (invite.status === 'accepted') throw linkProblem.used();
    if (invite.status === 'superseded' || invite.status === 'revoked') throw linkProblem.superseded();
    if (invite.status !== 'sent' || !invite.expires_at) throw linkProblem.unknown();
    if (invite.expires_at <= deps.clock.now()) throw linkProblem.expired();
    if ((invite.customer_email ?? '').toLowerCase() !== invite.email.toLowerCase())
      throw linkProblem.superseded();
    return invite;
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
      yard: { id: yard.id, slug: yard.slug, name: yard.name },
      firstName: invite.first_name,
      email: invite.email,
      expiresAt: invite.expires_at!.toISOString(),
      passwordRules: { minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, hint: PASSWORD_HINT },
    };
  }

  /**
   * Picking the password: the one step that uses the token. The hash is computed first
   * (slow on purpose), then one conditional update consumes the token; of concurrent
   * attempts exactly one wins, and the account binds to the existing customer record.
   */
  async function acceptInvite(yard: Yard, token: string, password: string, confirmPassword: string) {
    const invite = await resolveToken(yard, token);
    assertPasswordAcceptable(password, confirmPassword, { email: invite.email });
    const passwordHash = await hashPassword(password);
    const now = deps.clock.now();
    return db.transaction().execute(async (trx) => {
      // Same lock as sendInvite: an invite cannot be queued while this one is being accepted.
      await customers.lockById(trx, yard.id, invite.customer_id);
      const consumed = await invites.consume(trx, yard.id, invite.id, now);
      if (!consumed) {
        // Someone else changed it in the meantime: answer with what it is now.
        await resolveToken(yard, token, trx);
        throw linkProblem.used();
      }
      const account = await trx
        .insertInto('portal_accounts')
        .values({
          yard_id: yard.id,
          customer_id: consumed.customer_id,
          login_email: consumed.email,
          password_hash: passwordHash,
          invite_id: consumed.id,
          activated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'customer_id'])
        .executeTakeFirst();
      if (!account) {
        throw new AppError(
          'ACCOUNT_EXISTS',
          'A portal account already uses this email address at this yard. Sign in instead, or ask the yard for help.',
          409,
        );
      }
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
      return { accountId: account.id, customerId: account.customer_id, yardId: yard.id };
    });
  }

  /**
   * "Ask for a new link" from an expired or replaced link. Only an address the yard has
   * already invited gets a new invite (the yard decides who is invited, not the visitor);
   * the answer is the same either way, and the 24-hour rule still decides whether one goes out.
   */
  async function requestNewInvite(yard: Yard, email: string, log: (err: unknown) => void) {
    const [customer] = await invites.previouslyInvited(yard.id, email);
    if (customer) {
      // In the background, so the answer takes as long whether or not the email is on file.
      void (async () => {
        await events.add({
          yardId: yard.id,
          customerId: customer.id,
          kind: 'new_invite_requested',
          at: deps.clock.now(),
          detail: { email },
        });
        await sendInvite(yard.id, customer.id, null);
      })().catch((err) => {
        if (!(err instanceof AppError)) log(err);
      });
    }
    return {
      message: `If ${email} is on file at ${yard.name} and has no portal account yet, a new invite link is on its way. Invites are sent at most once every 24 hours; if you do not receive one, please contact ${yard.name}.`,
    };
  }

  return { state, sendInvite, deliverInvite, abandonInvite, lookupInvite, acceptInvite, requestNewInvite };
}

export type InvitesService = ReturnType<typeof createInvitesService>;
