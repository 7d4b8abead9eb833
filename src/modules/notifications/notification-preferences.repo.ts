import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { NotificationPreferences } from '../../shared/api-types.js';
import {
  NOTIFICATION_COLUMNS,
  type NotificationColumn,
  type NotificationKind,
  type NotificationRow,
  preferencesView,
} from './notification-preferences.js';

const valuesOf = (prefs: NotificationPreferences, now: Date) => ({
  job_updates: prefs.jobUpdates,
  messages: prefs.messages,
  estimates: prefs.estimates,
  invoices: prefs.invoices,
  reminders: prefs.reminders,
  updated_at: now,
});

/**
 * A yard's sign-ins beside the choices that count for each: those of its own record, or
 * those kept on the sign-in when it has none (shared access only, 0031).
 */
const signInChoices = (trx: Kysely<DB>, yardId: string) =>
  trx
    .selectFrom('portal_accounts as pa')
    .leftJoin('notification_preferences as np', (j) =>
      j.onRef('np.customer_id', '=', 'pa.customer_id').onRef('np.yard_id', '=', 'pa.yard_id'),
    )
    .leftJoin('account_notification_preferences as ap', (j) =>
      j.onRef('ap.account_id', '=', 'pa.id').onRef('ap.yard_id', '=', 'pa.yard_id'),
    )
    .where('pa.yard_id', '=', yardId);

/** One choice of a row of signInChoices; null when no row of choices applies (every kind on). */
const choiceOf = (c: NotificationColumn) =>
  sql<
    boolean | null
  >`CASE WHEN pa.customer_id IS NOT NULL THEN ${sql.ref(`np.${c}`)} ELSE ${sql.ref(`ap.${c}`)} END`;

/** A customer's email choices (0020), and those of a sign-in with no record (0031); no row reads as every kind on. */
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
     * Those of these sign-ins (people the owner shared access with) who get mail of this kind,
     * in one statement: each by their choice on their own record, or, for a sign-in with no
     * record of its own, on the sign-in (0031).
     */
    async granteesWanting(
      yardId: string,
      accountIds: string[],
      kind: NotificationKind,
    ): Promise<Set<string>> {
      if (accountIds.length === 0) return new Set();
      const rows = await signInChoices(db, yardId)
        .select(['pa.id', choiceOf(NOTIFICATION_COLUMNS[kind]).as('wanted')])
        .where('pa.id', 'in', accountIds)
        .execute();
      // No row of choices: every kind on.
      return new Set(rows.filter((r) => r.wanted !== false).map((r) => r.id));
    },

    /**
     * A sign-in's own choices: those of its own record, or those kept on the sign-in when it
     * has none (shared access only). One statement either way.
     */
    async ofSignIn(
      yardId: string,
      accountId: string,
      trx: Kysely<DB> = db,
    ): Promise<NotificationPreferences> {
      const row = await signInChoices(trx, yardId)
        .select(columns.map((c) => choiceOf(c).as(c)))
        .where('pa.id', '=', accountId)
        .executeTakeFirst();
      // A column is null when there is no row: every kind on.
      return preferencesView(row && columns.some((c) => row[c] !== null) ? (row as NotificationRow) : null);
    },

    /**
     * Locks the sign-in's row (two changes of its choices at once take turns, so both land)
     * and says its own record, if it has one (NULL: shared access only).
     */
    async lockSignIn(trx: Kysely<DB>, yardId: string, accountId: string): Promise<string | null> {
      const row = await trx
        .selectFrom('portal_accounts')
        .select('customer_id')
        .where('yard_id', '=', yardId)
        .where('id', '=', accountId)
        .forUpdate()
        .executeTakeFirst();
      return row?.customer_id ?? null;
    },

    /**
     * A sign-in with no record of its own is linked to one (an invite accepted with its
     * password): the choices it kept become the record's, unless the record has its own.
     */
    async adoptSignInChoices(trx: Kysely<DB>, yardId: string, accountId: string, customerId: string) {
      await trx
        .insertInto('notification_preferences')
        .columns(['customer_id', 'yard_id', ...columns, 'updated_at'])
        .expression((eb) =>
          eb
            .selectFrom('account_notification_preferences')
            .select((s) => [s.val(customerId).as('customer_id'), 'yard_id', ...columns, 'updated_at'])
            .where('yard_id', '=', yardId)
            .where('account_id', '=', accountId),
        )
        .onConflict((oc) => oc.column('customer_id').doNothing())
        .execute();
      await trx
        .deleteFrom('account_notification_preferences')
        .where('yard_id', '=', yardId)
        .where('account_id', '=', accountId)
        .execute();
    },

    /** Writes the whole set of a sign-in with no record of its own (the caller merged the change). */
    async saveForSignIn(
      trx: Kysely<DB>,
      yardId: string,
      accountId: string,
      prefs: NotificationPreferences,
      now: Date,
    ) {
      const values = valuesOf(prefs, now);
      await trx
        .insertInto('account_notification_preferences')
        .values({ account_id: accountId, yard_id: yardId, ...values })
        .onConflict((oc) =>
          oc
            .column('account_id')
            .doUpdateSet(values)
            .where('account_notification_preferences.yard_id', '=', yardId),
        )
        .execute();
    },

    /** Writes the whole set (the caller merged the change into what was there). */
    async save(
      trx: Kysely<DB>,
      yardId: string,
      customerId: string,
      prefs: NotificationPreferences,
      now: Date,
    ) {
      const values = valuesOf(prefs, now);
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
