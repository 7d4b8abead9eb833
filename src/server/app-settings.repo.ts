import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** Settings of the whole installation (not of a yard), kept in the database. */
export function appSettingsRepo(db: Kysely<DB>) {
  return {
    /** The value stored under `key`, storing `value` first when there is none (first writer wins). */
    async getOrInsert(key: string, value: string): Promise<string> {
      await db
        .insertInto('app_settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await db
        .selectFrom('app_settings')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      return row.value;
    },
  };
}
