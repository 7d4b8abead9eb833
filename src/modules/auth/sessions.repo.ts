import { type Kysely, sql } from 'kysely';
import { runPreparedFirst } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import { chosenGrant } from '../access/access-grants.repo.js';

export type SessionKind = 'staff' | 'customer';

export interface NewSession {
  idHash: string;
  kind: SessionKind;
  yardId: string;
  staffId?: string;
  accountId?: string;
  /** The record a portal session acts for, when not the account's own. */
  actingCustomerId?: string | null;
  createdAt: Date;
  expiresAt: Date;
  idleSeconds: number;
}

/** Still within its absolute lifetime and used recently enough. */
/** A session still in use at `now`: within its lifetime and its idle limit (also what the purge ends). */
export const live = (now: Date) => sql<boolean>`sessions.expires_at > ${now}
  AND sessions.last_seen_at + sessions.idle_seconds * interval '1 second' > ${now}`;

/** A grant's owner record is not archived (archiving closes the portal: docs/customers.md). */
const ownerNotArchived = sql<boolean>`NOT EXISTS (
  SELECT 1 FROM customers x WHERE x.id = g.owner_customer_id AND x.archived_at IS NOT NULL)`;

export function sessionsRepo(db: Kysely<DB>) {
  return {
    async insert(s: NewSession, trx: Kysely<DB> = db) {
      await trx
        .insertInto('sessions')
        .values({
          id_hash: s.idHash,
          kind: s.kind,
          yard_id: s.yardId,
          staff_id: s.staffId ?? null,
          account_id: s.accountId ?? null,
          acting_customer_id: s.actingCustomerId ?? null,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          last_seen_at: s.createdAt,
          idle_seconds: s.idleSeconds,
        })
        .execute();
    },

    /** A staff session of an active staff member of the session's yard, with their role. */
    async findLiveStaff(idHash: string, now: Date) {
      // Every staff request asks: a prepared statement (src/db/prepared.ts).
      return runPreparedFirst(
        db,
        db
          .selectFrom('sessions')
          .innerJoin('staff_users', 'staff_users.id', 'sessions.staff_id')
          .select(['sessions.staff_id', 'sessions.yard_id', 'sessions.last_seen_at', 'staff_users.role'])
          .where('sessions.id_hash', '=', idHash)
          .where('sessions.kind', '=', 'staff')
          .whereRef('staff_users.yard_id', '=', 'sessions.yard_id')
          .where('staff_users.deactivated_at', 'is', null)
          .where(live(now)),
      );
    },

    /**
     * A customer session of this yard whose account is of this yard too, with the record it
     * acts for and, when that is not the account's own, the live grant that lets it
     * (docs/shared-access.md). No grant for a record it acts for: the caller refuses.
     */
    async findLiveCustomer(idHash: string, yardId: string, now: Date) {
      return runPreparedFirst(
        db,
        db
          .selectFrom('sessions')
          .innerJoin('portal_accounts', 'portal_accounts.id', 'sessions.account_id')
          .leftJoin('access_grants as g', (j) =>
            j
              .onRef('g.account_id', '=', 'sessions.account_id')
              .onRef('g.owner_customer_id', '=', 'sessions.acting_customer_id')
              .onRef('g.yard_id', '=', 'sessions.yard_id')
              .on('g.revoked_at', 'is', null)
              // Two live grants from one owner (older data): the same one every time.
              .on(chosenGrant)
              // An archived owner's record is closed to those it was shared with too.
              .on(ownerNotArchived),
          )
          .leftJoin('customers as owner', 'owner.id', 'g.owner_customer_id')
          .select([
            'sessions.account_id',
            'portal_accounts.customer_id',
            'sessions.acting_customer_id',
            'sessions.yard_id',
            'sessions.last_seen_at',
            'g.id as grant_id',
            'g.role as grant_role',
            'g.boat_id as grant_boat_id',
            sql<string | null>`trim(owner.first_name || ' ' || owner.last_name)`.as('owner_name'),
          ])
          .where('sessions.id_hash', '=', idHash)
          .where('sessions.kind', '=', 'customer')
          .where('sessions.yard_id', '=', yardId)
          .where('portal_accounts.yard_id', '=', yardId)
          .where('portal_accounts.disabled_at', 'is', null)
          .where(live(now)),
      );
    },

    /** An account's own record and, for `ownerId`, its live grant (a principal without a session). */
    async accountWithGrant(yardId: string, accountId: string, ownerId: string | null) {
      return db
        .selectFrom('portal_accounts')
        .leftJoin('access_grants as g', (j) =>
          j
            .onRef('g.account_id', '=', 'portal_accounts.id')
            .on('g.owner_customer_id', '=', ownerId)
            .onRef('g.yard_id', '=', 'portal_accounts.yard_id')
            .on('g.revoked_at', 'is', null)
            .on(chosenGrant)
            .on(ownerNotArchived),
        )
        .leftJoin('customers as owner', 'owner.id', 'g.owner_customer_id')
        .select([
          'portal_accounts.id as account_id',
          'portal_accounts.customer_id',
          'portal_accounts.yard_id',
          'g.id as grant_id',
          'g.role as grant_role',
          'g.boat_id as grant_boat_id',
          sql<string | null>`trim(owner.first_name || ' ' || owner.last_name)`.as('owner_name'),
        ])
        .where('portal_accounts.yard_id', '=', yardId)
        .where('portal_accounts.id', '=', accountId)
        .where('portal_accounts.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    /** The record the session acts for from now on (NULL: the account's own). */
    async setActing(idHash: string, customerId: string | null) {
      await db
        .updateTable('sessions')
        .set({ acting_customer_id: customerId })
        .where('id_hash', '=', idHash)
        .execute();
    },

    /** Records use; conditional, so of concurrent requests one writes and the rest do nothing. */
    async touch(idHash: string, now: Date, staleBefore: Date) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('id_hash', '=', idHash)
        .where('last_seen_at', '<', staleBefore)
        .execute();
    },

    async delete(idHash: string, trx: Kysely<DB> = db) {
      await trx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
  };
}
