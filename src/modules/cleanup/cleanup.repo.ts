import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { live } from '../auth/sessions.repo.js';

/**
 * The scheduled purges' deletes. Each removes at most `limit` rows and skips rows another
 * worker's purge holds (FOR UPDATE SKIP LOCKED), so several workers can run one at once.
 * Each returns how many rows it removed.
 */
export function cleanupRepo(db: Kysely<DB>) {
  const removed = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  return {
    /** Sessions past their absolute lifetime or unused for longer than their idle limit. */
    purgeExpiredSessions: async (now: Date, limit: number) =>
      removed(
        await db
          .deleteFrom('sessions')
          .where('id_hash', 'in', (eb) =>
            eb
              .selectFrom('sessions')
              .select('sessions.id_hash')
              .where(sql<boolean>`NOT (${live(now)})`)
              .limit(limit)
              .forUpdate()
              .skipLocked(),
          )
          .executeTakeFirstOrThrow(),
      ),

    /** Passkey challenges no answer used before they expired (docs/passkeys.md). */
    purgeExpiredPasskeyChallenges: async (now: Date, limit: number) =>
      removed(
        await db
          .deleteFrom('passkey_challenges')
          .where('challenge_hash', 'in', (eb) =>
            eb
              .selectFrom('passkey_challenges as c')
              .select('c.challenge_hash')
              .where('c.expires_at', '<=', now)
              .limit(limit)
              .forUpdate()
              .skipLocked(),
          )
          .executeTakeFirstOrThrow(),
      ),

    /** Rate-limit counters whose window started before `before` (their window has long ended). */
    purgeRateLimits: async (before: Date, limit: number) =>
      removed(
        await db
          .deleteFrom('rate_limits')
          .where('key', 'in', (eb) =>
            eb
              .selectFrom('rate_limits as r')
              .select('r.key')
              .where('r.window_start', '<', before)
              .limit(limit)
              .forUpdate()
              .skipLocked(),
          )
          .executeTakeFirstOrThrow(),
      ),

    /** The built-in mail catcher's messages received before `before`. */
    purgeMailbox: async (before: Date, limit: number) =>
      removed(
        await db
          .deleteFrom('mailbox_messages')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('mailbox_messages as m')
              .select('m.id')
              .where('m.received_at', '<', before)
              .limit(limit)
              .forUpdate()
              .skipLocked(),
          )
          .executeTakeFirstOrThrow(),
      ),
  };
}
