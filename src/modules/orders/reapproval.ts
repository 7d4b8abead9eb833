import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../server/errors.js';
import type { AwaitingReapproval } from '../../shared/api-types.js';
import type { EstimateApprovalRepo } from './estimate-approval.repo.js';

/** The order's changed estimate waiting for the customer, as the order pages show it. */
export function awaitingView(
  pending: Awaited<ReturnType<EstimateApprovalRepo['pendingReapproval']>>,
): AwaitingReapproval {
  return pending
    ? {
        estimateId: pending.id,
        number: pending.number,
        version: pending.version,
        status: pending.status as 'sent' | 'declined' | 'expired',
      }
    : null;
}

/** What is being refused while a changed estimate waits for the customer, in words. */
export type BlockedAction = 'paid' | 'invoiced' | 'worked on';

/**
 * A changed estimate cannot be paid or worked on until the customer approves and signs it
 * again (docs/estimate-approval.md). Called inside the transaction that has locked the order,
 * so an approval and a payment or status move of the same order queue up behind each other.
 */
export async function refuseWhileReapprovalPending(
  repo: Pick<EstimateApprovalRepo, 'pendingReapproval'>,
  trx: Kysely<DB>,
  yardId: string,
  orderId: string,
  action: BlockedAction,
): Promise<void> {
  const pending = await repo.pendingReapproval(yardId, orderId, trx);
  if (!pending) return;
  const what = `Estimate #${pending.number} version ${pending.version}`;
  const state =
    pending.status === 'declined'
      ? 'was declined by the customer'
      : pending.status === 'expired'
        ? 'expired before the customer approved it'
        : "is waiting for the customer's re-approval";
  throw new AppError(
    'REAPPROVAL_PENDING',
    `This order cannot be ${action} yet: the yard changed the approved estimate, and ${what} ${state}. It can be ${action} once the customer approves and signs the newest version${pending.status === 'sent' ? '' : ' (revise and send it again)'}.`,
    { estimateId: pending.id, number: pending.number, version: pending.version },
  );
}
