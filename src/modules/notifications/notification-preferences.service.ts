import type { Kysely } from 'kysely';
import type { DB, Yard } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import type { NotificationPreferences } from '../../shared/api-types.js';
import type { AuditActor } from '../audit/audit.repo.js';
import { auditRepo, changedFields } from '../audit/audit.repo.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import { customersRepo } from '../customers/customers.repo.js';
import { notificationPreferencesRepo } from './notification-preferences.repo.js';

type Change = Partial<NotificationPreferences>;

/** The customer choosing which emails they get, from their account page. */
export function createNotificationPreferences(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const prefs = notificationPreferencesRepo(db);

  /**
   * Merges the change into what is kept and writes it with its audit row, in `trx`, under
   * the lock the caller took: a record's choices, or those of a sign-in with none (0031).
   */
  async function apply(
    trx: Kysely<DB>,
    yard: Yard,
    whose: { customerId: string } | { accountId: string },
    change: Change,
    actor: AuditActor,
  ) {
    const before =
      'customerId' in whose
        ? await prefs.get(yard.id, whose.customerId, trx)
        : await prefs.ofSignIn(yard.id, whose.accountId, trx);
    const after = { ...before, ...change };
    const changes = changedFields(before, change);
    if (Object.keys(changes).length === 0) return after;
    const now = deps.clock.now();
    if ('customerId' in whose) await prefs.save(trx, yard.id, whose.customerId, after, now);
    else await prefs.saveForSignIn(trx, yard.id, whose.accountId, after, now);
    await auditRepo(db).record(
      {
        yardId: yard.id,
        actor,
        // A sign-in's own choices are about the account, as its passkeys are (0028).
        ...('customerId' in whose
          ? { entity: 'customer' as const, entityId: whose.customerId, customerId: whose.customerId }
          : { entity: 'account' as const, entityId: whose.accountId, customerId: null }),
        action: 'notifications changed',
        changes,
        at: now,
      },
      trx,
    );
    return after;
  }

  const service = {
    /**
     * Turns the named kinds on or off and keeps the rest. The customer's row is locked, so
     * two changes at once (two tabs) both land; the change is audited in the same transaction.
     */
    update: (yard: Yard, customerId: string, change: Change, actor: AuditActor) =>
      db.transaction().execute(async (trx) => {
        await customersRepo(db).lockById(trx, yard.id, customerId);
        return apply(trx, yard, { customerId }, change, actor);
      }),

    /**
     * "Email me about" on the account page of whoever is signed in: the record's choices for
     * its owner; for someone acting under a grant, their own — on their own record if they
     * have one (the mail workers read them there), else on their sign-in. Which of the two
     * is read under the sign-in's lock, so a sign-in linked to a record meanwhile (an invite
     * accepted in another tab) is not written where it is no longer read.
     */
    async updateMine(
      yard: Yard,
      me: Pick<CustomerPrincipal, 'accountId' | 'customerId' | 'role'>,
      change: Change,
      actor: AuditActor,
    ) {
      if (me.role === 'owner') return service.update(yard, me.customerId, change, actor);
      return db.transaction().execute(async (trx) => {
        const own = await prefs.lockSignIn(trx, yard.id, me.accountId);
        if (!own) return apply(trx, yard, { accountId: me.accountId }, change, actor);
        await customersRepo(db).lockById(trx, yard.id, own);
        return apply(trx, yard, { customerId: own }, change, actor);
      });
    },
  };
  return service;
}

export type NotificationPreferencesService = ReturnType<typeof createNotificationPreferences>;
