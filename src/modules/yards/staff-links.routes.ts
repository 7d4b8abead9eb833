import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  AcceptStaffLinkRequest,
  StaffLinkLookup,
  StaffLinkParams,
} from '../../shared/api-schemas/staff-users.js';
import { StaffMe } from '../../shared/api-schemas/yards.js';
import { ACCOUNT_RATE_RULES } from '../accounts/account-rate-rules.js';
import type { RateLimiter } from '../auth/rate-limit.js';
import type { Sessions } from '../auth/sessions.js';
import type { StaffLinks } from './staff-links.js';
import type { YardsService } from './yards.service.js';

export interface StaffLinkRoutesDeps {
  sessions: Pick<Sessions, 'start'>;
  limiter: Pick<RateLimiter, 'hit'>;
  links: StaffLinks;
  yards: Pick<YardsService, 'staffMe'>;
}

/**
 * A staff member's link from their email: GET tells its state and never uses it (mail
 * scanners open links); POST with the password uses it and signs them in.
 */
export function staffLinkRoutes({
  sessions,
  limiter,
  links,
  yards,
}: StaffLinkRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/staff/invite/:token',
      {
        config: { access: 'public' },
        schema: { params: StaffLinkParams, response: { 200: StaffLinkLookup, ...errorResponses(429) } },
      },
      async (req, reply) => {
        await limiter.hit(`staff-link:ip:${req.ip}`, ACCOUNT_RATE_RULES.linkPerIp);
        reply.header('Cache-Control', 'no-store');
        return links.lookup(req.params.token);
      },
    );

    app.post(
      '/api/staff/invite/:token',
      {
        config: { access: 'public' },
        schema: {
          params: StaffLinkParams,
          body: AcceptStaffLinkRequest,
          response: { 200: StaffMe, ...errorResponses(404, 410, 422, 429) },
        },
      },
      async (req, reply) => {
        await limiter.hit(`staff-link:ip:${req.ip}`, ACCOUNT_RATE_RULES.linkPerIp);
        const who = await links.accept(req.params.token, { ...req.body, ip: req.ip }, async (trx, w) => {
          await sessions.start(req, reply, 'staff', { yardId: w.yardId, staffId: w.staffId }, { trx });
          return w;
        });
        return yards.staffMe(who.yardId, who.staffId);
      },
    );
  };
}
