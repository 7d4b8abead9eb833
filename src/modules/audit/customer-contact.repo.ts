import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type AuditActor, auditRepo, changedFields } from './audit.repo.js';

/** The customer fields a contact change touches, as the audit log shows them. */
const CONTACT = [
  'first_name',
  'last_name',
  'company',
  'email',
  'phone',
  'street',
  'city',
  'state',
  'postal_code',
] as const;

/**
 * A customer's contact details before and after a change, recorded in the change's
 * transaction: read `before` once the customer is locked, make the change, then `record`.
 */
export function customerContactAudit(db: Kysely<DB>) {
  const read = (trx: Kysely<DB>, yardId: string, customerId: string) =>
    trx
      .selectFrom('customers')
      .select(CONTACT)
      .where('yard_id', '=', yardId)
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
  return {
    before: read,
    async record(
      trx: Kysely<DB>,
      e: {
        yardId: string;
        customerId: string;
        actor: AuditActor;
        before: Awaited<ReturnType<typeof read>>;
        at: Date;
        action?: string;
      },
    ) {
      const changes = changedFields(e.before, await read(trx, e.yardId, e.customerId));
      if (Object.keys(changes).length === 0) return;
      await auditRepo(db).record(
        {
          yardId: e.yardId,
          actor: e.actor,
          entity: 'customer',
          entityId: e.customerId,
          customerId: e.customerId,
          action: e.action ?? 'updated',
          changes,
          at: e.at,
        },
        trx,
      );
    },
  };
}
