import type { Yard } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import type { NotificationPreferences } from '../../shared/api-types.js';
import type { AuditActor } from '../audit/audit.repo.js';
import { auditRepo, changedFields } from '../audit/audit.repo.js';
import { customersRepo } from '../customers/customers.repo.js';
import { notificationPreferencesRepo } from './notification-preferences.repo.js';

/** The customer choosing which emails they get, from their account page. */
export function createNotificationPreferences(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const prefs = notificationPreferencesRepo(db);
  return {
    /**
     * Turns the named kinds on or off and keeps the rest. The customer's row is locked, so
     * two changes at once (two tabs) both land; the change is audited in the same transaction.
     */
    update: (yard: Yard, customerId: string, change: Partial<NotificationPreferences>, actor: AuditActor) =>
      db.transaction().execute(async (trx) => {
        await customersRepo(db).lockById(trx, yard.id, customerId);
        const before = await prefs.get(yard.id, customerId, trx);
        const after = { ...before, ...change };
        const changes = changedFields(before, change);
        if (Object.keys(changes).length === 0) return after;
        const now = deps.clock.now();
        await prefs.save(trx, yard.id, customerId, after, now);
        await auditRepo(db).record(
          {
            yardId: yard.id,
            actor,
            entity: 'customer',
            entityId: customerId,
            customerId,
            action: 'notifications changed',
            changes,
            at: now,
          },
          trx,
        );
        return after;
      }),
  };
}

export type NotificationPreferencesService = ReturnType<typeof createNotificationPreferences>;
