import type { Kysely, Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';

const SETTINGS = [
  'name',
  'email',
  'phone',
  'address',
  'timezone',
  'invite_expiry_days',
  'tax_labor_bp',
  'tax_parts_bp',
  'tax_fees_bp',
  'invoice_due_days',
  'invoice_terms',
  'estimate_valid_days',
] as const;

export type YardSettingsRow = Awaited<ReturnType<ReturnType<typeof yardSettingsRepo>['find']>>;
export type YardSettingsChange = Pick<Updateable<DB['yards']>, (typeof SETTINGS)[number]>;

/** The yard's own settings: read, and changed in one statement scoped to the yard. */
export function yardSettingsRepo(db: Kysely<DB>) {
  return {
    find: (yardId: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('yards').select(SETTINGS).where('id', '=', yardId).executeTakeFirst(),
    /** The settings as they are, locked until the change commits (for its audit row's "before"). */
    lock: (trx: Kysely<DB>, yardId: string) =>
      trx.selectFrom('yards').select(SETTINGS).where('id', '=', yardId).forUpdate().executeTakeFirst(),
    update: (yardId: string, change: YardSettingsChange, trx: Kysely<DB> = db) =>
      trx.updateTable('yards').set(change).where('id', '=', yardId).returning(SETTINGS).executeTakeFirst(),
    staffRole: async (yardId: string, staffId: string) =>
      (
        await db
          .selectFrom('staff_users')
          .select('role')
          .where('yard_id', '=', yardId)
          .where('id', '=', staffId)
          .executeTakeFirst()
      )?.role,
  };
}
