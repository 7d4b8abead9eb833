import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type { StaffRole } from '../../server/permissions.js';
import type * as S from '../../shared/api-schemas/staff-users.js';
import type { StaffUserView } from '../../shared/api-types.js';
import { type AuditActor, auditRepo, changedFields } from '../audit/audit.repo.js';
import { queueStaffLink } from './staff-links.js';
import { staffUsersRepo } from './staff-users.repo.js';

type Invite = z.output<typeof S.InviteStaffRequest>;
type CreateYard = z.output<typeof S.CreateYardRequest>;

const emailTaken = (email: string) =>
  new AppError(
    'STAFF_EMAIL_TAKEN',
    `${email} is already a staff member's email (here or at another yard). Use another address.`,
    { field: 'email' },
  );

/** PostgreSQL's unique violation: a concurrent request took the email or slug first. */
const isUniqueViolation = (err: unknown, index: string) =>
  (err as { code?: string }).code === '23505' &&
  String((err as { message?: string }).message).includes(index);

/**
 * New yards and the owner's staff users. Every change runs in one transaction with its
 * audit row and, when it sends a link, the email job.
 */
export function createStaffUsers(deps: Pick<AppDeps, 'database' | 'clock' | 'boss'>) {
  const { db } = deps.database;
  const repo = staffUsersRepo(db);
  const audit = auditRepo(db);

  /** A yard, its owner (no password yet) and the owner's link; `slipway yard create` and the operator route. */
  async function createYard(input: CreateYard, actor: AuditActor) {
    const now = deps.clock.now();
    const email = input.ownerEmail.toLowerCase();
    const name = input.ownerName?.trim() || email.split('@')[0];
    try {
      return await db.transaction().execute(async (trx) => {
        if (await repo.slugTaken(input.slug, trx)) throw slugTaken(input.slug);
        if (await repo.emailTaken(email, trx)) throw emailTaken(email);
        const yard = await repo.insertYard(trx, { slug: input.slug, name: input.name });
        const owner = await repo.insertStaff(trx, {
          yardId: yard.id,
          email,
          name,
          role: 'owner',
          invitedBy: null,
          at: now,
        });
        const link = await queueStaffLink(deps, trx, { yardId: yard.id, staffId: owner.id, now });
        await audit.record(
          {
            yardId: yard.id,
            actor,
            entity: 'staff',
            entityId: owner.id,
            action: 'created',
            changes: changedFields({}, { email, name, role: 'owner' }),
            at: now,
          },
          trx,
        );
        return { yard, owner, link };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'yards_slug')) throw slugTaken(input.slug);
      if (isUniqueViolation(err, 'staff_users_email')) throw emailTaken(email);
      throw err;
    }
  }

  async function list(yardId: string, me: string): Promise<StaffUserView[]> {
    return (await repo.list(yardId)).map((s) => ({
      id: s.id,
      name: s.name,
      email: s.email,
      role: s.role,
      status: s.deactivated_at ? 'deactivated' : s.has_password ? 'active' : 'invited',
      invitedAt: s.invited_at?.toISOString() ?? null,
      linkExpiresAt: !s.has_password && s.link_expires_at ? new Date(s.link_expires_at).toISOString() : null,
      lastSeenAt: s.last_seen_at ? new Date(s.last_seen_at).toISOString() : null,
      isYou: s.id === me,
    }));
  }

  async function invite(yardId: string, actor: AuditActor & { staffId: string }, input: Invite) {
    const now = deps.clock.now();
    const email = input.email.toLowerCase();
    try {
      return await db.transaction().execute(async (trx) => {
        if (await repo.emailTaken(email, trx)) throw emailTaken(email);
        const staff = await repo.insertStaff(trx, {
          yardId,
          email,
          name: input.name,
          role: input.role,
          invitedBy: actor.staffId,
          at: now,
        });
        await queueStaffLink(deps, trx, { yardId, staffId: staff.id, now });
        await audit.record(
          {
            yardId,
            actor,
            entity: 'staff',
            entityId: staff.id,
            action: 'invited',
            changes: changedFields({}, { email, name: input.name, role: input.role }),
            at: now,
          },
          trx,
        );
        return staff.id;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'staff_users_email')) throw emailTaken(email);
      throw err;
    }
  }

  /** Runs a change on one staff member of the yard, locked; another yard's id is a 404. */
  function change<T>(
    yardId: string,
    staffId: string,
    fn: (
      trx: Kysely<DB>,
      s: NonNullable<Awaited<ReturnType<typeof repo.lockInYard>>>,
      now: Date,
      activeOwners: number,
    ) => Promise<T>,
  ) {
    return db.transaction().execute(async (trx) => {
      // Owners first, then the member: every change takes the locks in the same order.
      const owners = await repo.lockActiveOwners(trx, yardId);
      const s = await repo.lockInYard(trx, yardId, staffId);
      if (!s) throw notFound('That staff member');
      return fn(trx, s, deps.clock.now(), owners.length);
    });
  }

  const isLastActiveOwner = (
    s: { role: string; deactivated_at: Date | null; has_password: boolean },
    activeOwners: number,
  ) => s.role === 'owner' && !s.deactivated_at && s.has_password && activeOwners <= 1;

  const lastOwner = (what: string) =>
    new AppError(
      'LAST_OWNER',
      `${what}: the yard needs at least one active owner. Make someone else an owner first.`,
    );

  async function changeRole(yardId: string, actor: AuditActor, staffId: string, role: StaffRole) {
    await change(yardId, staffId, async (trx, s, now, owners) => {
      if (s.role === role) return;
      if (isLastActiveOwner(s, owners))
        throw lastOwner('This is the last active owner and cannot be given another role');
      await repo.setRole(trx, yardId, staffId, role);
      await audit.record(
        {
          yardId,
          actor,
          entity: 'staff',
          entityId: staffId,
          action: 'role_changed',
          changes: changedFields({ role: s.role }, { role }),
          at: now,
        },
        trx,
      );
    });
  }

  async function deactivate(yardId: string, actor: AuditActor & { staffId: string }, staffId: string) {
    if (staffId === actor.staffId) {
      throw new AppError('NOT_YOURSELF', 'You cannot deactivate yourself. Another owner can.');
    }
    await change(yardId, staffId, async (trx, s, now, owners) => {
      if (s.deactivated_at) return;
      if (isLastActiveOwner(s, owners))
        throw lastOwner('This is the last active owner and cannot be deactivated');
      await repo.setDeactivated(trx, yardId, staffId, now);
      // Signed out at once: their next request finds no session.
      await repo.endSessions(trx, yardId, staffId);
      await audit.record(
        {
          yardId,
          actor,
          entity: 'staff',
          entityId: staffId,
          action: 'deactivated',
          changes: changedFields<{ deactivated_at: Date | null }>(
            { deactivated_at: null },
            { deactivated_at: now },
          ),
          at: now,
        },
        trx,
      );
    });
  }

  async function reactivate(yardId: string, actor: AuditActor, staffId: string) {
    await change(yardId, staffId, async (trx, s, now) => {
      if (!s.deactivated_at) return;
      await repo.setDeactivated(trx, yardId, staffId, null);
      await audit.record(
        {
          yardId,
          actor,
          entity: 'staff',
          entityId: staffId,
          action: 'reactivated',
          changes: changedFields<{ deactivated_at: Date | null }>(
            { deactivated_at: s.deactivated_at },
            { deactivated_at: null },
          ),
          at: now,
        },
        trx,
      );
    });
  }

  async function resendInvite(yardId: string, actor: AuditActor, staffId: string) {
    await change(yardId, staffId, async (trx, s, now) => {
      if (s.has_password || s.deactivated_at) {
        throw new AppError(
          'NOT_INVITED',
          s.deactivated_at
            ? 'This staff member is deactivated. Reactivate them first.'
            : 'This staff member has already picked a password; they sign in with it.',
        );
      }
      await queueStaffLink(deps, trx, { yardId, staffId, now });
      await audit.record(
        { yardId, actor, entity: 'staff', entityId: staffId, action: 'invite_resent', at: now },
        trx,
      );
    });
  }

  return { createYard, list, invite, changeRole, deactivate, reactivate, resendInvite };
}

export type StaffUsers = ReturnType<typeof createStaffUsers>;

const slugTaken = (slug: string) =>
  new AppError('YARD_SLUG_TAKEN', `Another yard already uses the address "${slug}". Choose another slug.`, {
    field: 'slug',
  });
