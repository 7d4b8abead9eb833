import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AcceptAccessRequest,
  AccessGrantsResponse,
  AccessInviteLookupResponse,
  AccessTokenRequest,
  InviteAccessRequest,
  InviteAccessResponse,
  SwitchRecordRequest,
} from '../../shared/api-schemas/access.js';
import { PortalMe } from '../../shared/api-schemas/accounts.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import type { PortalAccounts } from '../accounts/portal-accounts.service.js';
import { customerActor, staffActor } from '../audit/audit-actor.js';
import { RATE_RULES, type RateLimiter } from '../auth/rate-limit.js';
import type { Sessions } from '../auth/sessions.js';
import { YardParams } from '../invites/invites.routes.js';
import { OrderParams } from '../orders/orders.schemas.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { AccessService } from './access.service.js';
import { requirePortalAbility } from './portal-ability.js';

const GrantParams = YardParams.extend({
  id: z.string().uuid('Pick the person from the list of people with access'),
});
const StaffCustomerParams = z.object({
  id: z.string().uuid('Customer ids are UUIDs; open the customer from the list'),
});
const StaffGrantParams = StaffCustomerParams.extend({
  grantId: z.string().uuid('Pick the person from the list of people with access'),
});

/** At most this many invitations an account sends in an hour (each one is an email). */
const INVITES_PER_HOUR = { limit: 20, windowMs: 60 * 60_000 };

export interface AccessRoutesDeps {
  sessions: Pick<Sessions, 'customer' | 'customerOfAccount' | 'setActing' | 'start' | 'staff'>;
  yards: PortalYards;
  accounts: Pick<PortalAccounts, 'me' | 'records'>;
  limiter: Pick<RateLimiter, 'hit'>;
  access: AccessService;
}

/** Shared access (docs/shared-access.md): the owner's, the grantee's and the staff's routes. */
export function accessRoutes({
  sessions,
  yards,
  accounts,
  limiter,
  access,
}: AccessRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/portal/:yard/access',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          response: { 200: AccessGrantsResponse, ...errorResponses(401, 403, 404) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        requirePortalAbility(me, 'manage');
        return access.list(yard.id, me.customerId);
      },
    );

    app.post(
      '/api/portal/:yard/access',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          body: InviteAccessRequest,
          response: { 201: InviteAccessResponse, ...errorResponses(401, 403, 404, 422, 429) },
        },
      },
      async (req, reply) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        requirePortalAbility(me, 'manage');
        await limiter.hit(`access-invite:${me.accountId}`, INVITES_PER_HOUR);
        return reply.code(201).send(await access.invite(yard, me, req.body, customerActor(me, req)));
      },
    );

    app.post(
      '/api/portal/:yard/access/:id/revoke',
      {
        config: { access: 'customer' },
        schema: {
          params: GrantParams,
          response: { 200: AccessGrantsResponse, ...errorResponses(401, 403, 404) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        requirePortalAbility(me, 'manage');
        return access.revoke(yard.id, me.customerId, req.params.id, customerActor(me, req));
      },
    );

    app.post(
      '/api/portal/:yard/access/acting',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          body: SwitchRecordRequest,
          response: { 200: PortalMe, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        const acting = await accounts.records.switchable(yard.id, me.accountId, req.body.customerId);
        await sessions.setActing(req, acting);
        return accounts.me(yard, await sessions.customerOfAccount(yard.id, me.accountId, acting));
      },
    );

    // An email's link to an order of another record the sign-in reaches: act for that record.
    app.post(
      '/api/portal/:yard/access/acting/orders/:id',
      {
        config: { access: 'customer' },
        schema: { params: OrderParams, response: { 200: PortalMe, ...errorResponses(401, 404, 422) } },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        const acting = await accounts.records.holderOfOrder(yard.id, me.accountId, req.params.id);
        await sessions.setActing(req, acting);
        return accounts.me(yard, await sessions.customerOfAccount(yard.id, me.accountId, acting));
      },
    );

    app.post(
      '/api/portal/:yard/access-invite/lookup',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: AccessTokenRequest,
          response: { 200: AccessInviteLookupResponse, ...errorResponses(404, 410, 422, 429) },
        },
      },
      async (req) => {
        await limiter.hit(`token:ip:${req.ip}`, RATE_RULES.tokenPerIp);
        const yard = await yards.bySlug(req.params.yard);
        return access.lookup(yard, req.body.token);
      },
    );

    app.post(
      '/api/portal/:yard/access-invite/accept',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: AcceptAccessRequest,
          response: { 200: PortalMe, ...errorResponses(401, 404, 409, 410, 422, 429) },
        },
      },
      async (req, reply) => {
        await limiter.hit(`token:ip:${req.ip}`, RATE_RULES.tokenPerIp);
        const yard = await yards.bySlug(req.params.yard);
        const done = await access.accept(yard, req.body, { client: req.ip, log: req.log });
        await sessions.start(req, reply, 'customer', {
          yardId: yard.id,
          accountId: done.accountId,
          actingCustomerId: done.ownerCustomerId,
        });
        return accounts.me(
          yard,
          await sessions.customerOfAccount(yard.id, done.accountId, done.ownerCustomerId),
        );
      },
    );

    app.get(
      '/api/staff/customers/:id/access',
      {
        config: { access: 'staff:invites' },
        schema: {
          params: StaffCustomerParams,
          response: { 200: AccessGrantsResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        return access.staffList(staff.yardId, req.params.id);
      },
    );

    app.post(
      '/api/staff/customers/:id/access/:grantId/revoke',
      {
        config: { access: 'staff:invites' },
        schema: {
          params: StaffGrantParams,
          response: { 200: AccessGrantsResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        return access.revoke(staff.yardId, req.params.id, req.params.grantId, staffActor(staff, req));
      },
    );
  };
}
