import type PgBoss from 'pg-boss';
import type { Yard } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError } from '../../server/errors.js';
import type { AccessInviteLookupResponse } from '../../shared/api-types.js';
import { hashPassword } from '../accounts/password-hash.js';
import {
  assertPasswordAcceptable,
  PASSWORD_HINT,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from '../accounts/password-policy.js';
import { auditRepo } from '../audit/audit.repo.js';
import { createSignIn, type SignInClient } from '../auth/sign-in.js';
import { hashToken, TOKEN_PATTERN } from '../auth/tokens.js';
import { yardSummary } from '../yards/yard-summary.js';
import { accessGrantsRepo } from './access-grants.repo.js';
import { accessInviteLinksRepo } from './access-invites.repo.js';

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

/**
 * The invited person's side of shared access: opening the invitation link (read only) and
 * accepting it (docs/shared-access.md).
 */
export function createAccessAccept(deps: Pick<AppDeps, 'database' | 'clock'> & { boss: PgBoss }) {
  const { db } = deps.database;
  const grants = accessGrantsRepo(db);
  const links = accessInviteLinksRepo(db);
  const audit = auditRepo(db);
  const { signIn: checkCredentials } = createSignIn(deps);

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
  async function accept(
    yard: Yard,
    input: { token: string; password: string; confirmPassword?: string },
    from: SignInClient,
  ) {
    const { link, grant } = await resolve(yard, input.token);
    const existing = await grants.accountByLogin(yard.id, link.email);
    let passwordHash: string | null = null;
    if (existing) {
      // Under the portal sign-in's limits: the page is another way to guess a password.
      await checkCredentials(
        { ...from, realm: `portal:${yard.slug}`, email: link.email.toLowerCase(), password: input.password },
        async () => existing,
        () =>
          new AppError(
            'BAD_CREDENTIALS',
            `That is not the password of ${link.email}. Use the password you sign in to ${yard.name} with, or reset it from the sign-in page.`,
          ),
      );
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
      // The owner's lock: invites, revokes and acceptances of one owner's grants take turns.
      await grants.lockOwner(trx, yard.id, grant.owner_customer_id);
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
      // One live grant per owner and sign-in: the one accepted now (the owner's latest word)
      // replaces an older one this sign-in holds, e.g. sent to the address it had before.
      const replaced = await grants.revokeOthersOfAccount(trx, {
        yardId: yard.id,
        ownerId: grant.owner_customer_id,
        accountId,
        keepId: grant.id,
        now,
      });
      for (const old of replaced) {
        await audit.record(
          {
            yardId: yard.id,
            actor: { kind: 'customer', accountId },
            entity: 'customer',
            entityId: grant.owner_customer_id,
            customerId: grant.owner_customer_id,
            action: 'access_replaced',
            changes: {
              access: {
                before: { grantId: old.id, email: old.email, role: old.role, boatId: old.boat_id },
                after: { grantId: grant.id, email: link.email, role: grant.role, boatId: grant.boat_id },
              },
            },
            at: now,
          },
          trx,
        );
      }
      return { accountId, ownerCustomerId: grant.owner_customer_id };
    });
  }

  return { lookup, accept };
}
