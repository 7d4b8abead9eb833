import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { Yard } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type { AccessGrantView, GrantRole, InviteAccessRequest } from '../../shared/api-types.js';
import type { AccountMailJob } from '../accounts/account-mail.js';
import type { AuditActor } from '../audit/audit.repo.js';
import { auditRepo } from '../audit/audit.repo.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import { createAccessAccept } from './access-accept.js';
import { accessGrantsRepo } from './access-grants.repo.js';
import { accessInviteLinksRepo } from './access-invites.repo.js';
import { ROLE_LABELS, requirePortalAbility } from './portal-ability.js';

/** How long an invitation link works unless the yard set its own invite expiry. */
export const ACCESS_INVITE_DAYS = 7;

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
      // The address, or the sign-in it belongs to now (its login email may have changed since
      // it accepted): one live grant per owner and sign-in, so that grant is changed instead.
      const existing =
        (await grants.liveByEmail(trx, yard.id, me.customerId, email)) ??
        (own ? await grants.liveByAccount(trx, yard.id, me.customerId, own.id) : undefined);
      let grantId: string;
      if (existing) {
        grantId = existing.id;
        // Found through the sign-in, it now answers to the address the owner used.
        await grants.update(trx, yard.id, grantId, { ...values, email });
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
      if (ended.account_id) {
        // An older live grant to the same sign-in (older data) must not take over: all end.
        await grants.revokeOthersOfAccount(trx, {
          yardId,
          ownerId,
          accountId: ended.account_id,
          keepId: grantId,
          now,
        });
        await grants.endSessionsFor(trx, yardId, ended.account_id, ownerId);
      }
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

  /** The yard's staff: who has access to a customer's records (404 for another yard's). */
  async function staffList(yardId: string, customerId: string) {
    if (!(await grants.ownerExists(yardId, customerId))) throw notFound('That customer');
    return list(yardId, customerId);
  }

  return { list, staffList, invite, revoke, ...createAccessAccept(deps) };
}

export type AccessService = ReturnType<typeof createAccess>;
