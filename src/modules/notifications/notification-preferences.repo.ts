import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { NotificationPreferences } from '../../shared/api-types.js';
import {
  NOTIFICATION_COLUMNS,
  type NotificationKind,
  type NotificationRow,
  preferencesView,
} from './notification-preferences.js';

/** A customer's email choices (0020); no row reads as every kind on. */
export function notificationPreferencesRepo(db: Kysely<DB>) {
  const columns = Object.values(NOTIFICATION_COLUMNS);
  return {
    async get(yardId: string, customerId: string, trx: Kysely<DB> = db): Promise<NotificationPreferences> {
      const row = await trx
        .selectFrom('notification_preferences')
        .select(columns)
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      return preferencesView(row as NotificationRow | undefined);
    },

    /** Whether this customer gets mail of this kind (the mail workers ask as they send). */
    async wants(yardId: string, customerId: string, kind: NotificationKind): Promise<boolean> {
      return (await this.get(yardId, customerId))[kind];
    },

    /**
     * Whether someone the owner shared access with gets mail of this kind: their choice on
     * their own record; a sign-in with no record of its own has no choices yet and gets all.
     */
    async granteeWants(
      yardId: string,
      ownCustomerId: string | null,
      kind: NotificationKind,
    ): Promise<boolean> {
      return ownCustomerId ? this.wants(yardId, ownCustomerId, kind) : true;
    },

    /** Writes the whole set (the caller merged the change into what was there). */
    async save(
      trx: Kysely<DB>,
      yardId: string,
      customerId: string,
      prefs: NotificationPreferences,
      now: Date,
    ) {
      const values = {
        job_updates: prefs.jobUpdates,
        messages: prefs.messages,
        estimates: prefs.estimates,
        invoices: prefs.invoices,
        reminders: prefs.reminders,
        updated_at: now,
      };
      await trx
        .insertInto('notification_preferences')
        .values({ customer_id: customerId, yard_id: yardId, ...values })
        .onConflict((oc) =>
          oc.column('customer_id').doUpdateSet(values).where('notification_preferences.yard_id', '=', yardId),
        )
        .execute();
    },
  };
}
