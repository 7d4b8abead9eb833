import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { DAY, HOUR } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { notFound, unauthenticated } from '../../server/errors.js';
import { requireRole, type StaffRole } from '../../server/permissions.js';
import type { PortalRole } from '../access/portal-ability.js';
import { portalScopeRepo, type ScopeTarget } from '../access/portal-scope.repo.js';
import { cookieNames } from './cookie-names.js';
import {
  type CustomerPage,
  type LiveCustomerRow,
  type LiveStaffRow,
  type SessionKind,
  type StaffPage,
  sessionsRepo,
} from './sessions.repo.js';
import { hashToken, newToken } from './tokens.js';

export interface SessionPolicy {
  /** The session ends when unused this long. */
  idleMs: number;
  /** … and this long after sign-in, however much it is used. */
  absoluteMs: number;
  /** A cookie with Max-Age (kept across browser restarts) rather than a browser-session one. */
  persistentCookie: boolean;
}

/** Session lifetimes (docs/security.md, "Sessions and cookies"). */
export const SESSION_POLICIES = {
  staff: { idleMs: 12 * HOUR, absoluteMs: 14 * DAY, persistentCookie: true },
  customer: { idleMs: 12 * HOUR, absoluteMs: 14 * DAY, persistentCookie: false },
  /** A customer who ticked "Keep me signed in". */
  customerKept: { idleMs: 30 * DAY, absoluteMs: 90 * DAY, persistentCookie: true },
} satisfies Record<string, SessionPolicy>;

/**
 * last_seen_at is rewritten only when older than this, so a busy session costs one write
 * every few minutes rather than one per request; the idle limit is that much less exact.
 */
export const TOUCH_AFTER_MS = 5 * 60_000;

const staffOfRequest = new WeakMap<FastifyRequest, StaffPrincipal>();

export interface StaffPrincipal {
  staffId: string;
  yardId: string;
  /** What they may do: src/server/permissions.ts, docs/yards.md. */
  role: StaffRole;
}

export interface CustomerPrincipal {
  accountId: string;
  /** The record acted for: the account's own, or an owner's who shared access with it. */
  customerId: string;
  yardId: string;
  /** `owner` for the account's own record, else the grant's role (docs/shared-access.md). */
  role: PortalRole;
  /** The one boat a grant is limited to; null = every boat of the record. */
  boatId: string | null;
  /** The grant acted under; null for the account's own record. */
  grantId: string | null;
  /** The record holder's name when acting under a grant (for "ask … to change your access"). */
  ownerName: string | null;
}

/** Server-side sessions: the cookie holds a random token, the database its SHA-256. */
export function createSessions(deps: Pick<AppDeps, 'database' | 'clock' | 'config'>) {
  const { db } = deps.database;
  const repo = sessionsRepo(db);
  const scope = portalScopeRepo(db);
  const names = cookieNames(deps.config.secureCookies);
  const cookieOf: Record<SessionKind, string> = { staff: names.staff, customer: names.customer };

  const baseCookie = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.secureCookies,
  };

  async function touchIfStale(idHash: string, lastSeen: Date, now: Date) {
    const staleBefore = new Date(now.getTime() - TOUCH_AFTER_MS);
    if (lastSeen < staleBefore) await repo.touch(idHash, now, staleBefore);
  }

  /** Clears the browser's cookie (the session row is the caller's business). */
  function forget(reply: FastifyReply, kind: SessionKind) {
    // With the same attributes as when set: browsers ignore a __Host- cookie without Secure.
    reply.clearCookie(cookieOf[kind], baseCookie);
  }

  /**
   * A new CSRF secret, so a token handed out before sign-in (possibly to someone else's
   * page) stops working; the fresh token travels in the X-CSRF-Token response header.
   */
  function rotateCsrf(req: FastifyRequest, reply: FastifyReply) {
    // generateCsrf() reuses the secret of the request's cookie; without one it makes a new one.
    delete req.cookies[names.csrf];
    reply.header('X-CSRF-Token', reply.generateCsrf());
  }

  /** The staff session of the request's cookie, read by `read` (with or without a page); 401 without one. */
  async function liveStaff<R extends LiveStaffRow>(
    req: FastifyRequest,
    read: (idHash: string, now: Date) => Promise<R | undefined>,
  ): Promise<{ staff: StaffPrincipal; row: R }> {
    const token = req.cookies[names.staff];
    if (!token) throw unauthenticated();
    const now = deps.clock.now();
    const idHash = hashToken(token);
    const row = await read(idHash, now);
    if (!row?.staff_id) throw unauthenticated();
    await touchIfStale(idHash, row.last_seen_at, now);
    const staff = { staffId: row.staff_id, yardId: row.yard_id, role: row.role };
    staffOfRequest.set(req, staff);
    return { staff, row };
  }

  /**
   * The customer session of the request's cookie, read by `read`, and the record it acts for;
   * 401 without one, or when it acts for a record with no live grant (revoked since).
   */
  async function liveCustomer<R extends LiveCustomerRow>(
    req: FastifyRequest,
    read: (idHash: string, now: Date) => Promise<R | undefined>,
  ): Promise<{ me: CustomerPrincipal; row: R }> {
    const token = req.cookies[names.customer];
    if (!token) throw unauthenticated();
    const now = deps.clock.now();
    const idHash = hashToken(token);
    const row = await read(idHash, now);
    if (!row?.account_id) throw unauthenticated();
    const me = principalOf({ ...row, account_id: row.account_id });
    // A page beside the session was read for `page_for`, which the statement chose as principalOf does.
    if (!me || me.customerId !== row.page_for) throw unauthenticated();
    await touchIfStale(idHash, row.last_seen_at, now);
    return { me, row };
  }

  return {
    /**
     * Signs in: any session the browser already had of this kind is ended and a new one
     * issued (rotation defeats session fixation), and the CSRF secret is replaced.
     * Pass `trx` to make it part of a larger write.
     */
    async start(
      req: FastifyRequest,
      reply: FastifyReply,
      kind: SessionKind,
      ids: { yardId: string; staffId?: string; accountId?: string; actingCustomerId?: string | null },
      opts: { keepSignedIn?: boolean; trx?: Kysely<DB> } = {},
    ) {
      const trx = opts.trx ?? db;
      const policy: SessionPolicy =
        kind === 'staff'
          ? SESSION_POLICIES.staff
          : opts.keepSignedIn
            ? SESSION_POLICIES.customerKept
            : SESSION_POLICIES.customer;
      const old = req.cookies[cookieOf[kind]];
      if (old) await repo.delete(hashToken(old), trx);
      const token = newToken();
      const now = deps.clock.now();
      await repo.insert(
        {
          idHash: hashToken(token),
          kind,
          ...ids,
          createdAt: now,
          expiresAt: new Date(now.getTime() + policy.absoluteMs),
          idleSeconds: policy.idleMs / 1000,
        },
        trx,
      );
      reply.setCookie(cookieOf[kind], token, {
        ...baseCookie,
        ...(policy.persistentCookie ? { maxAge: policy.absoluteMs / 1000 } : {}),
      });
      rotateCsrf(req, reply);
    },

    async end(req: FastifyRequest, reply: FastifyReply, kind: SessionKind) {
      const token = req.cookies[cookieOf[kind]];
      if (token) await repo.delete(hashToken(token));
      forget(reply, kind);
    },

    forget,

    /** The SHA-256 of this request's session token of the kind, if it has one. */
    idHash(req: FastifyRequest, kind: SessionKind): string | undefined {
      const token = req.cookies[cookieOf[kind]];
      return token ? hashToken(token) : undefined;
    },

    /** The signed-in staff member; read once per request (an onRequest hook asks first). */
    async staff(req: FastifyRequest): Promise<StaffPrincipal> {
      return staffOfRequest.get(req) ?? (await liveStaff(req, (h, now) => repo.findLiveStaff(h, now))).staff;
    },

    /**
     * For a route marked `session: 'with-page'`, before its input is checked: a request with
     * no staff session cookie at all is signed out (401), whatever its parameters say.
     */
    requireStaffCookie(req: FastifyRequest): void {
      if (!req.cookies[names.staff]) throw unauthenticated();
    },

    /**
     * `staff()` for a route marked `session: 'with-page'`, and in the same statement what
     * `page` reads in the session's yard; checks the route's role as the access hook would.
     */
    async staffWith<P, A extends unknown[]>(req: FastifyRequest, page: StaffPage<P, A>) {
      const read = await liveStaff(req, (h, now) => repo.findLiveStaffWith(h, now, page));
      requireRole(read.staff.role, req.routeOptions.config.access);
      return read;
    },

    /** The signed-in customer of this yard; a session of another yard's portal does not count. */
    async customer(req: FastifyRequest, yardId: string): Promise<CustomerPrincipal> {
      return (await liveCustomer(req, (h, now) => repo.findLiveCustomer(h, yardId, now))).me;
    },

    /**
     * `customer()`, and in the same statement what `page` reads for the record the session
     * acts for (sessionsRepo.findLiveCustomerWith): the busiest portal pages in one round trip.
     */
    async customerWith<P, A extends unknown[]>(
      req: FastifyRequest,
      yardId: string,
      page: CustomerPage<P, A>,
    ) {
      return liveCustomer(req, (h, now) => repo.findLiveCustomerWith(h, yardId, now, page));
    },

    /** The principal of an account acting for a record, without a session (just signed in). */
    async customerOfAccount(yardId: string, accountId: string, actingCustomerId: string | null) {
      const row = await repo.accountWithGrant(yardId, accountId, actingCustomerId);
      const principal = row && principalOf({ ...row, acting_customer_id: actingCustomerId });
      if (!principal) throw unauthenticated();
      return principal;
    },

    /** The record this request's session acts for from now on (the caller checked the grant). */
    async setActing(req: FastifyRequest, customerId: string | null) {
      const token = req.cookies[names.customer];
      if (!token) throw unauthenticated();
      await repo.setActing(hashToken(token), customerId);
    },

    /**
     * A grant limited to one boat reaches only that boat and what is on it: anything else is
     * 404, as if it did not exist (docs/shared-access.md). A no-op for every other principal.
     */
    async requireInScope(me: CustomerPrincipal, target: ScopeTarget) {
      if (!me.boatId) return;
      const boat = await scope.boatOf(me.yardId, me.customerId, target);
      if (boat !== me.boatId) throw notFound(whatOf(target));
    },
  };
}

/**
 * The principal of a portal account acting for a record: its own (`owner`), or one shared
 * with it under a live grant; null when it has no right to the record it acts for.
 */
function principalOf(row: {
  account_id: string;
  customer_id: string | null;
  acting_customer_id: string | null;
  yard_id: string;
  grant_id: string | null;
  grant_role: string | null;
  grant_boat_id: string | null;
  owner_name: string | null;
}): CustomerPrincipal | null {
  const acting = row.acting_customer_id ?? row.customer_id;
  if (!acting) return null;
  const base = { accountId: row.account_id, customerId: acting, yardId: row.yard_id };
  if (acting === row.customer_id)
    return { ...base, role: 'owner', boatId: null, grantId: null, ownerName: null };
  if (!row.grant_id) return null;
  return {
    ...base,
    role: row.grant_role as PortalRole,
    boatId: row.grant_boat_id,
    grantId: row.grant_id,
    ownerName: row.owner_name,
  };
}

/** A principal acting for the account's own record (tests and flows that just created it). */
export const ownPrincipal = (ids: {
  accountId: string;
  customerId: string;
  yardId: string;
}): CustomerPrincipal => ({
  ...ids,
  role: 'owner',
  boatId: null,
  grantId: null,
  ownerName: null,
});

const whatOf = (t: ScopeTarget) =>
  'orderId' in t
    ? 'That order'
    : 'estimateId' in t
      ? 'That estimate'
      : 'invoiceId' in t
        ? 'That invoice'
        : 'paymentId' in t
          ? 'That payment'
          : 'That boat';

export type Sessions = ReturnType<typeof createSessions>;
