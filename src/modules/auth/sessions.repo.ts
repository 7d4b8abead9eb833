import { type Kysely, type RawBuilder, sql } from 'kysely';
import { runCompiled } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import type { StaffRole } from '../../server/permissions.js';
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

/**
 * A page read once, for the session's row: `OFFSET 0` keeps PostgreSQL from folding the page
 * into the outer query, where it may build the page of every customer of the yard and keep
 * the session's (measured on the demo yard: 16 pages built, 8.6 ms instead of 0.5).
 */
const pageOnce = (page: RawBuilder<unknown>) => sql`SELECT * FROM (${page}) page OFFSET 0`;

/** A staff session of an active staff member of the session's yard, with their role. */
function liveStaffSession(db: Kysely<DB>, idHash: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('staff_users', 'staff_users.id', 'sessions.staff_id')
    .select(['sessions.staff_id', 'sessions.yard_id', 'sessions.last_seen_at', 'staff_users.role'])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.kind', '=', 'staff')
    .whereRef('staff_users.yard_id', '=', 'sessions.yard_id')
    .where('staff_users.deactivated_at', 'is', null)
    .where(live(now));
}

/**
 * What a page reads beside a session (findLiveCustomerWith, findLiveStaffWith): `build`
 * makes its SELECT from the session's columns and `args`, and must give the same SQL for
 * the same `key` whatever the arguments' values (the statement is compiled once per key).
 */
export interface PageQuery<Refs, P, A extends unknown[]> {
  key: string;
  args: A;
  build: (refs: Refs, ...args: A) => RawBuilder<P>;
}
/** A portal page: the record the session acts for, its account, and the yard (a parameter). */
export type CustomerPage<P, A extends unknown[] = unknown[]> = PageQuery<
  { recordId: RawBuilder<string>; accountId: RawBuilder<string>; yardId: string },
  P,
  A
>;
/** A staff page: the session's yard, staff member and role. */
export type StaffPage<P, A extends unknown[] = unknown[]> = PageQuery<
  { yardId: RawBuilder<string>; staffId: RawBuilder<string>; role: RawBuilder<string> },
  P,
  A
>;

/** A live staff session's row (findLiveStaff). */
export interface LiveStaffRow {
  staff_id: string | null;
  yard_id: string;
  last_seen_at: Date;
  role: StaffRole;
}

/**
 * A customer session of this yard whose account is of this yard too, with the record it
 * acts for and, when that is not the account's own, the live grant that lets it
 * (docs/shared-access.md). `page_for` is the record the session may act for (as
 * `principalOf` in sessions.ts decides), null when none; the caller refuses then.
 */
function liveCustomerSession(db: Kysely<DB>, idHash: string, yardId: string, now: Date) {
  return db
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
      sql<string | null>`CASE
        WHEN sessions.acting_customer_id IS NULL
          OR sessions.acting_customer_id = portal_accounts.customer_id THEN portal_accounts.customer_id
        WHEN g.id IS NOT NULL THEN sessions.acting_customer_id END`.as('page_for'),
    ])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.kind', '=', 'customer')
    .where('sessions.yard_id', '=', yardId)
    .where('portal_accounts.yard_id', '=', yardId)
    .where('portal_accounts.disabled_at', 'is', null)
    .where(live(now));
}

/** A live customer session's row (findLiveCustomer). */
export interface LiveCustomerRow {
  account_id: string | null;
  customer_id: string | null;
  acting_customer_id: string | null;
  yard_id: string;
  last_seen_at: Date;
  grant_id: string | null;
  grant_role: string | null;
  grant_boat_id: string | null;
  owner_name: string | null;
  page_for: string | null;
}

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
      // Every staff request asks: compiled once, a prepared statement (src/db/prepared.ts).
      const [row] = await runCompiled(
        db,
        'staff-session',
        (h: string, n: Date) => liveStaffSession(db, h, n),
        idHash,
        now,
      );
      return row;
    },

    /**
     * `findLiveStaff` and, in the same statement, what `page` reads in the session's yard
     * (given the session's yard, staff member and role), as findLiveCustomerWith does.
     */
    async findLiveStaffWith<P, A extends unknown[]>(idHash: string, now: Date, page: StaffPage<P, A>) {
      const refs = {
        yardId: sql.ref<string>('s.yard_id'),
        staffId: sql.ref<string>('s.staff_id'),
        role: sql.ref<string>('s.role'),
      };
      const [row] = await runCompiled(
        db,
        `staff-session+${page.key}`,
        (h: string, n: Date, ...args: unknown[]) =>
          sql<LiveStaffRow & Partial<P>>`SELECT p.*, s.* FROM (${liveStaffSession(db, h, n)}) s
            LEFT JOIN LATERAL (${pageOnce(page.build(refs, ...(args as A)))}) p ON true`,
        idHash,
        now,
        ...page.args,
      );
      return row;
    },

    /** A live customer session of this yard (liveCustomerSession); no grant for a record it acts for: the caller refuses. */
    async findLiveCustomer(idHash: string, yardId: string, now: Date) {
      const [row] = await runCompiled(
        db,
        'customer-session',
        (h: string, y: string, n: Date) => liveCustomerSession(db, h, y, n),
        idHash,
        yardId,
        now,
      );
      return row;
    },

    /**
     * `findLiveCustomer` and, in the same statement, what `page` reads for the record the
     * session acts for (`page_for`): one round trip for the portal's busiest pages
     * (docs/operations.md, "Measured throughput"). `page` is a SELECT of at most one row,
     * given that record's id; its columns come beside the session's (the session's win a
     * clash: `yard_id` is the same in both). No session: undefined; a record the session may
     * not act for: `page_for` null and the page's columns null.
     */
    async findLiveCustomerWith<P, A extends unknown[]>(
      idHash: string,
      yardId: string,
      now: Date,
      page: CustomerPage<P, A>,
    ) {
      const [row] = await runCompiled(
        db,
        `customer-session+${page.key}`,
        (h: string, y: string, n: Date, ...args: unknown[]) => {
          const refs = {
            recordId: sql.ref<string>('s.page_for'),
            accountId: sql.ref<string>('s.account_id'),
            yardId: y,
          };
          return sql<
            LiveCustomerRow & Partial<P>
          >`SELECT p.*, s.* FROM (${liveCustomerSession(db, h, y, n)}) s
            LEFT JOIN LATERAL (${pageOnce(page.build(refs, ...(args as A)))}) p ON true`;
        },
        idHash,
        yardId,
        now,
        ...page.args,
      );
      return row;
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
