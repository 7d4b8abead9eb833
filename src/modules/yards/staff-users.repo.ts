import { expressionBuilder, type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { StaffRole } from '../../server/permissions.js';
import { linkKind, singleUseLinks } from '../auth/single-use-links.repo.js';

const link = expressionBuilder<DB, 'staff_invites'>();

/**
 * A staff member's link to pick a password (a new yard's owner, an invited colleague):
 * live until used or replaced by a newer one (`superseded_at`).
 */
export const STAFF_LINK = linkKind({
  table: 'staff_invites',
  subject: 'staff_id',
  columns: ['superseded_at', 'created_at'],
  live: link('superseded_at', 'is', null),
  open: link('superseded_at', 'is', null),
  issuable: (now) =>
    link.and([
      link('consumed_at', 'is', null),
      link('superseded_at', 'is', null),
      link('expires_at', '>', now),
    ]),
  consumed: (now) => ({ consumed_at: now }),
  superseded: (now) => ({ superseded_at: now }),
  revoked: (now) => ({ superseded_at: now }),
});

/** Staff links, kept by the one link store. */
export const staffLinksRepo = (db: Kysely<DB>) => singleUseLinks(db, STAFF_LINK);

const STAFF_COLUMNS = [
  'id',
  'yard_id',
  'email',
  'name',
  'role',
  'invited_at',
  'deactivated_at',
  'created_at',
] as const;

/** Staff users and new yards; every query about a staff member is scoped to their yard. */
export function staffUsersRepo(db: Kysely<DB>) {
  return {
    /** The yard a staff link belongs to: the link's address names no yard (its hash is unique). */
    yardOfTokenHash: async (tokenHash: string, trx: Kysely<DB> = db) =>
      (
        await trx
          .selectFrom('staff_invites')
          .select('yard_id')
          .where('token_hash', '=', tokenHash)
          .executeTakeFirst()
      )?.yard_id,

    insertYard: (trx: Kysely<DB>, y: { slug: string; name: string }) =>
      trx.insertInto('yards').values(y).returning(['id', 'slug', 'name']).executeTakeFirstOrThrow(),

    slugTaken: async (slug: string, trx: Kysely<DB> = db) =>
      !!(await trx.selectFrom('yards').select('id').where('slug', '=', slug).executeTakeFirst()),

    /** Staff emails are unique across every yard: sign-in finds a person by email alone. */
    emailTaken: async (email: string, trx: Kysely<DB> = db) =>
      !!(await trx
        .selectFrom('staff_users')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .executeTakeFirst()),

    insertStaff: (
      trx: Kysely<DB>,
      s: { yardId: string; email: string; name: string; role: StaffRole; invitedBy: string | null; at: Date },
    ) =>
      trx
        .insertInto('staff_users')
        .values({
          yard_id: s.yardId,
          email: s.email,
          name: s.name,
          role: s.role,
          password_hash: null,
          invited_by: s.invitedBy,
          invited_at: s.at,
        })
        .returning(STAFF_COLUMNS)
        .executeTakeFirstOrThrow(),

    /** The yard's staff with whether they have picked a password and their newest link's expiry. */
    list: (yardId: string) =>
      db
        .selectFrom('staff_users as s')
        .select([
          ...STAFF_COLUMNS.map((c) => `s.${c}` as const),
          sql<boolean>`s.password_hash IS NOT NULL`.as('has_password'),
          (eb) =>
            eb
              .selectFrom('staff_invites as l')
              .select('l.expires_at')
              .whereRef('l.staff_id', '=', 's.id')
              .where('l.yard_id', '=', yardId)
              .orderBy('l.created_at', 'desc')
              .limit(1)
              .as('link_expires_at'),
          (eb) =>
            eb
              .selectFrom('sessions')
              .select((x) => x.fn.max('sessions.last_seen_at').as('m'))
              .whereRef('sessions.staff_id', '=', 's.id')
              .where('sessions.yard_id', '=', yardId)
              .as('last_seen_at'),
        ])
        .where('s.yard_id', '=', yardId)
        .orderBy('s.deactivated_at', (o) => o.desc().nullsFirst())
        .orderBy('s.name')
        .execute(),

    /** One staff member of the yard, locked for the change about to be made. */
    lockInYard: (trx: Kysely<DB>, yardId: string, staffId: string) =>
      trx
        .selectFrom('staff_users')
        .select([...STAFF_COLUMNS, sql<boolean>`password_hash IS NOT NULL`.as('has_password')])
        .where('yard_id', '=', yardId)
        .where('id', '=', staffId)
        .forUpdate()
        .executeTakeFirst(),

    /**
     * The yard's active owners (not deactivated, with a password: an invited owner cannot
     * sign in yet), their rows locked in one order: two owners demoting or deactivating each
     * other at once take turns, so one owner always remains.
     */
    lockActiveOwners: (trx: Kysely<DB>, yardId: string) =>
      trx
        .selectFrom('staff_users')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('role', '=', 'owner')
        .where('deactivated_at', 'is', null)
        .where('password_hash', 'is not', null)
        .orderBy('id')
        .forUpdate()
        .execute(),

    setRole: (trx: Kysely<DB>, yardId: string, staffId: string, role: StaffRole) =>
      trx
        .updateTable('staff_users')
        .set({ role })
        .where('yard_id', '=', yardId)
        .where('id', '=', staffId)
        .execute(),

    setDeactivated: (trx: Kysely<DB>, yardId: string, staffId: string, at: Date | null) =>
      trx
        .updateTable('staff_users')
        .set({ deactivated_at: at })
        .where('yard_id', '=', yardId)
        .where('id', '=', staffId)
        .execute(),

    setPassword: (trx: Kysely<DB>, yardId: string, staffId: string, passwordHash: string) =>
      trx
        .updateTable('staff_users')
        .set({ password_hash: passwordHash })
        .where('yard_id', '=', yardId)
        .where('id', '=', staffId)
        .where('deactivated_at', 'is', null)
        .returning('id')
        .executeTakeFirst(),

    /** Ends every session of the staff member: their next request is signed out. */
    endSessions: (trx: Kysely<DB>, yardId: string, staffId: string) =>
      trx
        .deleteFrom('sessions')
        .where('kind', '=', 'staff')
        .where('yard_id', '=', yardId)
        .where('staff_id', '=', staffId)
        .execute(),

    /** The staff member and yard a link belongs to, for its page. */
    personOfLink: (yardId: string, staffId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('staff_users')
        .innerJoin('yards', 'yards.id', 'staff_users.yard_id')
        .select([
          'staff_users.id',
          'staff_users.email',
          'staff_users.name',
          'staff_users.role',
          'staff_users.deactivated_at',
          'yards.id as yard_id',
          'yards.slug as yard_slug',
          'yards.name as yard_name',
        ])
        .where('staff_users.yard_id', '=', yardId)
        .where('staff_users.id', '=', staffId)
        .executeTakeFirst(),

    /** What a staff link's email is made from. */
    linkForDelivery: (linkId: string) =>
      db
        .selectFrom('staff_invites as l')
        .innerJoin('staff_users as s', 's.id', 'l.staff_id')
        .innerJoin('yards as y', 'y.id', 'l.yard_id')
        .leftJoin('staff_users as by', 'by.id', 's.invited_by')
        .select([
          'l.id',
          'l.yard_id',
          'l.expires_at',
          'l.consumed_at',
          'l.superseded_at',
          's.email',
          's.name',
          's.role',
          's.deactivated_at',
          'by.name as invited_by_name',
          'y.name as yard_name',
          'y.email as yard_email',
          'y.phone as yard_phone',
        ])
        .where('l.id', '=', linkId)
        .whereRef('s.yard_id', '=', 'l.yard_id')
        .executeTakeFirst(),
  };
}

export type StaffUsersRepo = ReturnType<typeof staffUsersRepo>;
