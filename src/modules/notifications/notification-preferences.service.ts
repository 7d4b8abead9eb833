import type { Yard } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import type { NotificationPreferences } from '../../shared/api-types.js';
import type { AuditActor } from '../audit/audit.repo.js';
import { auditRepo, changedFields } from '../audit/audit.repo.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import { customersRepo } from '../customers/customers.repo.js';
import { notificationPreferencesRepo } from './notification-preferences.repo.js';

/** The customer choosing which emails they get, from their account page. */
export function createNotificationPreferences(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const prefs = notificationPreferencesRepo(db);
  /**
   * The choices of a sign-in with no record of its own (someone the owner shared access
   * with): kept on the sign-in, under its row's lock, audited as the account's (0028).
   */
  const updateSignIn = (
    yard: Yard,
    accountId: string,
    change: Partial<NotificationPreferences>,
    actor: AuditActor,
  ) =>
    db.transaction().execute(async (trx) => {
      await prefs.lockSignIn(trx, yard.id, accountId);
      const before = await prefs.ofSignIn(yard.id, accountId, trx);
      const after = { ...before, ...change };
      const changes = changedFields(before, change);
      if (Object.keys(changes).length === 0) return after;
      const now = deps.clock.now();
      await prefs.saveForSignIn(trx, yard.id, accountId, after, now);
      await auditRepo(db).record(
        {
          yardId: yard.id,
          actor,
          entity: 'account',
          entityId: accountId,
          customerId: null,
          action: 'notifications changed',
          changes,
          at: now,
        },
        trx,
      );
      return after;
    });

  const service = {
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

    /**
     * "Email me about" on the account page of whoever is signed in: the record's choices for
     * its owner; for someone acting under a grant, their own — on their own record if they
     * have one (the mail workers read them there), else on their sign-in.
     */
    async updateMine(
      yard: Yard,
      me: Pick<CustomerPrincipal, 'accountId' | 'customerId' | 'role'>,
      change: Partial<NotificationPreferences>,
      actor: AuditActor,
    ) {
      if (me.role === 'owner') return service.update(yard, me.customerId, change, actor);
      const own = await prefs.ownRecordOf(yard.id, me.accountId);
      return own ? service.update(yard, own, change, actor) : updateSignIn(yard, me.accountId, change, actor);
    },
  };
  return service;
}

export type NotificationPreferencesService = ReturnType<typeof createNotificationPreferences>;
