import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { appSettingsRepo } from './app-settings.repo.js';

/**
 * The cookie-signing secret: SESSION_SECRET when set (several web processes must share
 * it), otherwise one generated on first start and kept in the database, so every
 * process on that database agrees and restarts keep sessions valid.
 */
export async function cookieSecret(db: Kysely<DB>, configured?: string): Promise<string> {
  if (configured) return configured;
  // Every process generates one; the first stored is the one all of them use.
  return appSettingsRepo(db).getOrInsert('cookie_secret', randomBytes(32).toString('base64url'));
}

/**
 * The secret reply addresses of message notifications are signed with (docs/messages.md):
 * REPLY_ADDRESS_SECRET when set, otherwise one generated on first use and kept in the
 * database, so web and worker processes on that database sign and check alike.
 */
export async function replyAddressSecret(db: Kysely<DB>, configured?: string): Promise<string> {
  if (configured) return configured;
  return appSettingsRepo(db).getOrInsert('reply_address_secret', randomBytes(32).toString('base64url'));
}
