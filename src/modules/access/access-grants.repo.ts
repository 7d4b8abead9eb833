import { type Kysely, type RawBuilder, sql } from 'kysely';
import { runPrepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import type { GrantRole } from './portal-ability.js';

export const personName = sql<string>`trim(c.first_name || ' ' || c.last_name)`;

/**
 * True for the grant `g` that counts among its account's live grants from its owner
 * (docs/shared-access.md): the one accepted last, then invited last, then the larger id.
 * Accepting a second grant revokes the first, so two live ones are left only by older data;
 * every read of grants by account (principal, records, mail) goes through this.
 */
export const chosenGrant = sql<boolean>`g.id = (
  SELECT x.id FROM access_grants x
  WHERE x.yard_id = g.yard_id AND x.owner_customer_id = g.owner_customer_id
    AND x.account_id = g.account_id AND x.revoked_at IS NULL
  ORDER BY x.accepted_at DESC NULLS LAST, x.invited_at DESC, x.id DESC LIMIT 1)`;

/** The records an account reaches, as columns of a statement (recordsOf, the portal's `/me`). */
export interface ReachedRecordsRow {
  access_own_customer_id: string | null;
  access_own_name: string | null;
  access_granted: {
    id: string;
    owner_customer_id: string;
    role: GrantRole;
    boat_id: string | null;
    boat_name: string | null;
    name: string;
  }[];
}

/**
 * The account's own record and name, and its live accepted grants whose owner is not
 * archived (ordered by the owner's name), as the columns of ReachedRecordsRow.
 */
export const recordsOfColumns = (yardId: string, accountId: RawBuilder<string>) => sql`
  (SELECT a.customer_id FROM portal_accounts a
    WHERE a.yard_id = ${yardId} AND a.id = ${accountId}) AS access_own_customer_id,
  (SELECT coalesce(trim(c.first_name || ' ' || c.last_name), a.display_name, a.login_email)
    FROM portal_accounts a LEFT JOIN customers c ON c.id = a.customer_id
    WHERE a.yard_id = ${yardId} AND a.id = ${accountId}) AS access_own_name,
  coalesce((SELECT json_agg(json_build_object('id', g.id, 'owner_customer_id', g.owner_customer_id,
      'role', g.role, 'boat_id', g.boat_id, 'boat_name', b.name, 'name', ${personName})
      ORDER BY c.last_name, c.first_name)
    FROM access_grants g JOIN customers c ON c.id = g.owner_customer_id
    LEFT JOIN boats b ON b.id = g.boat_id
    WHERE g.yard_id = ${yardId} AND g.account_id = ${accountId}
      AND g.revoked_at IS NULL AND ${chosenGrant} AND c.archived_at IS NULL), '[]') AS access_granted`;

/** recordsOf's answer from those columns. */
export const reachedRecords = (row: ReachedRecordsRow | undefined) => ({
  own: row && { customer_id: row.access_own_customer_id, name: row.access_own_name ?? '' },
  granted: row?.access_granted ?? [],
});

/** Grants of shared access (docs/shared-access.md); every query is yard-scoped. */
export function accessGrantsRepo(db: Kysely<DB>) {
  const grantColumns = [
    'g.id',
    'g.yard_id',
    'g.owner_customer_id',
    'g.email',
    'g.name',
    'g.role',
    'g.boat_id',
    'g.account_id',
    'g.invited_at',
    'g.accepted_at',
    'g.revoked_at',
  ] as const;

  return {
    /** The owner's customer row, locked: invites and revokes of one owner take turns. */
    lockOwner: (trx: Kysely<DB>, yardId: string, customerId: string) =>
      trx
        .selectFrom('customers')
        .select(['id', 'first_name', 'last_name'])
        .where('yard_id', '=', yardId)
        .where('id', '=', customerId)
        .forUpdate()
        .executeTakeFirst(),

    ownerExists: async (yardId: string, customerId: string) =>
      !!(await db
        .selectFrom('customers')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('id', '=', customerId)
        .executeTakeFirst()),

    boatOf: (yardId: string, customerId: string, boatId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('boats')
        .select(['id', 'name'])
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('id', '=', boatId)
        .executeTakeFirst(),

    liveByEmail: (trx: Kysely<DB>, yardId: string, ownerId: string, email: string) =>
      trx
        .selectFrom('access_grants as g')
        .select(grantColumns)
        .where('g.yard_id', '=', yardId)
        .where('g.owner_customer_id', '=', ownerId)
        .where((eb) => eb(eb.fn('lower', ['g.email']), '=', email.toLowerCase()))
        .where('g.revoked_at', 'is', null)
        .executeTakeFirst(),

    /** The account's live accepted grant from this owner (the one that counts), if any. */
    liveByAccount: (trx: Kysely<DB>, yardId: string, ownerId: string, accountId: string) =>
      trx
        .selectFrom('access_grants as g')
        .select(grantColumns)
        .where('g.yard_id', '=', yardId)
        .where('g.owner_customer_id', '=', ownerId)
        .where('g.account_id', '=', accountId)
        .where('g.revoked_at', 'is', null)
        .where(chosenGrant)
        .executeTakeFirst(),

    /**
     * Accepting a grant ends the account's other live grants from the same owner: one sign-in
     * holds one grant per owner. Returns the ended ones.
     */
    revokeOthersOfAccount: (
      trx: Kysely<DB>,
      v: { yardId: string; ownerId: string; accountId: string; keepId: string; now: Date },
    ) =>
      trx
        .updateTable('access_grants')
        .set({ revoked_at: v.now })
        .where('yard_id', '=', v.yardId)
        .where('owner_customer_id', '=', v.ownerId)
        .where('account_id', '=', v.accountId)
        .where('id', '!=', v.keepId)
        .where('revoked_at', 'is', null)
        .returning(['id', 'email', 'role', 'boat_id'])
        .execute(),

    insert: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        ownerId: string;
        email: string;
        name: string;
        role: GrantRole;
        boatId: string | null;
        by: string | null;
        now: Date;
      },
    ) =>
      trx
        .insertInto('access_grants')
        .values({
          yard_id: v.yardId,
          owner_customer_id: v.ownerId,
          email: v.email,
          name: v.name,
          role: v.role,
          boat_id: v.boatId,
          invited_at: v.now,
          invited_by_account_id: v.by,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),

    update: (
      trx: Kysely<DB>,
      yardId: string,
      id: string,
      v: { name: string; role: GrantRole; boatId: string | null; email: string },
    ) =>
      trx
        .updateTable('access_grants')
        .set({ name: v.name, role: v.role, boat_id: v.boatId, email: v.email })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .execute(),

    /** Every grant of the owner, newest first, with the boat's and the grantee account's names. */
    listByOwner: (yardId: string, ownerId: string) =>
      db
        .selectFrom('access_grants as g')
        .leftJoin('boats as b', 'b.id', 'g.boat_id')
        .select([...grantColumns, 'b.name as boat_name'])
        .select((eb) =>
          eb
            .selectFrom('access_invites as l')
            .select('l.expires_at')
            .whereRef('l.grant_id', '=', 'g.id')
            .orderBy('l.created_at', 'desc')
            .limit(1)
            .as('link_expires_at'),
        )
        .where('g.yard_id', '=', yardId)
        .where('g.owner_customer_id', '=', ownerId)
        .orderBy('g.revoked_at', (ob) => ob.desc().nullsFirst())
        .orderBy('g.invited_at', 'desc')
        .execute(),

    byId: (yardId: string, ownerId: string, id: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('access_grants as g')
        .select(grantColumns)
        .where('g.yard_id', '=', yardId)
        .where('g.owner_customer_id', '=', ownerId)
        .where('g.id', '=', id)
        .executeTakeFirst(),

    /** The grant a link belongs to, with the owner's and the boat's names (for the accept page). */
    forLink: (yardId: string, grantId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('access_grants as g')
        .innerJoin('customers as c', 'c.id', 'g.owner_customer_id')
        .leftJoin('boats as b', 'b.id', 'g.boat_id')
        .select([...grantColumns, 'b.name as boat_name', personName.as('owner_name')])
        .where('g.yard_id', '=', yardId)
        .where('g.id', '=', grantId)
        .executeTakeFirst(),

    revoke: (
      trx: Kysely<DB>,
      yardId: string,
      id: string,
      by: { accountId?: string; staffId?: string },
      now: Date,
    ) =>
      trx
        .updateTable('access_grants')
        .set({
          revoked_at: now,
          revoked_by_account_id: by.accountId ?? null,
          revoked_by_staff_id: by.staffId ?? null,
        })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning(['id', 'account_id', 'owner_customer_id', 'email', 'name'])
        .executeTakeFirst(),

    /** The grant becomes the account's: only a live grant not accepted yet. */
    accept: (trx: Kysely<DB>, yardId: string, id: string, accountId: string, now: Date) =>
      trx
        .updateTable('access_grants')
        .set({ account_id: accountId, accepted_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .where('accepted_at', 'is', null)
        .returning(['id', 'owner_customer_id'])
        .executeTakeFirst(),

    /**
     * The records this account reaches at the yard: its own (if any) and those of the live
     * grants it accepted, with names, roles and boats; own record first. One statement.
     */
    recordsOf: async (yardId: string, accountId: string) => {
      const [row] = await runPrepared(
        db,
        sql<ReachedRecordsRow>`SELECT ${recordsOfColumns(yardId, sql`${accountId}`)}`,
      );
      return reachedRecords(row);
    },

    /** An account of this yard by login email (one sign-in per address and yard). */
    accountByLogin: (yardId: string, email: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('portal_accounts')
        .select(['id', 'customer_id', 'password_hash', 'login_email', 'disabled_at'])
        .where('yard_id', '=', yardId)
        .where((eb) => eb(eb.fn('lower', ['login_email']), '=', email.toLowerCase()))
        .where('disabled_at', 'is', null)
        .executeTakeFirst(),

    /** A sign-in for a grantee with no record of their own; undefined if the address is taken. */
    createAccount: (
      trx: Kysely<DB>,
      v: { yardId: string; email: string; name: string; passwordHash: string; now: Date },
    ) =>
      trx
        .insertInto('portal_accounts')
        .values({
          yard_id: v.yardId,
          customer_id: null,
          login_email: v.email,
          display_name: v.name,
          password_hash: v.passwordHash,
          activated_at: v.now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst(),

    /** The grantee's sessions acting for the owner's record end with the grant. */
    endSessionsFor: (trx: Kysely<DB>, yardId: string, accountId: string, ownerId: string) =>
      trx
        .deleteFrom('sessions')
        .where('yard_id', '=', yardId)
        .where('kind', '=', 'customer')
        .where('account_id', '=', accountId)
        .where('acting_customer_id', '=', ownerId)
        .execute(),
  };
}

export type AccessGrantsRepo = ReturnType<typeof accessGrantsRepo>;
