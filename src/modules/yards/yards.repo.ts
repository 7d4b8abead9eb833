import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export function yardsRepo(db: Kysely<DB>) {
  return {
    findBySlug: (slug: string) =>
      db.selectFrom('yards').selectAll().where('slug', '=', slug).executeTakeFirst(),
    findById: (id: string) => db.selectFrom('yards').selectAll().where('id', '=', id).executeTakeFirst(),
    /** Who can sign in with this email: active, with a password picked. */
    findStaffByEmail: (email: string) =>
      db
        .selectFrom('staff_users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .where('deactivated_at', 'is', null)
        .where('password_hash', 'is not', null)
        .$narrowType<{ password_hash: string }>()
        .executeTakeFirst(),
    findStaff: (yardId: string, staffId: string) =>
      db
        .selectFrom('staff_users')
        .select(['id', 'name', 'email', 'role', 'yard_id'])
        .where('yard_id', '=', yardId)
        .where('id', '=', staffId)
        .executeTakeFirst(),
  };
}

export type YardsRepo = ReturnType<typeof yardsRepo>;
