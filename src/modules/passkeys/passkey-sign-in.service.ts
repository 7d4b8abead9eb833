import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import { AppError, tooManyRequests } from '../../server/errors.js';
import type { PasskeyAuthenticationCredential } from '../../shared/api-schemas/passkeys.js';
import { rateLimiter } from '../auth/rate-limit.js';
import type { SignInLog } from '../auth/sign-in.js';
import { SIGN_IN_LIMITS } from '../auth/sign-in-limits.js';
import type { PortalYards } from '../yards/yards.service.js';
import {
  CHALLENGE_VALID_MS,
  challengeHash,
  challengeOf,
  newChallenge,
  relyingParty,
} from './passkey-ceremony.js';
import { passkeysRepo } from './passkeys.repo.js';

const notRecognised = () => new AppError('PASSKEY_NOT_RECOGNISED');

/**
 * Signing in to a yard's portal with a passkey (docs/passkeys.md). The limits are password
 * sign-in's, on the same counters: requests per client address when a challenge is handed
 * out, failures per client address when an answer is checked (counted first, given back on
 * success), so a client cannot double its guesses by switching method.
 */
export function createPasskeySignIn(
  deps: Pick<AppDeps, 'database' | 'clock' | 'config'>,
  yards: PortalYards,
) {
  const repo = passkeysRepo(deps.database.db);
  const limiter = rateLimiter(deps.database.db, deps.clock);
  const rp = relyingParty(deps.config);
  const L = SIGN_IN_LIMITS;

  const refuse = (log: SignInLog, client: string, limit: string, retryAfterSeconds: number) => {
    log.warn(
      { event: 'sign_in_limited', method: 'passkey', client, limit, retryAfterSeconds },
      'sign-in refused',
    );
    return tooManyRequests(retryAfterSeconds);
  };

  return {
    /** A fresh challenge for navigator.credentials.get(): any passkey of the browser may answer. */
    async options(slug: string, client: string, log: SignInLog) {
      const requests = await limiter.count(`sign-in:requests:${client}`, L.requestsPerClient);
      if (requests.over) throw refuse(log, client, 'requests_per_client', requests.retryAfterSeconds);
      const yard = await yards.bySlug(slug);
      const challenge = newChallenge();
      const now = deps.clock.now();
      await repo.insertChallenge({
        hash: challenge.hash,
        yardId: yard.id,
        purpose: 'sign_in',
        now,
        expiresAt: new Date(now.getTime() + CHALLENGE_VALID_MS),
      });
      const options = await generateAuthenticationOptions({
        rpID: rp.rpID,
        challenge: challenge.bytes,
        timeout: CHALLENGE_VALID_MS,
        userVerification: 'required',
      });
      return { options: options as unknown as Record<string, unknown> };
    },

    /** The account whose passkey answered this yard's challenge; throws on anything else. */
    async verify(
      slug: string,
      credential: z.output<typeof PasskeyAuthenticationCredential>,
      client: string,
      log: SignInLog,
    ) {
      const failuresKey = `sign-in:failures:${client}`;
      const failures = await limiter.count(failuresKey, L.failuresPerClient);
      if (failures.over) throw refuse(log, client, 'failures_per_client', failures.retryAfterSeconds);
      const fail = (reason: string, err = notRecognised()) => {
        log.warn(
          { event: 'sign_in_failed', method: 'passkey', client, reason, failures: failures.hits },
          'sign-in failed',
        );
        return err;
      };

      const yard = await yards.bySlug(slug);
      const challenge = challengeOf(credential.response.clientDataJSON);
      const used = challenge && (await repo.consumeChallenge(challengeHash(challenge), yard.id, 'sign_in'));
      if (!challenge || !used || used.expires_at <= deps.clock.now()) {
        throw fail(
          'challenge',
          new AppError(
            'PASSKEY_CHALLENGE_INVALID',
            'This passkey sign-in expired or was already used. Try again.',
          ),
        );
      }
      // Looked up in this yard only: another yard's passkey, a removed one, or one of a
      // disabled or archived account is simply not found.
      const passkey = await repo.findForSignIn(yard.id, credential.id);
      if (!passkey) throw fail('unknown_passkey');
      const handle = credential.response.userHandle;
      if (handle !== undefined && handle !== passkey.user_handle) throw fail('user_handle');

      let info: Awaited<ReturnType<typeof verifyAuthenticationResponse>>['authenticationInfo'];
      try {
        const result = await verifyAuthenticationResponse({
          response: { ...credential, clientExtensionResults: {} },
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.rpID,
          credential: {
            id: passkey.credential_id,
            publicKey: new Uint8Array(passkey.public_key),
            counter: passkey.counter,
          },
          requireUserVerification: true,
        });
        if (!result.verified) throw new Error('not verified');
        info = result.authenticationInfo;
      } catch {
        // A bad signature, or a counter that went backwards (a cloned authenticator).
        throw fail('signature');
      }
      const recorded = await repo.recordUse(yard.id, passkey.id, passkey.counter, {
        counter: info.newCounter,
        backedUp: info.credentialBackedUp,
        deviceType: info.credentialDeviceType,
        at: deps.clock.now(),
      });
      if (!recorded) throw fail('counter_race');

      await limiter.release(failuresKey, failures.windowStart);
      log.info(
        {
          event: 'signed_in',
          method: 'passkey',
          realm: `portal:${slug}`,
          client,
          accountId: passkey.account_id,
        },
        'signed in',
      );
      return { yard, accountId: passkey.account_id, customerId: passkey.customer_id };
    },
  };
}

export type PasskeySignIn = ReturnType<typeof createPasskeySignIn>;
