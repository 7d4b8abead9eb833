import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { DB } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type { PortalState } from '../../shared/api-types.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { customersRepo } from '../customers/customers.repo.js';
import { MailSendError } from '../mail/mailer.js';
import { createInviteLinks } from './invite-links.js';
import { composeInviteMail, inviteRefusal } from './invite-message.js';
import { decideInvite, portalState } from './invite-policy.js';
import { inviteTemplatesRepo } from './invite-template.repo.js';
import { invitesRepo } from './invites.repo.js';
import { portalEventsRepo } from './portal-events.repo.js';

/** The partial unique index is the backstop if two transactions ever got past the customer lock. */
export function tooSoonOnConflict(err: unknown): unknown {
  if ((err as { code?: string }).code === '23505') {
    return new AppError('INVITE_TOO_SOON', 'An invite for this customer is being sent right now.', 409, {
      nextInviteAt: null,
    });
  }
  return err;
}

export interface InviteJob {
  inviteId: string;
}

export function createInvitesService(
  deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'mailer'> & { boss: PgBoss },
) {
  const { db } = deps.database;
  const invites = invitesRepo(db);
  const customers = customersRepo(db);
  const events = portalEventsRepo(db);
  const templates = inviteTemplatesRepo(db);

  async function state(yardId: string, customerId: string, email: string | null): Promise<PortalState> {
    const facts = await invites.facts(yardId, customerId);
    return portalState({ ...facts, email }, deps.clock.now());
  }

  /**
   * Decides and records one invite inside the caller's transaction: the customer row is
   * locked, so however many requests (single or bulk) arrive at once they decide one after
   * another. Throws the AppError that says why not. With `enqueue`, the mail job commits
   * with the invite (transactional outbox); a bulk batch delivers its invites itself.
   */
  async function queueInvite(
    trx: Kysely<DB>,
    v: { yardId: string; customerId: string; staffId: string | null; now: Date; enqueue: boolean },
  ): Promise<{ inviteId: string; email: string }> {
    const { yardId, customerId, staffId, now } = v;
    const customer = await customers.lockById(trx, yardId, customerId);
    if (!customer) throw notFound('That customer');
    const facts = await invites.facts(yardId, customerId, trx);
    const decision = decideInvite({ ...facts, email: customer.email }, now);
    const refusal = inviteRefusal(decision, customer.email);
    if (refusal) throw refusal;
    if (!customer.email) throw notFound('That customer');
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
    if (v.enqueue) {
      const job: InviteJob = { inviteId: invite.id };
      await deps.boss.send(QUEUES.inviteEmail, job, { db: executorFor(trx) });
    }
    return { inviteId: invite.id, email: customer.email };
  }

  /** Invite to Portal, one customer: decide and queue in one transaction; the worker sends. */
  async function sendInvite(
    yardId: string,
    customerId: string,
    staffId: string | null,
  ): Promise<PortalState> {
    const now = deps.clock.now();
    try {
      await db
        .transaction()
        .execute((trx) => queueInvite(trx, { yardId, customerId, staffId, now, enqueue: true }));
    } catch (err) {
      throw tooSoonOnConflict(err);
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
      const reason = 'The customer already has a portal account.';
      await abandonInvite(job, reason);
      return { outcome: 'skipped' as const, reason };
    }
    const token = newToken();
    if (!(await invites.setToken(invite.id, hashToken(token)))) return { outcome: 'skipped' as const };
    // The yard's own wording when it saved one (invite-template.ts), else the default.
    const { mail, expiryDays } = composeInviteMail(invite, token, await templates.get(invite.yard_id), {
      publicUrl: deps.config.publicUrl,
      defaultExpiryDays: deps.config.inviteExpiryDays,
      now: deps.clock.now(),
    });
    try {
      await deps.mailer.send(mail);
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

  const links = createInviteLinks(deps, sendInvite);
  return { state, queueInvite, sendInvite, deliverInvite, abandonInvite, ...links };
}

export type InvitesService = ReturnType<typeof createInvitesService>;
