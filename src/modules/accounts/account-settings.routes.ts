import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unauthenticated } from '../../server/errors.js';
import {
  EmailChangeLookupResponse,
  PortalMe,
  UpdateContactRequest,
} from '../../shared/api-schemas/accounts.js';
import { errorResponses, MessageResponse } from '../../shared/api-schemas/errors.js';
import { emailAddress } from '../../shared/api-schemas/text-fields.js';
import { requirePortalAbility } from '../access/portal-ability.js';
import { customerActor } from '../audit/audit-actor.js';
import type { RateLimiter } from '../auth/rate-limit.js';
import type { Sessions } from '../auth/sessions.js';
import { YardParams } from '../invites/invites.routes.js';
import type { PortalYards } from '../yards/yards.service.js';
import { ACCOUNT_RATE_RULES } from './account-rate-rules.js';
import type { AccountSettings } from './account-settings.service.js';
import type { PortalAccounts } from './portal-accounts.service.js';

const ChangeEmailRequest = z.object({
  newEmail: emailAddress('New email', 'Enter the new email address, e.g. name@example.com').toLowerCase(),
  currentPassword: z.string().min(1, 'Enter your current password').max(4096),
});
const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(4096),
  password: z.string().max(4096, 'That password is far too long'),
  confirmPassword: z.string().max(4096),
});
const LinkTokenBody = z.object({ token: z.string().min(1, 'The link is incomplete').max(200) });

export interface AccountSettingsRoutesDeps {
  sessions: Pick<Sessions, 'customer' | 'idHash' | 'forget'>;
  yards: PortalYards;
  limiter: Pick<RateLimiter, 'hit'>;
  settings: AccountSettings;
  accounts: Pick<PortalAccounts, 'me'>;
}

/** The signed-in customer's account page, and the email-confirmation link. */
export function accountSettingsRoutes({
  sessions,
  yards,
  limiter,
  settings,
  accounts,
}: AccountSettingsRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      '/api/portal/:yard/me',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          body: UpdateContactRequest,
          response: { 200: PortalMe, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        requirePortalAbility(me, 'manage');
        await settings.updateContact(yard, me, req.body, customerActor(me, req));
        return accounts.me(yard, me);
      },
    );

    app.post(
      '/api/portal/:yard/me/email',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          body: ChangeEmailRequest,
          response: { 202: MessageResponse, ...errorResponses(401, 403, 404, 422, 429) },
        },
      },
      async (req, reply) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        requirePortalAbility(me, 'manage');
        await limiter.hit(`current-password:${me.accountId}`, ACCOUNT_RATE_RULES.currentPasswordPerAccount);
        return reply.code(202).send(await settings.requestEmailChange(yard, me, req.body));
      },
    );

    app.post(
      '/api/portal/:yard/me/password',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          body: ChangePasswordRequest,
          response: { 200: MessageResponse, ...errorResponses(401, 404, 422, 429) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        await limiter.hit(`current-password:${me.accountId}`, ACCOUNT_RATE_RULES.currentPasswordPerAccount);
        const idHash = sessions.idHash(req, 'customer');
        if (!idHash) throw unauthenticated();
        await settings.changePassword(yard, me, req.body, idHash);
        return { message: 'Your password was changed. You were signed out on your other devices.' };
      },
    );

    app.post(
      '/api/portal/:yard/me/sign-out-everywhere',
      { config: { access: 'customer' }, schema: { params: YardParams } },
      async (req, reply) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        await settings.signOutEverywhere(yard, me);
        sessions.forget(reply, 'customer');
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/portal/:yard/email-change/lookup',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: LinkTokenBody,
          response: { 200: EmailChangeLookupResponse, ...errorResponses(404, 410, 429) },
        },
      },
      async (req) => {
        await limiter.hit(`email-link:ip:${req.ip}`, ACCOUNT_RATE_RULES.linkPerIp);
        const yard = await yards.bySlug(req.params.yard);
        return settings.lookupEmailChange(yard, req.body.token);
      },
    );

    app.post(
      '/api/portal/:yard/email-change/confirm',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: LinkTokenBody,
          response: { 200: MessageResponse, ...errorResponses(404, 409, 410, 429) },
        },
      },
      async (req) => {
        await limiter.hit(`email-link:ip:${req.ip}`, ACCOUNT_RATE_RULES.linkPerIp);
        const yard = await yards.bySlug(req.params.yard);
        return settings.confirmEmailChange(
          yard,
          req.body.token,
          sessions.idHash(req, 'customer') ?? undefined,
          { ip: req.ip },
        );
      },
    );
  };
}
