import type PgBoss from 'pg-boss';
import { executorFor } from '../../db/connection.js';
import type { Yard } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type { EmailChangeLookupResponse, UpdateContactRequest } from '../../shared/api-types.js';
import type { AuditActor } from '../audit/audit.repo.js';
import { customerContactAudit } from '../audit/customer-contact.repo.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import { hashToken, TOKEN_PATTERN } from '../auth/tokens.js';
import { customersRepo } from '../customers/customers.repo.js';
import { parsePhone, phoneProblem } from '../customers/phone.js';
import { inviteLinksRepo } from '../invites/invites.repo.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import type { AccountMailJob } from './account-mail.js';
import { accountTokensRepo, emailChangeLinksRepo, resetLinksRepo } from './account-tokens.repo.js';
import { dummyHash, hashPassword, verifyPassword } from './password-hash.js';
import { assertPasswordAcceptable } from './password-policy.js';

/** A confirmation link for a new email address works for one day. */
export const EMAIL_CHANGE_VALID_MS = DAY;

const linkProblem = {
  unknown: () =>
    new AppError(
      'EMAIL_LINK_UNKNOWN',
      'We do not recognise this confirmation link. Ask for a new one on your account page.',
    ),
  used: () => new AppError('EMAIL_LINK_USED', 'This address was already confirmed with this link.'),
  expired: () =>
    new AppError(
      'EMAIL_LINK_EXPIRED',
      'This confirmation link has expired. Ask for a new one on your account page.',
    ),
  superseded: () =>
    new AppError(
      'EMAIL_LINK_SUPERSEDED',
      'This confirmation link was replaced by a newer request. Use the link in the most recent email.',
    ),
  /** Ended by a password change or reset: says when, and how to start again. */
  cancelled: (reason: 'password_changed' | 'password_reset', at: Date, yard: Yard) => {
    const when = at.toLocaleString('en-US', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: yard.timezone,
    });
    const what = reason === 'password_reset' ? 'reset' : 'changed';
    return new AppError(
      'EMAIL_LINK_CANCELLED',
      `This confirmation link was cancelled because the password of the account was ${what} on ${when}. If you still want to use this address, sign in and ask for the change again from your account page.`,
      { reason, cancelledAt: at.toISOString() },
    );
  },
};

const wrongPassword = () =>
  new AppError('BAD_CREDENTIALS', 'Your current password is not right. Check it and try again.', {
    field: 'currentPassword',
  });

/** What a signed-in customer changes about their own account. */
export function createAccountSettings(deps: Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss }) {
  const { db } = deps.database;
  const repo = accountTokensRepo(db);
  const customers = customersRepo(db);
  const inviteLinks = inviteLinksRepo(db);
  const resetLinks = resetLinksRepo(db);
  const emailChangeLinks = emailChangeLinksRepo(db);
  const events = portalEventsRepo(db);

  async function checkCurrentPassword(yardId: string, accountId: string, password: string) {
    const account = await repo.accountById(yardId, accountId);
    const ok = await verifyPassword(account?.password_hash ?? (await dummyHash()), password);
    if (!account || !ok) throw wrongPassword();
    return account;
  }

  /** Phone and address; name and email are not edited here (email has its own confirmation). */
  async function updateContact(
    yard: Yard,
    me: CustomerPrincipal,
    patch: UpdateContactRequest,
    actor: AuditActor,
  ) {
    let phoneFields = {};
    if (patch.phone !== undefined) {
      // Checked against the yard's default phone country, like the office's customer form.
      const normalized = patch.phone ? parsePhone(patch.phone, yard.phone_country) : null;
      if (patch.phone && !normalized) {
        const problem = phoneProblem(patch.phone, yard.phone_country) ?? 'Not a phone number.';
        throw new AppError('VALIDATION', problem, { fields: { phone: problem } });
      }
      phoneFields = {
        phone: patch.phone || null,
        phone_e164: normalized?.e164 ?? null,
        phone_digits: normalized?.digits ?? null,
      };
    }
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      if (!(await customers.lockById(trx, yard.id, me.customerId))) throw notFound('Your account');
      const contact = await customerContactAudit(db).before(trx, yard.id, me.customerId);
      await customers.update(
        trx,
        yard.id,
        me.customerId,
        {
          ...(patch.street !== undefined && { street: patch.street || null }),
          ...(patch.city !== undefined && { city: patch.city || null }),
          ...(patch.state !== undefined && { state: patch.state || null }),
          ...(patch.postalCode !== undefined && { postal_code: patch.postalCode || null }),
          ...phoneFields,
        },
        now,
      );
      await customerContactAudit(db).record(trx, {
        yardId: yard.id,
        customerId: me.customerId,
        actor,
        before: contact,
        at: now,
      });
      await events.add({ yardId: yard.id, customerId: me.customerId, kind: 'contact_updated', at: now }, trx);
    });
  }

  /**
   * Starts an email change: the new address gets a link, and nothing changes until it is
   * opened. The current password is asked for, so an unattended session cannot take the account.
   */
  async function requestEmailChange(
    yard: Yard,
    me: CustomerPrincipal,
    input: { newEmail: string; currentPassword: string },
  ) {
    const account = await checkCurrentPassword(yard.id, me.accountId, input.currentPassword);
    if (account.login_email.toLowerCase() === input.newEmail.toLowerCase()) {
      throw new AppError('SAME_EMAIL', 'That is already the email address of your account.', {
        field: 'newEmail',
      });
    }
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      await emailChangeLinks.supersede(trx, yard.id, me.accountId, now);
      const change = await emailChangeLinks.create(trx, {
        yard_id: yard.id,
        account_id: me.accountId,
        customer_id: me.customerId,
        new_email: input.newEmail,
        created_at: now,
        expires_at: new Date(now.getTime() + EMAIL_CHANGE_VALID_MS),
      });
      const job: AccountMailJob = { kind: 'email_change', changeId: change.id };
      await deps.boss.send(QUEUES.accountEmail, withRequestId(job), { db: executorFor(trx) });
    });
    return {
      message: `We sent a link to ${input.newEmail}. Open it to confirm the new address; until then your account keeps ${account.login_email}.`,
    };
  }

  async function resolveEmailLink(yard: Yard, token: string, trx = db) {
    if (!TOKEN_PATTERN.test(token)) throw linkProblem.unknown();
    const change = await emailChangeLinks.findByTokenHash(yard.id, hashToken(token), trx);
    if (!change) throw linkProblem.unknown();
    if (change.consumed_at) throw linkProblem.used();
    if (change.superseded_at && change.cancelled_reason) {
      throw linkProblem.cancelled(change.cancelled_reason, change.superseded_at, yard);
    }
    if (change.superseded_at) throw linkProblem.superseded();
    if (change.expires_at <= deps.clock.now()) throw linkProblem.expired();
    return change;
  }

  async function lookupEmailChange(yard: Yard, token: string): Promise<EmailChangeLookupResponse> {
    const change = await resolveEmailLink(yard, token);
    return { newEmail: change.new_email, expiresAt: change.expires_at.toISOString() };
  }

  /**
   * Confirms the new address: the customer record and the login move together, live invite
   * and reset links (sent to the old address) stop working, the old address is told, and
   * every session of the account ends but the one confirming (if it is signed in to it),
   * all in one transaction.
   */
  async function confirmEmailChange(
    yard: Yard,
    token: string,
    currentSessionHash: string | undefined,
    from: { ip?: string },
  ) {
    const change = await resolveEmailLink(yard, token);
    const now = deps.clock.now();
    try {
      await db.transaction().execute(async (trx) => {
        // Same lock as invites and staff edits of this customer.
        if (!(await customers.lockById(trx, yard.id, change.customer_id))) throw linkProblem.unknown();
        const consumed = await emailChangeLinks.consume(trx, yard.id, change.id, now);
        if (!consumed) {
          await resolveEmailLink(yard, token, trx);
          throw linkProblem.used();
        }
        const account = await repo.accountById(yard.id, consumed.account_id, trx);
        if (!account) throw linkProblem.unknown();
        const contact = await customerContactAudit(db).before(trx, yard.id, consumed.customer_id);
        await customers.update(trx, yard.id, consumed.customer_id, { email: consumed.new_email }, now);
        await customerContactAudit(db).record(trx, {
          yardId: yard.id,
          customerId: consumed.customer_id,
          actor: { kind: 'customer', accountId: consumed.account_id, ip: from.ip },
          before: contact,
          at: now,
          action: 'email changed',
        });
        await repo.setLoginEmail(trx, yard.id, consumed.account_id, consumed.new_email);
        // Whoever took over the old inbox, or a device left signed in, is out; the browser
        // confirming stays signed in only if it already was, to this same account.
        await repo.endSessions(trx, yard.id, consumed.account_id, currentSessionHash);
        await inviteLinks.revoke(trx, yard.id, consumed.customer_id, now);
        await resetLinks.supersede(trx, yard.id, consumed.account_id, now);
        await events.add(
          {
            yardId: yard.id,
            customerId: consumed.customer_id,
            kind: 'customer_email_changed',
            at: now,
            detail: { email: consumed.new_email },
          },
          trx,
        );
        // The old address learns of it, so a change made by someone else does not go unseen.
        const notice: AccountMailJob = {
          kind: 'email_changed',
          accountId: consumed.account_id,
          oldEmail: account.login_email,
          newEmail: consumed.new_email,
          at: now.toISOString(),
        };
        await deps.boss.send(QUEUES.accountEmail, withRequestId(notice), { db: executorFor(trx) });
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new AppError(
          'EMAIL_TAKEN',
          `Another portal account at ${yard.name} already uses ${change.new_email}. Contact ${yard.name} for help.`,
        );
      }
      throw err;
    }
    return { message: `Your email address is now ${change.new_email}. Sign in with it from now on.` };
  }

  /** Changes the password and ends every other session of the account; this one stays. */
  async function changePassword(
    yard: Yard,
    me: CustomerPrincipal,
    input: { currentPassword: string; password: string; confirmPassword: string },
    currentSessionHash: string,
  ) {
    const account = await checkCurrentPassword(yard.id, me.accountId, input.currentPassword);
    // The account's own record: acting for someone else's (shared access) does not make it theirs.
    const customer = me.role === 'owner' ? await customers.findById(yard.id, me.customerId) : undefined;
    assertPasswordAcceptable(input.password, input.confirmPassword, {
      email: account.login_email,
      personNames: [customer?.first_name, customer?.last_name],
      yardNames: [yard.name, yard.slug],
    });
    const passwordHash = await hashPassword(input.password);
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      await repo.setPassword(trx, yard.id, me.accountId, passwordHash);
      await repo.endSessions(trx, yard.id, me.accountId, currentSessionHash);
      await resetLinks.supersede(trx, yard.id, me.accountId, now);
      // A pending email change may have been started by whoever is being locked out.
      await repo.cancelEmailChanges(trx, yard.id, me.accountId, now, 'password_changed');
      if (me.role === 'owner') {
        await events.add(
          { yardId: yard.id, customerId: me.customerId, kind: 'password_changed', at: now },
          trx,
        );
      }
      const job: AccountMailJob = { kind: 'password_changed', accountId: me.accountId, how: 'change' };
      await deps.boss.send(QUEUES.accountEmail, withRequestId(job), { db: executorFor(trx) });
    });
  }

  async function signOutEverywhere(yard: Yard, me: CustomerPrincipal) {
    await db.transaction().execute((trx) => repo.endSessions(trx, yard.id, me.accountId));
  }

  return {
    updateContact,
    requestEmailChange,
    lookupEmailChange,
    confirmEmailChange,
    changePassword,
    signOutEverywhere,
  };
}

export type AccountSettings = ReturnType<typeof createAccountSettings>;
