import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export function yardsRepo(db: Kysely<DB>) {
  return {
    findBySlug: (slug: string) =>
      db.selectFrom('yards').selectAll().where('slug', '=', slug).executeTakeFirst(),
    findById: (id: string) => db.selectFrom('yards').selectAll().where('id', '=', id).executeTakeFirst(),
    findStaffByEmail: (email: string) =>
      db
        .selectFrom('staff_users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
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
