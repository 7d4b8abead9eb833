import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { DB } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type { PortalState } from '../../shared/api-types.js';
import { customersRepo } from '../customers/customers.repo.js';
import { createInviteDelivery } from './invite-delivery.js';
import { createInviteLinks } from './invite-links.js';
import { inviteRefusal } from './invite-message.js';
import { decideInvite, portalState } from './invite-policy.js';
import { inviteLinksRepo, invitesRepo } from './invites.repo.js';
import { portalEventsRepo } from './portal-events.repo.js';

/** The partial unique index is the backstop if two transactions ever got past the customer lock. */
export function tooSoonOnConflict(err: unknown): unknown {
  if ((err as { code?: string }).code === '23505') {
    return new AppError('INVITE_TOO_SOON', 'An invite for this customer is being sent right now.', {
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
  const inviteLinks = inviteLinksRepo(db);
  const customers = customersRepo(db);
  const events = portalEventsRepo(db);
  const delivery = createInviteDelivery(deps);

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
    // An archived (or merged) customer keeps their records but is not invited.
    if (customer.archived_at) {
      throw new AppError('CUSTOMER_ARCHIVED', 'This customer is archived. Restore them to invite them.');
    }
    const facts = await invites.facts(yardId, customerId, trx);
    const decision = decideInvite({ ...facts, email: customer.email }, now);
    const refusal = inviteRefusal(decision, customer.email);
    if (refusal) throw refusal;
    if (!customer.email) throw notFound('That customer');
    await inviteLinks.supersede(trx, yardId, customerId, now);
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
      await deps.boss.send(QUEUES.inviteEmail, withRequestId(job), { db: executorFor(trx) });
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
   * The queue worker's half: one invite through the same delivery as a bulk chunk
   * (invite-delivery.ts). A temporary failure is thrown so the queue retries with
   * backoff; the last attempt records it as failed.
   */
  async function deliverInvite(job: InviteJob, attempt: { isLast: boolean }) {
    const [outcome] = await delivery.deliverInvites([job.inviteId], { lastAttempt: attempt.isLast });
    switch (outcome?.kind) {
      case 'held':
        throw outcome.error;
      case 'sent':
        return { outcome: 'sent' as const };
      case 'failed':
        return { outcome: 'failed' as const, reason: outcome.reason };
      case 'abandoned':
        return { outcome: 'skipped' as const, reason: outcome.reason };
      default:
        // Superseded, revoked or already handled by an earlier attempt: nothing to send.
        return { outcome: 'skipped' as const };
    }
  }

  /** Ends a queued invite as failed, with the reason on the customer's timeline. */
  async function abandonInvite(job: InviteJob, reason: string) {
    await delivery.abandonInvite(job.inviteId, reason);
  }

  const links = createInviteLinks(deps, queueInvite);
  return {
    state,
    queueInvite,
    sendInvite,
    deliverInvite,
    deliverInvites: delivery.deliverInvites,
    prepareDelivery: delivery.prepareDelivery,
    abandonInvite,
    ...links,
  };
}

export type InvitesService = ReturnType<typeof createInvitesService>;
