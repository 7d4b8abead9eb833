import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { DB } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError } from '../../server/errors.js';
import { runJob, withRequestId } from '../../server/logger.js';
import type { StaffRole } from '../../server/permissions.js';
import type { StaffLinkLookup } from '../../shared/api-types.js';
import { hashPassword } from '../accounts/password-hash.js';
import {
  assertPasswordAcceptable,
  PASSWORD_HINT,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from '../accounts/password-policy.js';
import { auditRepo, changedFields } from '../audit/audit.repo.js';
import { hashToken, newToken, TOKEN_PATTERN } from '../auth/tokens.js';
import { MailSendError } from '../mail/mailer.js';
import { renderStaffLinkEmail } from './staff-email.js';
import { staffLinksRepo, staffUsersRepo } from './staff-users.repo.js';

/** A staff link works for a week: a new owner or colleague may not read their mail at once. */
export const STAFF_LINK_VALID_MS = 7 * DAY;

export interface StaffMailJob {
  linkId: string;
}

/**
 * A new link for the staff member, written with the change that asks for it: older links
 * of theirs stop working, and the email job joins the same transaction (the outbox). The
 * token is made when the email is sent, so it never sits in the queue.
 */
export async function queueStaffLink(
  deps: Pick<AppDeps, 'database' | 'boss'>,
  trx: Kysely<DB>,
  link: { yardId: string; staffId: string; now: Date },
) {
  const links = staffLinksRepo(deps.database.db);
  await links.supersede(trx, link.yardId, link.staffId, link.now);
  const expiresAt = new Date(link.now.getTime() + STAFF_LINK_VALID_MS);
  const { id } = await links.create(trx, {
    yard_id: link.yardId,
    staff_id: link.staffId,
    created_at: link.now,
    expires_at: expiresAt,
  });
  const job: StaffMailJob = { linkId: id };
  const jobId = await deps.boss.send(QUEUES.staffEmail, withRequestId(job), { db: executorFor(trx) });
  return { linkId: id, jobId, expiresAt };
}

/** The worker's half: issues the link's token and sends the email. */
export function createStaffMail(deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'mailer'>) {
  const repo = staffUsersRepo(deps.database.db);
  const links = staffLinksRepo(deps.database.db);

  async function deliver(job: StaffMailJob): Promise<'sent' | 'skipped'> {
    const now = deps.clock.now();
    const l = await repo.linkForDelivery(job.linkId);
    if (!l || l.consumed_at || l.superseded_at || l.deactivated_at || l.expires_at <= now) return 'skipped';
    const token = newToken();
    const issued = await links.issueTokens([{ id: l.id, yardId: l.yard_id, hash: hashToken(token) }], now);
    if (!issued.has(l.id)) return 'skipped';
    const mail = renderStaffLinkEmail({
      yardName: l.yard_name,
      yardEmail: l.yard_email,
      yardPhone: l.yard_phone,
      name: l.name,
      role: l.role,
      invitedBy: l.invited_by_name,
      link: `${deps.config.publicUrl}/app/welcome/${token}`,
      validDays: Math.max(1, Math.round((l.expires_at.getTime() - now.getTime()) / DAY)),
    });
    try {
      await deps.mailer.send({ to: l.email, fromName: l.yard_name, replyTo: l.yard_email, ...mail });
    } catch (err) {
      // A permanent refusal (unknown mailbox) will not get better by retrying; the owner resends.
      if (err instanceof MailSendError && err.permanent) return 'skipped';
      throw err;
    }
    return 'sent';
  }

  return { deliver };
}

export type StaffMail = ReturnType<typeof createStaffMail>;

/** Takes staff link emails off the queue; a thrown error hands the job back for a retry. */
export async function workStaffEmails(
  boss: PgBoss,
  mail: StaffMail,
  opts: { pollingIntervalSeconds?: number } = {},
) {
  return boss.work<StaffMailJob>(
    QUEUES.staffEmail,
    { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
    async ([job]) => {
      await runJob(job, () => mail.deliver(job.data));
    },
  );
}

const linkProblem = {
  unknown: () =>
    new AppError('INVITE_UNKNOWN', 'We do not recognise this link. Ask the yard owner to send a new one.'),
  used: () =>
    new AppError('INVITE_USED', 'This link has already been used. Sign in with your email and password.'),
  expired: () =>
    new AppError('INVITE_EXPIRED', 'This link has expired. Ask the yard owner to send a new one.'),
  superseded: () =>
    new AppError(
      'INVITE_SUPERSEDED',
      'This link was replaced by a newer one. Use the link in the most recent email.',
    ),
};

/** A staff member's side of the link: open it (changes nothing), pick the password. */
export function createStaffLinks(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const repo = staffUsersRepo(db);
  const links = staffLinksRepo(db);
  const audit = auditRepo(db);

  async function resolve(token: string, trx: Kysely<DB> = db) {
    if (!TOKEN_PATTERN.test(token)) return { state: 'unknown' as const };
    const hash = hashToken(token);
    const yardId = await repo.yardOfTokenHash(hash, trx);
    const link = yardId && (await links.findByTokenHash(yardId, hash, trx));
    const person = link && (await repo.personOfLink(link.yard_id, link.staff_id, trx));
    if (!link || !person || person.deactivated_at) return { state: 'unknown' as const };
    if (link.consumed_at) return { state: 'used' as const };
    if (link.superseded_at) return { state: 'superseded' as const };
    if (link.expires_at <= deps.clock.now()) return { state: 'expired' as const };
    return { state: 'valid' as const, link, person };
  }

  /** Reading a link never uses it: a mail scanner opening it changes nothing. */
  async function lookup(token: string): Promise<StaffLinkLookup> {
    const r = await resolve(token);
    if (r.state !== 'valid') return { state: r.state };
    return {
      state: 'valid',
      yard: { id: r.person.yard_id, slug: r.person.yard_slug, name: r.person.yard_name },
      email: r.person.email,
      name: r.person.name,
      expiresAt: r.link.expires_at.toISOString(),
      passwordRules: { minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, hint: PASSWORD_HINT },
    };
  }

  /**
   * Picks the password with the link's single use: the hash is computed first (slow on
   * purpose), then one conditional update consumes the link; of concurrent attempts one wins.
   * The caller starts the session inside the same transaction (`then`).
   */
  async function accept<T>(
    token: string,
    input: { password: string; confirmPassword: string; ip?: string },
    then: (trx: Kysely<DB>, who: { yardId: string; staffId: string; role: StaffRole }) => Promise<T>,
  ): Promise<T> {
    const r = await resolve(token);
    if (r.state !== 'valid') throw linkProblem[r.state]();
    assertPasswordAcceptable(input.password, input.confirmPassword, {
      email: r.person.email,
      personNames: [r.person.name],
      yardNames: [r.person.yard_name, r.person.yard_slug],
    });
    const passwordHash = await hashPassword(input.password);
    const now = deps.clock.now();
    return db.transaction().execute(async (trx) => {
      const consumed = await links.consume(trx, r.link.yard_id, r.link.id, now);
      if (!consumed) {
        const again = await resolve(token, trx);
        throw linkProblem[again.state === 'valid' ? 'used' : again.state]();
      }
      const set = await repo.setPassword(trx, consumed.yard_id, consumed.staff_id, passwordHash);
      if (!set) throw linkProblem.unknown();
      await audit.record(
        {
          yardId: consumed.yard_id,
          actor: { kind: 'staff', staffId: consumed.staff_id, ip: input.ip },
          entity: 'staff',
          entityId: consumed.staff_id,
          action: 'password_set',
          changes: changedFields({ status: 'invited' }, { status: 'active' }),
          at: now,
        },
        trx,
      );
      return then(trx, { yardId: consumed.yard_id, staffId: consumed.staff_id, role: r.person.role });
    });
  }

  return { lookup, accept };
}

export type StaffLinks = ReturnType<typeof createStaffLinks>;
