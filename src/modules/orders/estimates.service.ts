import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { parseSignaturePath, signaturePathOf } from '../../shared/api-schemas/signature.js';
import { recordActivity } from '../activity/activity.repo.js';
import { type AuditActor, auditRepo } from '../audit/audit.repo.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import { estimateVersionsRepo } from './estimate-versions.repo.js';
import { acceptedTotals, ratesOf, snapshotLines } from './estimate-views.js';
import { statusAfterAcceptance, statusAfterDecline } from './order-status.js';
import { ordersRepo } from './orders.repo.js';

/**
 * Accepting or declining an estimate in the portal. One conditional update decides, so
 * a double click or two browsers at once give exactly one answer; acceptance copies the
 * lines — each marked accepted, or declined when it is an optional line the customer did
 * not want — and the totals of what was accepted into a snapshot the yard cannot change
 * afterwards. A decline moves a waiting order to `declined`, the reason as the note.
 */
export function createEstimatesService(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const orders = ordersRepo(db);
  const events = portalEventsRepo(db);
  const versions = estimateVersionsRepo(db);
  const audit = auditRepo(db);

  async function answer(
    me: CustomerPrincipal,
    estimateId: string,
    actor: AuditActor,
    choice:
      | { accept: true; ip: string | null; declinedLineIds: string[]; signature: Signature }
      | { accept: false; reason: string | null },
  ): Promise<{ orderId: string }> {
    const now = deps.clock.now();
    const today = now.toISOString().slice(0, 10);
    return db.transaction().execute(async (trx) => {
      const estimate = await orders.findEstimate(trx, me.yardId, me.customerId, estimateId);
      if (!estimate) throw notFound('That estimate');
      // The order first, then the estimate (the answer's update): every path that locks both
      // (staff sending an estimate or an invoice, payments) takes them in this order.
      const order = await orders.lockOrder(trx, me.yardId, estimate.order_id);
      if (!order) throw notFound('That order');
      const answered = await orders.answerEstimate(trx, {
        yardId: me.yardId,
        customerId: me.customerId,
        estimateId,
        status: choice.accept ? 'accepted' : 'declined',
        at: now,
        today,
        reason: choice.accept ? null : choice.reason,
      });
      if (!answered)
        throw whyNotOpen(await orders.findEstimate(trx, me.yardId, me.customerId, estimateId), today);

      const label = `Estimate #${answered.number}${answered.version > 1 ? ` version ${answered.version}` : ''}`;
      let acceptedTotalCents = answered.total_cents;
      if (choice.accept) {
        const lines = await versions.linesOfEstimate(trx, me.yardId, estimateId);
        const declined = new Set(choice.declinedLineIds);
        for (const id of declined) {
          const line = lines.find((l) => l.id === id);
          if (!line)
            throw new AppError(
              'VALIDATION',
              'A declined line is not a line of this estimate. Reload the page.',
            );
          if (!line.optional) {
            throw new AppError(
              'LINE_NOT_OPTIONAL',
              `"${line.description}" is not optional; only optional lines can be declined.`,
            );
          }
        }
        const totals = acceptedTotals(answered, lines, ratesOf(answered), declined);
        acceptedTotalCents = totals.totalCents;
        await orders.insertAcceptance(trx, {
          yardId: me.yardId,
          estimateId,
          customerId: me.customerId,
          accountId: me.accountId,
          at: now,
          ip: choice.ip,
          revision: answered.revision,
          ...totals,
          lineItems: snapshotLines(lines, declined),
          signerName: choice.signature.name,
          signaturePath: choice.signature.path,
          userAgent: choice.signature.userAgent,
        });
        await orders.setStatus(trx, {
          yardId: me.yardId,
          orderId: order.id,
          from: order.status,
          to: statusAfterAcceptance(order.status),
          at: now,
          accountId: me.accountId,
          note: `${label} approved and signed by ${choice.signature.name}${declined.size ? ` (${declined.size} optional line${declined.size > 1 ? 's' : ''} declined)` : ''}`,
        });
      } else {
        await orders.setStatus(trx, {
          yardId: me.yardId,
          orderId: order.id,
          from: order.status,
          to: statusAfterDecline(order.status),
          at: now,
          accountId: me.accountId,
          note: choice.reason ?? `${label} declined without a reason`,
        });
      }
      await events.add(
        {
          yardId: me.yardId,
          customerId: me.customerId,
          kind: choice.accept ? 'estimate_accepted' : 'estimate_declined',
          at: now,
          detail: {
            estimateNumber: answered.number,
            orderNumber: order.number,
            totalCents: acceptedTotalCents,
            ...(choice.accept
              ? { ip: choice.ip, signedBy: choice.signature.name }
              : { reason: choice.reason ?? '' }),
          },
        },
        trx,
      );
      await recordActivity(trx, {
        yardId: me.yardId,
        customerId: me.customerId,
        orderId: order.id,
        kind: choice.accept ? 'estimate_accepted' : 'estimate_declined',
        at: now,
        detail: {
          estimateNumber: answered.number,
          totalCents: acceptedTotalCents,
          reason: choice.accept ? null : choice.reason,
        },
      });
      await audit.record(
        {
          yardId: me.yardId,
          actor,
          entity: 'estimate',
          entityId: estimateId,
          orderId: order.id,
          customerId: me.customerId,
          action: choice.accept ? 'accepted' : 'declined',
          changes: {
            status: { before: 'sent', after: choice.accept ? 'accepted' : 'declined' },
            total_cents: { before: answered.total_cents, after: acceptedTotalCents },
            ...(choice.accept
              ? {
                  signed_by: { before: null, after: choice.signature.name },
                  declined_lines: { before: null, after: choice.declinedLineIds.length },
                }
              : { reason: { before: null, after: choice.reason } }),
          },
          at: now,
        },
        trx,
      );
      return { orderId: order.id };
    });
  }

  return {
    /** The approval: the optional lines declined, and the signature that goes with it. */
    accept: (
      me: CustomerPrincipal,
      estimateId: string,
      actor: AuditActor,
      approval: { declinedLineIds: string[]; signature: Signature },
    ) => answer(me, estimateId, actor, { accept: true, ip: actor.ip ?? null, ...approval }),
    decline: (me: CustomerPrincipal, estimateId: string, reason: string | null, actor: AuditActor) =>
      answer(me, estimateId, actor, { accept: false, reason }),
  };
}

/**
 * A signature as the request schema checked it (src/shared/api-schemas/signature.ts): the tidied name,
 * and the path rewritten from its points so only the canonical grammar is stored.
 */
export interface Signature {
  name: string;
  path: string;
  userAgent: string | null;
}

/** The signature to store from a checked request: the path rebuilt from its parsed points. */
export function signatureOf(input: { name: string; path: string }, userAgent: string | undefined): Signature {
  const parsed = parseSignaturePath(input.path);
  if ('problem' in parsed) {
    throw new AppError('VALIDATION', `signature.path: ${parsed.problem}`, {
      fields: { 'signature.path': parsed.problem },
    });
  }
  return {
    name: input.name,
    path: signaturePathOf(parsed.strokes),
    userAgent: userAgent ? userAgent.slice(0, 500) : null,
  };
}

/** Why an estimate cannot be answered now, in words for the customer. */
export function blockedReason(
  e: { status: string; changed_since_sent: boolean; valid_until: string | null },
  today: string,
): string | null {
  if (e.status === 'accepted') return 'You accepted this estimate.';
  if (e.status === 'declined') return 'You declined this estimate.';
  if (e.status === 'expired') return 'This estimate has expired. Ask the yard for a new one.';
  if (e.status === 'superseded') return 'A newer version of this estimate replaced this one.';
  if (e.status !== 'sent') return 'This estimate is not open for an answer.';
  if (e.changed_since_sent) {
    return 'The yard changed this estimate after sending it. It can be accepted once they send it again.';
  }
  if (e.valid_until && String(e.valid_until).slice(0, 10) < today) {
    return 'This estimate has expired. Ask the yard for a new one.';
  }
  return null;
}

function whyNotOpen(
  e: { status: string; changed_since_sent: boolean; valid_until: string | null } | undefined,
  today: string,
): AppError {
  if (!e) return notFound('That estimate');
  const reason = blockedReason(e, today) ?? 'This estimate is not open for an answer.';
  const code =
    e.status === 'accepted' || e.status === 'declined'
      ? 'ESTIMATE_ALREADY_ANSWERED'
      : e.status === 'superseded'
        ? 'ESTIMATE_SUPERSEDED'
        : e.changed_since_sent && e.status === 'sent'
          ? 'ESTIMATE_CHANGED'
          : 'ESTIMATE_NOT_OPEN';
  return new AppError(code, reason);
}

export type EstimatesService = ReturnType<typeof createEstimatesService>;
