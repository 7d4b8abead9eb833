import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/deps.js';
import { PortalMe, PortalYardResponse } from '../../shared/api-schemas/accounts.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import type { Sessions } from '../auth/sessions.js';
import { createSignIn } from '../auth/sign-in.js';
import { PortalSignInRequest } from '../auth/sign-in.schemas.js';
import { YardParams } from '../invites/invites.routes.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import { yardFromSlug } from '../yards/yard-from-slug.js';
import { accountsRepo } from './accounts.repo.js';
import { portalAccountData } from './portal-data.js';

/** Customer sign-in, sign-out and the portal home's data. */
export function accountRoutes(deps: AppDeps, sessions: Sessions): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const { signIn } = createSignIn(deps);
  const accounts = accountsRepo(db);
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
          body: PortalSignInRequest,
          response: { 200: PortalMe, ...errorResponses(401, 404, 422, 429) },
        },
      },
      async (req, reply) => {
        const account = await signIn(
          {
            realm: `portal:${req.params.yard}`,
            email: req.body.email.toLowerCase(),
            password: req.body.password,
            client: req.ip,
            log: req.log,
          },
          // The yard is looked up after the limits, so guesses at unknown yards count as failures.
          async (email) => {
            const yard = await yardFromSlug(db, req.params.yard);
            const found = await accounts.findForSignIn(yard.id, email);
            return found && { ...found, yard };
          },
        );
        const { yard } = account;
        await sessions.start(
          req,
          reply,
          'customer',
          { yardId: yard.id, accountId: account.id },
          { keepSignedIn: req.body.keepSignedIn },
        );
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
