import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PortalMe } from '../../shared/api-schemas/accounts.js';
import { errorResponses, MessageResponse } from '../../shared/api-schemas/errors.js';
import { InviteLookupResponse, SendInviteResponse } from '../../shared/api-schemas/invites.js';
import { emailAddress } from '../../shared/api-schemas/text-fields.js';
import type { PortalAccounts } from '../accounts/portal-accounts.service.js';
import { RATE_RULES, type RateLimiter } from '../auth/rate-limit.js';
import { ownPrincipal, type Sessions } from '../auth/sessions.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { InvitesService } from './invites.service.js';

const CustomerParams = z.object({
  id: z.string().uuid('Customer ids are UUIDs; open the customer from the list'),
});
export const YardParams = z.object({
  yard: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'That is not a portal address. Check the link the yard gave you.'),
});
// Length-checked only: a malformed token gets the same friendly "not recognised" answer as an unknown one.
const TokenBody = z.object({ token: z.string().min(1, 'The invite link is incomplete').max(200) });
const AcceptInviteRequest = TokenBody.extend({
  password: z.string().max(4096, 'That password is far too long'),
  // Not asked when the address already signs in (shared access): that password is the check.
  confirmPassword: z.string().max(4096).optional(),
});
const RequestNewInviteRequest = z.object({
  email: emailAddress('Email', 'Enter the email address the yard has on file, e.g. name@example.com'),
});

export interface InviteRoutesDeps {
  sessions: Pick<Sessions, 'staff' | 'start'>;
  invites: Pick<InvitesService, 'sendInvite' | 'lookupInvite' | 'acceptInvite' | 'requestNewInvite'>;
  yards: PortalYards;
  limiter: Pick<RateLimiter, 'hit'>;
  accounts: Pick<PortalAccounts, 'me'>;
}

/** Sending an invite (staff), and opening, accepting or asking again for one (portal). */
export function inviteRoutes({ sessions, invites, yards, limiter, accounts }: InviteRoutesDeps): {
  staff: FastifyPluginAsyncZod;
  portal: FastifyPluginAsyncZod;
} {
  const staff: FastifyPluginAsyncZod = async (app) => {
    app.post(
      '/api/staff/customers/:id/invites',
      {
        config: { access: 'staff:invites' },
        schema: {
          params: CustomerParams,
          response: { 201: SendInviteResponse, ...errorResponses(401, 404, 409, 422) },
        },
      },
      async (req, reply) => {
        const me = await sessions.staff(req);
        const portal = await invites.sendInvite(me.yardId, req.params.id, me.staffId);
        return reply.code(201).send({ portal });
      },
    );
  };

  const portal: FastifyPluginAsyncZod = async (app) => {
    app.post(
      '/api/portal/:yard/invite/lookup',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: TokenBody,
          response: { 200: InviteLookupResponse, ...errorResponses(404, 410, 429) },
        },
      },
      async (req) => {
        await limiter.hit(`token:ip:${req.ip}`, RATE_RULES.tokenPerIp);
        const yard = await yards.bySlug(req.params.yard);
        return invites.lookupInvite(yard, req.body.token);
      },
    );

    app.post(
      '/api/portal/:yard/invite/accept',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: AcceptInviteRequest,
          response: { 200: PortalMe, ...errorResponses(401, 404, 409, 410, 422, 429) },
        },
      },
      async (req, reply) => {
        await limiter.hit(`token:ip:${req.ip}`, RATE_RULES.tokenPerIp);
        const yard = await yards.bySlug(req.params.yard);
        const done = await invites.acceptInvite(
          yard,
          req.body.token,
          req.body.password,
          req.body.confirmPassword ?? '',
          { client: req.ip, log: req.log },
        );
        await sessions.start(req, reply, 'customer', { yardId: yard.id, accountId: done.accountId });
        return accounts.me(yard, ownPrincipal(done));
      },
    );

    app.post(
      '/api/portal/:yard/invite/request-new',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: RequestNewInviteRequest,
          response: { 202: MessageResponse, ...errorResponses(404, 422, 429) },
        },
      },
      async (req, reply) => {
        await limiter.hit(`new-invite:ip:${req.ip}`, RATE_RULES.newInviteRequestPerIp);
        const yard = await yards.bySlug(req.params.yard);
        return reply.code(202).send(await invites.requestNewInvite(yard, req.body.email));
      },
    );
  };
  return { staff, portal };
}
