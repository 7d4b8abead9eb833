import { randomBytes } from 'node:crypto';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { z } from 'zod';
import { executorFor } from '../../db/connection.js';
import type { Yard } from '../../db/schema.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type { AddPasskeyRequest } from '../../shared/api-schemas/passkeys.js';
import type { PasskeyListResponse, PasskeyView } from '../../shared/api-types.js';
import type { AccountMailJob } from '../accounts/account-mail.js';
import { accountTokensRepo } from '../accounts/account-tokens.repo.js';
import { dummyHash, verifyPassword } from '../accounts/password-hash.js';
import { type AuditActor, auditRepo } from '../audit/audit.repo.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import {
  CHALLENGE_VALID_MS,
  challengeHash,
  challengeOf,
  newChallenge,
  relyingParty,
} from './passkey-ceremony.js';
import { type PasskeyRow, passkeysRepo } from './passkeys.repo.js';

/** Adding or removing a passkey within this long of signing in needs no password. */
export const RECENT_SIGN_IN_MS = 10 * 60_000;
/** An account keeps at most this many passkeys. */
export const MAX_PASSKEYS = 20;

export const passkeyView = (p: PasskeyRow): PasskeyView => ({
  id: p.id,
  name: p.name,
  createdAt: p.created_at.toISOString(),
  lastUsedAt: p.last_used_at?.toISOString() ?? null,
  synced: p.backed_up,
});

const challengeInvalid = () =>
  new AppError(
    'PASSKEY_CHALLENGE_INVALID',
    'This passkey request expired or was already used. Choose "Add a passkey" again.',
  );

/** A signed-in customer's passkeys (docs/passkeys.md), and the office's view of them. */
export function createPasskeys(deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'boss'>) {
  const { db } = deps.database;
  const repo = passkeysRepo(db);
  const accounts = accountTokensRepo(db);
  const audit = auditRepo(db);
  const rp = relyingParty(deps.config);

  async function signedInRecently(yardId: string, sessionHash: string) {
    const started = await repo.sessionStartedAt(sessionHash, yardId);
    return !!started && deps.clock.now().getTime() - started.getTime() <= RECENT_SIGN_IN_MS;
  }

  /** A recent sign-in, or the current password: a session left open cannot change how the account signs in. */
  async function confirmIdentity(
    yardId: string,
    me: CustomerPrincipal,
    sessionHash: string,
    password?: string,
  ) {
    if (await signedInRecently(yardId, sessionHash)) return;
    if (!password) throw new AppError('RECENT_SIGN_IN_NEEDED');
    const account = await accounts.accountById(yardId, me.accountId);
    const ok = await verifyPassword(account?.password_hash ?? (await dummyHash()), password);
    if (!account || !ok) {
      throw new AppError('BAD_CREDENTIALS', 'Your current password is not right. Check it and try again.', {
        field: 'currentPassword',
      });
    }
  }

  async function list(yard: Yard, me: CustomerPrincipal, sessionHash: string): Promise<PasskeyListResponse> {
    const rows = await repo.listForAccount(yard.id, me.accountId);
    return {
      passkeys: rows.map(passkeyView),
      needsPassword: !(await signedInRecently(yard.id, sessionHash)),
    };
  }

  /**
   * One row of the audit log and, for the person's inbox, one notice; in the change's
   * transaction. A passkey is the sign-in's, not the record it acts for: the row is about the
   * account (entity `account`), shown on the account's own record — none for someone with
   * shared access only, whatever record they were acting for.
   */
  async function recordChange(
    trx: typeof db,
    yardId: string,
    v: { accountId: string; name: string; actor: AuditActor; added: boolean },
  ) {
    const now = deps.clock.now();
    await audit.record(
      {
        yardId,
        actor: v.actor,
        entity: 'account',
        entityId: v.accountId,
        customerId: await repo.ownRecordOf(trx, yardId, v.accountId),
        action: v.added ? 'passkey added' : 'passkey removed',
        changes: { passkey: v.added ? { before: null, after: v.name } : { before: v.name, after: null } },
        at: now,
      },
      trx,
    );
    const job: AccountMailJob = {
      kind: v.added ? ('passkey_added' as const) : ('passkey_removed' as const),
      accountId: v.accountId,
      name: v.name,
      at: now.toISOString(),
      byYard: v.actor.kind === 'staff',
    };
    await deps.boss.send(QUEUES.accountEmail, withRequestId(job), { db: executorFor(trx) });
  }

  return {
    list,

    /** What navigator.credentials.create() is called with; the challenge is bound to this session. */
    async registrationOptions(yard: Yard, me: CustomerPrincipal, sessionHash: string, password?: string) {
      await confirmIdentity(yard.id, me, sessionHash, password);
      const existing = await repo.listForAccount(yard.id, me.accountId);
      if (existing.length >= MAX_PASSKEYS) throw new AppError('PASSKEY_LIMIT');
      const account = await repo.accountForRegistration(yard.id, me.accountId);
      if (!account) throw notFound('Your account');
      // One handle per account, random: authenticators keep it, so it must say nothing about the person.
      const userHandle = existing[0]?.user_handle ?? randomBytes(32).toString('base64url');
      const challenge = newChallenge();
      const now = deps.clock.now();
      const options = await generateRegistrationOptions({
        rpName: yard.name,
        rpID: rp.rpID,
        // The yard's name beside the email: one Slipway server serves several yards' portals.
        userName: `${account.login_email} (${yard.name})`,
        userDisplayName:
          `${account.first_name ?? ''} ${account.last_name ?? ''}`.trim() ||
          account.display_name ||
          account.login_email,
        userID: new Uint8Array(Buffer.from(userHandle, 'base64url')),
        challenge: challenge.bytes,
        timeout: CHALLENGE_VALID_MS,
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({
          id: p.credential_id,
          transports: p.transports as ('internal' | 'hybrid' | 'usb' | 'nfc' | 'ble')[],
        })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
      await repo.insertChallenge({
        hash: challenge.hash,
        yardId: yard.id,
        purpose: 'register',
        accountId: me.accountId,
        sessionHash,
        userHandle,
        now,
        expiresAt: new Date(now.getTime() + CHALLENGE_VALID_MS),
      });
      return { options: options as unknown as Record<string, unknown> };
    },

    /** Verifies the device's answer to this session's challenge and keeps the new passkey. */
    async add(
      yard: Yard,
      me: CustomerPrincipal,
      sessionHash: string,
      input: z.output<typeof AddPasskeyRequest>,
      actor: AuditActor,
    ): Promise<PasskeyListResponse> {
      const challenge = challengeOf(input.credential.response.clientDataJSON);
      if (!challenge) throw challengeInvalid();
      const row = await repo.consumeChallenge(challengeHash(challenge), yard.id, 'register');
      const now = deps.clock.now();
      if (
        !row?.user_handle ||
        row.account_id !== me.accountId ||
        row.session_hash !== sessionHash ||
        row.expires_at <= now
      ) {
        throw challengeInvalid();
      }
      let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
      try {
        verified = await verifyRegistrationResponse({
          // Transports are only remembered, never checked: a future one need not be refused.
          response: {
            ...input.credential,
            response: { ...input.credential.response, transports: undefined },
            clientExtensionResults: {},
          },
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.rpID,
          requireUserVerification: true,
        });
      } catch {
        throw new AppError('PASSKEY_NOT_VERIFIED');
      }
      if (!verified.verified) throw new AppError('PASSKEY_NOT_VERIFIED');
      const info = verified.registrationInfo;
      const userHandle = row.user_handle;
      await db.transaction().execute(async (trx) => {
        const inserted = await repo.insert(trx, {
          yardId: yard.id,
          accountId: me.accountId,
          credentialId: info.credential.id,
          publicKey: Buffer.from(info.credential.publicKey),
          counter: info.credential.counter,
          transports: input.credential.response.transports ?? [],
          userHandle,
          deviceType: info.credentialDeviceType,
          backedUp: info.credentialBackedUp,
          aaguid: info.aaguid,
          name: input.name,
          createdAt: now,
        });
        if (!inserted) throw new AppError('PASSKEY_ALREADY_ADDED');
        await recordChange(trx, yard.id, {
          accountId: me.accountId,
          name: input.name,
          actor,
          added: true,
        });
      });
      return list(yard, me, sessionHash);
    },

    async remove(
      yard: Yard,
      me: CustomerPrincipal,
      sessionHash: string,
      passkeyId: string,
      password: string | undefined,
      actor: AuditActor,
    ): Promise<PasskeyListResponse> {
      await confirmIdentity(yard.id, me, sessionHash, password);
      await db.transaction().execute(async (trx) => {
        const gone = await repo.removeOfAccount(trx, yard.id, me.accountId, passkeyId);
        if (!gone) throw notFound('That passkey');
        await recordChange(trx, yard.id, {
          accountId: gone.account_id,
          name: gone.name,
          actor,
          added: false,
        });
      });
      return list(yard, me, sessionHash);
    },

    /** The office's view of a customer's passkeys (every account of theirs). */
    async listForStaff(yardId: string, customerId: string) {
      if (!(await repo.customerExists(yardId, customerId))) throw notFound('That customer');
      return { passkeys: (await repo.listForCustomer(yardId, customerId)).map(passkeyView) };
    },

    /** The office removes a passkey (a lost phone); the customer is told by email. */
    async removeForStaff(yardId: string, customerId: string, passkeyId: string, actor: AuditActor) {
      await db.transaction().execute(async (trx) => {
        const gone = await repo.removeOfCustomer(trx, yardId, customerId, passkeyId);
        if (!gone) throw notFound('That passkey');
        await recordChange(trx, yardId, {
          accountId: gone.account_id,
          name: gone.name,
          actor,
          added: false,
        });
      });
      return { passkeys: (await repo.listForCustomer(yardId, customerId)).map(passkeyView) };
    },

    /** The passkeys of someone the customer shared access with (none until they accepted). */
    async listForGrantee(yardId: string, customerId: string, grantId: string) {
      const grant = await repo.accountOfGrant(yardId, customerId, grantId);
      if (!grant) throw notFound('That person');
      if (!grant.account_id) return { passkeys: [] };
      return { passkeys: (await repo.listForAccount(yardId, grant.account_id)).map(passkeyView) };
    },

    /** The office removes a grantee's passkey; audited on the grantee's sign-in, who is emailed. */
    async removeForGrantee(
      yardId: string,
      customerId: string,
      grantId: string,
      passkeyId: string,
      actor: AuditActor,
    ) {
      const grant = await repo.accountOfGrant(yardId, customerId, grantId);
      if (!grant) throw notFound('That person');
      const accountId = grant.account_id;
      if (!accountId) throw notFound('That passkey');
      await db.transaction().execute(async (trx) => {
        const gone = await repo.removeOfAccount(trx, yardId, accountId, passkeyId);
        if (!gone) throw notFound('That passkey');
        await recordChange(trx, yardId, { accountId, name: gone.name, actor, added: false });
      });
      return { passkeys: (await repo.listForAccount(yardId, accountId)).map(passkeyView) };
    },
  };
}

export type Passkeys = ReturnType<typeof createPasskeys>;
