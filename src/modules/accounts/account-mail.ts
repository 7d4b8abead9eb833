import type PgBoss from 'pg-boss';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { runJob } from '../../server/logger.js';
import { renderAccessInviteEmail } from '../access/access-email.js';
import { accessInviteLinksRepo, accessInvitesRepo } from '../access/access-invites.repo.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { MailSendError } from '../mail/mailer.js';
import {
  renderAccountExistsEmail,
  renderConfirmEmailChange,
  renderEmailChangedNotice,
  renderPasskeyNotice,
  renderPasswordChangedEmail,
  renderPasswordResetEmail,
} from './account-email.js';
import { accountTokensRepo, emailChangeLinksRepo, resetLinksRepo } from './account-tokens.repo.js';

export type AccountMailJob =
  | { kind: 'password_reset'; resetId: string }
  | { kind: 'password_changed'; accountId: string; how: 'reset' | 'change' }
  | { kind: 'email_change'; changeId: string }
  /** A visitor asked for an invite for an address whose customer already has an account. */
  | { kind: 'account_exists'; accountId: string; to: string }
  /** The notice to the address an account just left; `at` is when the change was confirmed. */
  | { kind: 'email_changed'; accountId: string; oldEmail: string; newEmail: string; at: string }
  /** A passkey was added to or removed from the account (`byYard`: removed by the office). */
  | { kind: 'passkey_added'; accountId: string; name: string; at: string; byYard: boolean }
  | { kind: 'passkey_removed'; accountId: string; name: string; at: string; byYard: boolean }
  /** A shared-access invitation (docs/shared-access.md). */
  | { kind: 'access_invite'; linkId: string };

/**
 * The worker's half of account mail. Links get their token here, at send time, so a
 * token never sits in the queue's tables; a retry issues a new one (the older is replaced).
 */
export function createAccountMail(deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'mailer'>) {
  const repo = accountTokensRepo(deps.database.db);
  const resetLinks = resetLinksRepo(deps.database.db);
  const emailChangeLinks = emailChangeLinksRepo(deps.database.db);
  const accessInvites = accessInvitesRepo(deps.database.db);
  const accessLinks = accessInviteLinksRepo(deps.database.db);
  const portal = (slug: string) => `${deps.config.publicUrl}/portal/${slug}`;

  async function deliver(job: AccountMailJob): Promise<'sent' | 'skipped'> {
    const now = deps.clock.now();
    if (job.kind === 'password_reset') {
      const r = await repo.resetForDelivery(job.resetId);
      if (!r || r.consumed_at || r.superseded_at || r.expires_at <= now) return 'skipped';
      const token = newToken();
      const issued = await resetLinks.issueTokens(
        [{ id: r.id, yardId: r.yard_id, hash: hashToken(token) }],
        now,
      );
      if (!issued.has(r.id)) return 'skipped';
      const mail = renderPasswordResetEmail({
        ...yardLine(r),
        firstName: r.first_name,
        link: `${portal(r.yard_slug)}/reset/${token}`,
        validMinutes: Math.round((r.expires_at.getTime() - now.getTime()) / 60_000),
      });
      await send(r.email, r, mail);
      return 'sent';
    }
    if (job.kind === 'email_change') {
      const c = await repo.emailChangeForDelivery(job.changeId);
      if (!c || c.expires_at <= now) return 'skipped';
      const token = newToken();
      const issued = await emailChangeLinks.issueTokens(
        [{ id: c.id, yardId: c.yard_id, hash: hashToken(token) }],
        now,
      );
      if (!issued.has(c.id)) return 'skipped';
      const mail = renderConfirmEmailChange({
        ...yardLine(c),
        firstName: c.first_name,
        newEmail: c.new_email,
        link: `${portal(c.yard_slug)}/confirm-email/${token}`,
        validHours: Math.round((c.expires_at.getTime() - now.getTime()) / 3_600_000),
      });
      await send(c.new_email, c, mail);
      return 'sent';
    }
    if (job.kind === 'access_invite') {
      const l = await accessInvites.linkForDelivery(job.linkId);
      if (!l || l.consumed_at || l.superseded_at || l.revoked_at || l.expires_at <= now) return 'skipped';
      const token = newToken();
      const issued = await accessLinks.issueTokens(
        [{ id: l.id, yardId: l.yard_id, hash: hashToken(token) }],
        now,
      );
      if (!issued.has(l.id)) return 'skipped';
      const mail = renderAccessInviteEmail({
        ...yardLine(l),
        name: l.name,
        ownerName: l.owner_name,
        role: l.role,
        boatName: l.boat_name,
        link: `${portal(l.yard_slug)}/access/${token}`,
        validDays: Math.max(1, Math.round((l.expires_at.getTime() - now.getTime()) / 86_400_000)),
      });
      await send(l.email, l, mail);
      return 'sent';
    }
    const a = await repo.accountForMail(job.accountId);
    if (!a) return 'skipped';
    if (job.kind === 'account_exists') {
      const mail = renderAccountExistsEmail({
        ...yardLine(a),
        firstName: a.first_name,
        signInLink: `${portal(a.yard_slug)}/sign-in`,
        forgotLink: `${portal(a.yard_slug)}/forgot-password`,
        loginEmail: a.login_email.toLowerCase() === job.to.toLowerCase() ? null : a.login_email,
      });
      await send(job.to, a, mail);
      return 'sent';
    }
    if (job.kind === 'email_changed') {
      const notice = renderEmailChangedNotice({
        ...yardLine(a),
        firstName: a.first_name,
        newEmail: job.newEmail,
        changedAt: new Date(job.at),
        timeZone: a.yard_timezone,
      });
      await send(job.oldEmail, a, notice);
      return 'sent';
    }
    if (job.kind === 'passkey_added' || job.kind === 'passkey_removed') {
      const notice = renderPasskeyNotice({
        ...yardLine(a),
        firstName: a.first_name,
        added: job.kind === 'passkey_added',
        byYard: job.byYard,
        name: job.name,
        at: new Date(job.at),
        timeZone: a.yard_timezone,
        accountLink: `${portal(a.yard_slug)}/account`,
      });
      await send(a.login_email, a, notice);
      return 'sent';
    }
    const mail = renderPasswordChangedEmail({
      ...yardLine(a),
      firstName: a.first_name,
      signInLink: `${portal(a.yard_slug)}/sign-in`,
      how: job.how,
    });
    await send(a.login_email, a, mail);
    return 'sent';
  }

  const yardLine = (r: { yard_name: string; yard_email: string | null; yard_phone: string | null }) => ({
    yardName: r.yard_name,
    yardEmail: r.yard_email,
    yardPhone: r.yard_phone,
  });

  async function send(
    to: string,
    yard: { yard_name: string; yard_email: string | null },
    mail: { subject: string; text: string; html: string },
  ) {
    try {
      await deps.mailer.send({ to, fromName: yard.yard_name, replyTo: yard.yard_email, ...mail });
    } catch (err) {
      // A permanent refusal (unknown mailbox) will not get better by retrying.
      if (err instanceof MailSendError && err.permanent) return;
      throw err;
    }
  }

  return { deliver };
}

export type AccountMail = ReturnType<typeof createAccountMail>;

/** Takes account emails off the queue; a thrown error hands the job back for a retry. */
export async function workAccountEmails(
  boss: PgBoss,
  mail: AccountMail,
  opts: { pollingIntervalSeconds?: number } = {},
) {
  return boss.work<AccountMailJob>(
    QUEUES.accountEmail,
    { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
    async ([job]) => {
      await runJob(job, () => mail.deliver(job.data));
    },
  );
}
