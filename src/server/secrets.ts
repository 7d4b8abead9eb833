import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The cookie-signing secret: SESSION_SECRET when set (several web processes must share
 * it), otherwise one generated on first start and kept in the database, so every
 * process on that database agrees and restarts keep sessions valid.
 */
export async function cookieSecret(db: Kysely<DB>, configured?: string): Promise<string> {
  if (configured) return configured;
  const fresh = randomBytes(32).toString('base64url');
  await db
    .insertInto('app_settings')
    .values({ key: 'cookie_secret', value: fresh })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', 'cookie_secret')
    .executeTakeFirstOrThrow();
  return row.value;
}
