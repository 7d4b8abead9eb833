import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/deps.js';
import { AppError } from '../../server/errors.js';
import { PortalMe, PortalYardResponse } from '../../shared/api-schemas/accounts.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { RATE_RULES, rateLimiter } from '../auth/rate-limit.js';
import type { Sessions } from '../auth/sessions.js';
import { YardParams } from '../invites/invites.routes.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import { SignInRequest } from '../yards/staff.routes.js';
import { yardFromSlug } from '../yards/yard-from-slug.js';
import { dummyHash, verifyPassword } from './password-hash.js';
import { portalAccountData } from './portal-data.js';

/** Customer sign-in, sign-out and the portal home's data. */
export function accountRoutes(deps: AppDeps, sessions: Sessions): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const limiter = rateLimiter(db, deps.clock);
  const events = portalEventsRepo(db);

  return async (app) => {
    app.get(
      '/api/portal/:yard',
      { schema: { params: YardParams, response: { 200: PortalYardResponse, ...errorResponses(404) } } },
      async (req) => {
        const yard = await yardFromSlug(db, req.params.yard);
        return { yard: { id: yard.id, slug: yard.slug, name: yard.name } };
      },
    );

    app.post(
      '/api/portal/:yard/sign-in',
      {
        schema: {
          params: YardParams,
          body: SignInRequest,
          response: { 200: PortalMe, ...errorResponses(401, 404, 422, 429) },
        },
      },
      async (req, reply) => {
        await limiter.hit(`portal-sign-in:ip:${req.ip}`, RATE_RULES.signInPerIp);
        const yard = await yardFromSlug(db, req.params.yard);
        const email = req.body.email.toLowerCase();
        await limiter.hit(`portal-sign-in:${yard.id}:${email}`, RATE_RULES.signInPerAccount);
        const account = await db
          .selectFrom('portal_accounts')
          .select(['id', 'customer_id', 'password_hash'])
          .where('yard_id', '=', yard.id)
          .where((eb) => eb(eb.fn('lower', ['login_email']), '=', email))
          .executeTakeFirst();
        const ok = await verifyPassword(account?.password_hash ?? (await dummyHash()), req.body.password);
        if (!account || !ok) {
          throw new AppError(
            'BAD_CREDENTIALS',
            'That email and password do not match. Check both and try again.',
            401,
          );
        }
        await sessions.start(req, reply, 'customer', { yardId: yard.id, accountId: account.id });
        await events.add({
          yardId: yard.id,
          customerId: account.customer_id,
          kind: 'signed_in',
          at: deps.clock.now(),
        });
        return portalAccountData(db, yard, account.customer_id);
      },
    );

    app.post('/api/portal/:yard/sign-out', { schema: { params: YardParams } }, async (req, reply) => {
      await sessions.end(req, reply, 'customer');
      return reply.code(204).send();
    });

    app.get(
      '/api/portal/:yard/me',
      { schema: { params: YardParams, response: { 200: PortalMe, ...errorResponses(401, 404) } } },
      async (req) => {
        const yard = await yardFromSlug(db, req.params.yard);
        const me = await sessions.customer(req, yard.id);
        return portalAccountData(db, yard, me.customerId);
      },
    );
  };
}
