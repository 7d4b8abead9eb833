import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Queueing a chunk of a batch, set-based: the same rows and timeline events a single
 * invite writes when it is queued (invites.repo.ts, portal-events.repo.ts), for a chunk of
 * customers per statement. A round trip per statement is what thousands of invites cost,
 * not the SQL. Every statement runs in the chunk's transaction, which holds the customers'
 * locks. Sending them is invite-delivery.repo.ts, as for a single invite.
 */
export function batchQueueRepo() {
  return {
    /** The chunk's customers, locked in id order (the order every writer locks them in). */
    lockCustomers: (trx: Kysely<DB>, yardId: string, ids: string[]) =>
      trx
        .selectFrom('customers')
        .select(['id', 'email', 'archived_at'])
        .where('yard_id', '=', yardId)
        .where('id', 'in', ids)
        .orderBy('id')
        .forUpdate()
        .execute(),

    supersedeSent: (trx: Kysely<DB>, yardId: string, customerIds: string[]) =>
      trx
        .updateTable('invites')
        .set({ status: 'superseded' })
        .where('yard_id', '=', yardId)
        .where('customer_id', 'in', customerIds)
        .where('status', '=', 'sent')
        .execute(),

    insertQueued: (
      trx: Kysely<DB>,
      yardId: string,
      rows: { customerId: string; email: string }[],
      by: { staffId: string | null; now: Date },
    ) =>
      trx
        .insertInto('invites')
        .values(
          rows.map((r) => ({
            yard_id: yardId,
            customer_id: r.customerId,
            email: r.email,
            status: 'queued' as const,
            invited_by: by.staffId,
            created_at: by.now,
          })),
        )
        .returning(['id', 'customer_id', 'email'])
        .execute(),

    queuedEvents: (
      trx: Kysely<DB>,
      yardId: string,
      invites: { id: string; customer_id: string; email: string }[],
      by: { staffId: string | null; now: Date },
    ) =>
      trx
        .insertInto('portal_events')
        .values(
          invites.map((i) => ({
            yard_id: yardId,
            customer_id: i.customer_id,
            invite_id: i.id,
            kind: 'invite_queued',
            actor_staff_id: by.staffId,
            detail: JSON.stringify({ email: i.email }),
            created_at: by.now,
          })),
        )
        .execute(),
  };
}

export type BatchQueueRepo = ReturnType<typeof batchQueueRepo>;
