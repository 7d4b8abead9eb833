import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Portal accounts as sign-in sees them; yard-scoped. */
export function accountsRepo(db: Kysely<DB>) {
  return {
    /** The account signing in with this login email at this yard (case-insensitive). */
    findForSignIn: (yardId: string, email: string) =>
      db
        .selectFrom('portal_accounts')
        .select(['id', 'customer_id', 'password_hash'])
        .where('yard_id', '=', yardId)
        .where((eb) => eb(eb.fn('lower', ['login_email']), '=', email.toLowerCase()))
        .executeTakeFirst(),
  };
}
