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
  'currency',
  'length_unit',
  'phone_country',
] as const;

export type YardSettingsRow = Awaited<ReturnType<ReturnType<typeof yardSettingsRepo>['find']>>;
export type YardSettingsChange = Pick<Updateable<DB['yards']>, (typeof SETTINGS)[number]>;

/** The yard's own settings: read, and changed in one statement scoped to the yard. */
export function yardSettingsRepo(db: Kysely<DB>) {
  return {
    find: (yardId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('yards')
        .select([...SETTINGS, 'slug', 'logo_updated_at'])
        .where('id', '=', yardId)
        .executeTakeFirst(),
    /** The settings as they are, locked until the caller's transaction ends. */
    lock: (trx: Kysely<DB>, yardId: string) =>
      trx.selectFrom('yards').select(SETTINGS).where('id', '=', yardId).forUpdate().executeTakeFirst(),
    update: (trx: Kysely<DB>, yardId: string, change: YardSettingsChange) =>
      trx.updateTable('yards').set(change).where('id', '=', yardId).execute(),
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
