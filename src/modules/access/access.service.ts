import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { Yard } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type {
  AccessGrantView,
  AccessInviteLookupResponse,
  GrantRole,
  InviteAccessRequest,
} from '../../shared/api-types.js';
import type { AccountMailJob } from '../accounts/account-mail.js';
import { hashPassword, verifyPassword } from '../accounts/password-hash.js';
import {
  assertPasswordAcceptable,
  PASSWORD_HINT,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from '../accounts/password-policy.js';
import type { AuditActor } from '../audit/audit.repo.js';
import { auditRepo } from '../audit/audit.repo.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import { hashToken, TOKEN_PATTERN } from '../auth/tokens.js';
import { yardSummary } from '../yards/yard-summary.js';
import { accessGrantsRepo, accessInviteLinksRepo } from './access-grants.repo.js';
import { ROLE_LABELS, requirePortalAbility } from './portal-ability.js';

/** How long an invitation link works unless the yard set its own invite expiry. */
export const ACCESS_INVITE_DAYS = 7;

const linkProblem = {
  unknown: () =>
    new AppError(
      'INVITE_UNKNOWN',
      'We do not recognise this invitation link. Check that the whole link was copied.',
    ),
  used: () =>
    new AppError(
      'INVITE_USED',
      'This invitation was already accepted. Sign in with your email and password.',
    ),
  expired: () =>
    new AppError(
      'INVITE_EXPIRED',
      'This invitation has expired. Ask the person who invited you to send it again.',
    ),
  superseded: () =>
    new AppError(
      'INVITE_SUPERSEDED',
      'This invitation was replaced by a newer one. Use the link in the most recent email.',
    ),
  revoked: () => new AppError('ACCESS_INVITE_REVOKED'),
};

type GrantRow = Awaited<ReturnType<ReturnType<typeof accessGrantsRepo>['listByOwner']>>[number];

function grantView(g: GrantRow, now: Date): AccessGrantView {
  const expired = !g.accepted_at && !g.revoked_at && (!g.link_expires_at || g.link_expires_at <= now);
  return {
    id: g.id,
    name: g.name,
    email: g.email,
    role: g.role,
    boatId: g.boat_id,
    boatName: g.boat_name,
    status: g.revoked_at ? 'revoked' : g.accepted_at ? 'active' : expired ? 'expired' : 'invited',
    invitedAt: g.invited_at.toISOString(),
    acceptedAt: g.accepted_at?.toISOString() ?? null,
    revokedAt: g.revoked_at?.toISOString() ?? null,
    linkExpiresAt: g.accepted_at || g.revoked_at ? null : (g.link_expires_at?.toISOString() ?? null),
  };
}

/** Shared access (docs/shared-access.md): inviting, accepting, listing and revoking grants. */
export function createAccess(deps: Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss }) {
  const { db } = deps.database;
  const grants = accessGrantsRepo(db);
  const links = accessInviteLinksRepo(db);
  const audit = auditRepo(db);

  async function list(yardId: string, ownerId: string) {
    const now = deps.clock.now();
    return { grants: (await grants.listByOwner(yardId, ownerId)).map((g) => grantView(g, now)) };
  }

  /**
   * The owner lets someone in: a new grant and its link, or — for an address already let in —
   * the grant's role and boat changed, and a fresh link replacing the older one if it was
   * not accepted yet. The link's mail job commits with it (the account-email queue).
   */
  async function invite(yard: Yard, me: CustomerPrincipal, input: InviteAccessRequest, actor: AuditActor) {
    requirePortalAbility(me, 'manage');
    const email = input.email.trim();
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + (yard.invite_expiry_days ?? ACCESS_INVITE_DAYS) * DAY);
    const sent = await db.transaction().execute(async (trx) => {
      const owner = await grants.lockOwner(trx, yard.id, me.customerId);
      if (!owner) throw notFound('Your account');
      const boat = input.boatId ? await grants.boatOf(yard.id, me.customerId, input.boatId, trx) : null;
      if (input.boatId && !boat) throw notFound('That boat');
      const own = await grants.accountByLogin(yard.id, email, trx);
      if (own?.id === me.accountId) {
        throw new AppError('VALIDATION', 'That is your own address: invite someone else.', {
          fields: { email: 'That is your own address' },
        });
      }
      const values = { name: input.name, role: input.role, boatId: input.boatId };
      const existing = await grants.liveByEmail(trx, yard.id, me.customerId, email);
      let grantId: string;
      if (existing) {
        grantId = existing.id;
        await grants.update(trx, yard.id, grantId, values);
        if (existing.accepted_at) {
          await record(trx, 'access_changed', grantId, email, input.role, input.boatId);
          return { grantId, linkSent: false };
        }
        await links.supersede(trx, yard.id, grantId, now);
      } else {
        grantId = (
          await grants.insert(trx, {
            yardId: yard.id,
            ownerId: me.customerId,
            email,
            ...values,
            by: me.accountId,
            now,
          })
        ).id;
      }
      const link = await links.create(trx, {
        yard_id: yard.id,
        grant_id: grantId,
        email,
        created_at: now,
        expires_at: expiresAt,
      });
      const job: AccountMailJob = { kind: 'access_invite', linkId: link.id };
      await deps.boss.send(QUEUES.accountEmail, withRequestId(job), { db: executorFor(trx) });
      await record(trx, 'access_invited', grantId, email, input.role, input.boatId);
      return { grantId, linkSent: true };
    });

    async function record(
      trx: typeof db,
      action: string,
      grantId: string,
      to: string,
      role: GrantRole,
      boatId: string | null,
    ) {
      await audit.record(
        {
          yardId: yard.id,
          actor,
          entity: 'customer',
          entityId: me.customerId,
          customerId: me.customerId,
          action,
          changes: { access: { before: null, after: { grantId, email: to, role, boatId } } },
          at: now,
        },
        trx,
      );
    }

    const grant = (await list(yard.id, me.customerId)).grants.find((g) => g.id === sent.grantId)!;
    return {
      message: sent.linkSent
        ? `An invitation is on its way to ${email}: ${ROLE_LABELS[input.role].toLowerCase()}, ${grant.boatName ?? 'all boats'}. The link works for ${Math.round((expiresAt.getTime() - now.getTime()) / DAY)} days.`
        : `${input.name}'s access was changed: ${ROLE_LABELS[input.role].toLowerCase()}, ${grant.boatName ?? 'all boats'}.`,
      grant,
    };
  }

  /**
   * Revoking, by the owner or the yard's staff: the grant ends, its links stop working and the
   * grantee's sessions acting for the record end, in one transaction; every request after it
   * is refused (the principal is read with the live grant).
   */
  async function revoke(yardId: string, ownerId: string, grantId: string, actor: AuditActor) {
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      if (!(await grants.lockOwner(trx, yardId, ownerId))) throw notFound('That customer');
      const found = await grants.byId(yardId, ownerId, grantId, trx);
      if (!found) throw notFound('That person’s access');
      const ended = await grants.revoke(
        trx,
        yardId,
        grantId,
        { accountId: actor.accountId, staffId: actor.staffId },
        now,
      );
      if (!ended) return; // already revoked: nothing more to do
      await links.revoke(trx, yardId, grantId, now);
      if (ended.account_id) await grants.endSessionsFor(trx, yardId, ended.account_id, ownerId);
      await audit.record(
        {
          yardId,
          actor,
          entity: 'customer',
          entityId: ownerId,
          customerId: ownerId,
          action: 'access_revoked',
          changes: { access: { before: { grantId, email: ended.email }, after: null } },
          at: now,
        },
        trx,
      );
    });
    return list(yardId, ownerId);
  }

  /** Reads a link without using it (mail scanners open links). */
  async function resolve(yard: Yard, token: string, trx = db) {
    if (!TOKEN_PATTERN.test(token)) throw linkProblem.unknown();
    const link = await links.findByTokenHash(yard.id, hashToken(token), trx);
    const grant = link && (await grants.forLink(yard.id, link.grant_id, trx));
    if (!link || !grant) throw linkProblem.unknown();
    if (link.consumed_at) throw linkProblem.used();
    if (link.revoked_at || grant.revoked_at) throw linkProblem.revoked();
    if (link.superseded_at) throw linkProblem.superseded();
    if (link.expires_at <= deps.clock.now()) throw linkProblem.expired();
    return { link, grant };
  }

  async function lookup(yard: Yard, token: string): Promise<AccessInviteLookupResponse> {
    const { link, grant } = await resolve(yard, token);
    const account = await grants.accountByLogin(yard.id, link.email);
    return {
      yard: yardSummary(yard),
      ownerName: grant.owner_name,
      name: grant.name,
      email: link.email,
      role: grant.role,
      boatName: grant.boat_name,
      expiresAt: link.expires_at.toISOString(),
      hasAccount: !!account,
      passwordRules: { minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, hint: PASSWORD_HINT },
    };
  }

  /**
   * Accepting: with a new password (a new sign-in without a record of its own), or with the
   * password of the sign-in the address already has at this yard. The link's single use, the
   * account and the grant's acceptance commit together; of concurrent attempts one wins.
   */
  async function accept(yard: Yard, input: { token: string; password: string; confirmPassword?: string }) {
    const { link, grant } = await resolve(yard, input.token);
    const existing = await grants.accountByLogin(yard.id, link.email);
    let passwordHash: string | null = null;
    if (existing) {
      if (!(await verifyPassword(existing.password_hash, input.password))) {
        throw new AppError(
          'BAD_CREDENTIALS',
          `That is not the password of ${link.email}. Use the password you sign in to ${yard.name} with, or reset it from the sign-in page.`,
        );
      }
      if (existing.customer_id === grant.owner_customer_id) throw linkProblem.unknown();
    } else {
      assertPasswordAcceptable(input.password, input.confirmPassword ?? '', {
        email: link.email,
        personNames: grant.name.split(/\s+/),
        yardNames: [yard.name, yard.slug],
      });
      passwordHash = await hashPassword(input.password);
    }
    const now = deps.clock.now();
    return db.transaction().execute(async (trx) => {
      const consumed = await links.consume(trx, yard.id, link.id, now);
      if (!consumed) {
        await resolve(yard, input.token, trx);
        throw linkProblem.used();
      }
      let accountId = existing?.id;
      if (!accountId) {
        const created = await grants.createAccount(trx, {
          yardId: yard.id,
          email: link.email,
          name: grant.name,
          passwordHash: passwordHash!,
          now,
        });
        if (!created) {
          throw new AppError(
            'ACCOUNT_EXISTS',
            'A portal account already uses this email address at this yard. Open the link again and sign in with its password.',
          );
        }
        accountId = created.id;
      }
      const accepted = await grants.accept(trx, yard.id, grant.id, accountId, now);
      if (!accepted) throw linkProblem.revoked();
      await audit.record(
        {
          yardId: yard.id,
          actor: { kind: 'customer', accountId },
          entity: 'customer',
          entityId: grant.owner_customer_id,
          customerId: grant.owner_customer_id,
          action: 'access_accepted',
          changes: { access: { before: null, after: { grantId: grant.id, email: link.email } } },
          at: now,
        },
        trx,
      );
      return { accountId, ownerCustomerId: grant.owner_customer_id };
    });
  }

  /** The yard's staff: who has access to a customer's records (404 for another yard's). */
  async function staffList(yardId: string, customerId: string) {
    if (!(await grants.ownerExists(yardId, customerId))) throw notFound('That customer');
    return list(yardId, customerId);
  }

  return { list, staffList, invite, revoke, lookup, accept };
}

export type AccessService = ReturnType<typeof createAccess>;
