import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unauthenticated } from '../../server/errors.js';
import { PortalMe } from '../../shared/api-schemas/accounts.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  AddPasskeyRequest,
  PasskeyListResponse,
  PasskeyOptionsResponse,
  PasskeyReauthRequest,
  PasskeySignInRequest,
} from '../../shared/api-schemas/passkeys.js';
import { ACCOUNT_RATE_RULES } from '../accounts/account-rate-rules.js';
import type { PortalAccounts } from '../accounts/portal-accounts.service.js';
import { customerActor } from '../audit/audit-actor.js';
import type { RateLimiter } from '../auth/rate-limit.js';
import type { Sessions } from '../auth/sessions.js';
import { YardParams } from '../invites/invites.routes.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { PasskeySignIn } from './passkey-sign-in.service.js';
import type { Passkeys } from './passkeys.service.js';

const PasskeyParams = YardParams.extend({
  passkeyId: z.uuid({ error: 'Passkey ids are UUIDs; choose the passkey from your account page' }),
});

/** Asking for registration challenges: plenty for a person, a wall for a script filling the table. */
const REGISTER_OPTIONS_RULE = { limit: 20, windowMs: 15 * 60_000 };

export interface PasskeyRoutesDeps {
  sessions: Pick<Sessions, 'start' | 'customer' | 'idHash' | 'customerOfAccount'>;
  yards: PortalYards;
  limiter: Pick<RateLimiter, 'hit'>;
  accounts: Pick<PortalAccounts, 'me' | 'recordSignIn' | 'records'>;
  passkeys: Passkeys;
  signIn: PasskeySignIn;
}

/** Passkeys in the portal: the customer's own (account page) and signing in with one. */
export function passkeyRoutes(d: PasskeyRoutesDeps): FastifyPluginAsyncZod {
  const { sessions, yards, limiter, passkeys } = d;
  return async (app) => {
    /** The signed-in customer of the address's yard and their session's token hash. */
    async function customer(req: Parameters<Sessions['customer']>[0], slug: string) {
      const yard = await yards.bySlug(slug);
      const me = await sessions.customer(req, yard.id);
      const sessionHash = sessions.idHash(req, 'customer');
      if (!sessionHash) throw unauthenticated();
      return { yard, me, sessionHash };
    }

    app.get(
      '/api/portal/:yard/me/passkeys',
      {
        config: { access: 'customer' },
        schema: { params: YardParams, response: { 200: PasskeyListResponse, ...errorResponses(401, 404) } },
      },
      async (req) => {
        const { yard, me, sessionHash } = await customer(req, req.params.yard);
        return passkeys.list(yard, me, sessionHash);
      },
    );

    app.post(
      '/api/portal/:yard/me/passkeys/options',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          body: PasskeyReauthRequest,
          response: { 200: PasskeyOptionsResponse, ...errorResponses(401, 403, 404, 409, 422, 429) },
        },
      },
      async (req) => {
        const { yard, me, sessionHash } = await customer(req, req.params.yard);
        await limiter.hit(`passkey-register:${me.accountId}`, REGISTER_OPTIONS_RULE);
        if (req.body.currentPassword) {
          await limiter.hit(`current-password:${me.accountId}`, ACCOUNT_RATE_RULES.currentPasswordPerAccount);
        }
        return passkeys.registrationOptions(yard, me, sessionHash, req.body.currentPassword);
      },
    );

    app.post(
      '/api/portal/:yard/me/passkeys',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          body: AddPasskeyRequest,
          response: { 201: PasskeyListResponse, ...errorResponses(400, 401, 404, 409, 422) },
        },
      },
      async (req, reply) => {
        const { yard, me, sessionHash } = await customer(req, req.params.yard);
        const added = await passkeys.add(yard, me, sessionHash, req.body, customerActor(me, req));
        return reply.code(201).send(added);
      },
    );

    app.post(
      '/api/portal/:yard/me/passkeys/:passkeyId/remove',
      {
        config: { access: 'customer' },
        schema: {
          params: PasskeyParams,
          body: PasskeyReauthRequest,
          response: { 200: PasskeyListResponse, ...errorResponses(401, 403, 404, 422, 429) },
        },
      },
      async (req) => {
        const { yard, me, sessionHash } = await customer(req, req.params.yard);
        if (req.body.currentPassword) {
          await limiter.hit(`current-password:${me.accountId}`, ACCOUNT_RATE_RULES.currentPasswordPerAccount);
        }
        return passkeys.remove(
          yard,
          me,
          sessionHash,
          req.params.passkeyId,
          req.body.currentPassword,
          customerActor(me, req),
        );
      },
    );

    app.post(
      '/api/portal/:yard/passkeys/sign-in/options',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          response: { 200: PasskeyOptionsResponse, ...errorResponses(404, 429) },
        },
      },
      async (req) => d.signIn.options(req.params.yard, req.ip, req.log),
    );

    app.post(
      '/api/portal/:yard/passkeys/sign-in',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: PasskeySignInRequest,
          response: { 200: PortalMe, ...errorResponses(400, 401, 404, 422, 429) },
        },
      },
      async (req, reply) => {
        const found = await d.signIn.verify(req.params.yard, req.body.credential, req.ip, req.log);
        const { yard } = found;
        // The same session rules as a password sign-in: a new session, a new CSRF secret, and
        // an account with no record of its own acts for the first record shared with it.
        const account = { id: found.accountId, customer_id: found.customerId };
        const actingCustomerId = await d.accounts.records.actingAtSignIn(yard.id, account);
        await sessions.start(
          req,
          reply,
          'customer',
          { yardId: yard.id, accountId: found.accountId, actingCustomerId },
          { keepSignedIn: req.body.keepSignedIn },
        );
        await d.accounts.recordSignIn(yard.id, found.customerId, 'passkey');
        return d.accounts.me(
          yard,
          await sessions.customerOfAccount(yard.id, found.accountId, actingCustomerId),
        );
      },
    );
  };
}
