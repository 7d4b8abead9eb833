import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { unauthenticated } from '../../server/errors.js';
import { type SessionKind, sessionsRepo } from './sessions.repo.js';
import { hashToken, newToken } from './tokens.js';

export const SESSION_COOKIES: Record<SessionKind, string> = {
  staff: 'slipway_staff',
  customer: 'slipway_portal',
};
const SESSION_TTL_MS = 14 * DAY;
const staffOfRequest = new WeakMap<FastifyRequest, StaffPrincipal>();

export interface StaffPrincipal {
  staffId: string;
  yardId: string;
}

export interface CustomerPrincipal {
  accountId: string;
  customerId: string;
  yardId: string;
}

/** Server-side sessions: the cookie holds a random token, the database its SHA-256. */
export function createSessions(deps: Pick<AppDeps, 'database' | 'clock' | 'config'>) {
  const { db } = deps.database;
  const repo = sessionsRepo(db);

  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.secureCookies,
    maxAge: SESSION_TTL_MS / 1000,
  };

  return {
    /**
     * Signs in: any session the browser already had of this kind is ended and a new one
     * issued (rotation defeats session fixation). Pass `trx` to make it part of a larger write.
     */
    async start(
      req: FastifyRequest,
      reply: FastifyReply,
      kind: SessionKind,
      ids: { yardId: string; staffId?: string; accountId?: string },
      trx: Kysely<DB> = db,
    ) {
      const old = req.cookies[SESSION_COOKIES[kind]];
      if (old) await repo.delete(hashToken(old), trx);
      const token = newToken();
      const now = deps.clock.now();
      await repo.insert(
        {
          idHash: hashToken(token),
          kind,
          ...ids,
          createdAt: now,
          expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
        },
        trx,
      );
      reply.setCookie(SESSION_COOKIES[kind], token, cookieOptions);
    },

    async end(req: FastifyRequest, reply: FastifyReply, kind: SessionKind) {
      const token = req.cookies[SESSION_COOKIES[kind]];
      if (token) await repo.delete(hashToken(token));
      reply.clearCookie(SESSION_COOKIES[kind], { path: '/' });
    },

    /** The signed-in staff member; read once per request (an onRequest hook asks first). */
    async staff(req: FastifyRequest): Promise<StaffPrincipal> {
      const known = staffOfRequest.get(req);
      if (known) return known;
      const token = req.cookies[SESSION_COOKIES.staff];
      if (!token) throw unauthenticated();
      const s = await repo.findLive(hashToken(token), 'staff', deps.clock.now());
      if (!s?.staff_id) throw unauthenticated();
      const principal = { staffId: s.staff_id, yardId: s.yard_id };
      staffOfRequest.set(req, principal);
      return principal;
    },

    /** The signed-in customer of this yard; a session of another yard's portal does not count. */
    async customer(req: FastifyRequest, yardId: string): Promise<CustomerPrincipal> {
      const token = req.cookies[SESSION_COOKIES.customer];
      if (!token) throw unauthenticated();
      const row = await db
        .selectFrom('sessions')
        .innerJoin('portal_accounts', 'portal_accounts.id', 'sessions.account_id')
        .select(['sessions.account_id', 'portal_accounts.customer_id', 'sessions.yard_id'])
        .where('sessions.id_hash', '=', hashToken(token))
        .where('sessions.kind', '=', 'customer')
        .where('sessions.yard_id', '=', yardId)
        .where('portal_accounts.yard_id', '=', yardId)
        .where('sessions.expires_at', '>', deps.clock.now())
        .executeTakeFirst();
      if (!row?.account_id) throw unauthenticated();
      return { accountId: row.account_id, customerId: row.customer_id, yardId: row.yard_id };
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
