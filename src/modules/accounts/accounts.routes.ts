import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PortalMe, PortalYardResponse } from '../../shared/api-schemas/accounts.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import type { Sessions } from '../auth/sessions.js';
import { PortalSignInRequest } from '../auth/sign-in.schemas.js';
import { YardParams } from '../invites/invites.routes.js';
import { yardSummary } from '../yards/yard-summary.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { PortalAccounts } from './portal-accounts.service.js';

export interface AccountRoutesDeps {
  sessions: Pick<Sessions, 'start' | 'end' | 'customer' | 'customerOfAccount'>;
  yards: PortalYards;
  accounts: PortalAccounts;
}

/** Customer sign-in, sign-out and the portal home's data. */
export function accountRoutes({ sessions, yards, accounts }: AccountRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/portal/:yard',
      {
        config: { access: 'public' },
        schema: { params: YardParams, response: { 200: PortalYardResponse, ...errorResponses(404) } },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        return { yard: yardSummary(yard) };
      },
    );

    app.post(
      '/api/portal/:yard/sign-in',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: PortalSignInRequest,
          response: { 200: PortalMe, ...errorResponses(401, 403, 404, 422, 429) },
        },
      },
      async (req, reply) => {
        const account = await accounts.signIn(req.params.yard, {
          email: req.body.email.toLowerCase(),
          password: req.body.password,
          client: req.ip,
          log: req.log,
        });
        const { yard } = account;
        // An account with no record of its own acts for the first record shared with it.
        const actingCustomerId = await accounts.records.actingAtSignIn(yard.id, account);
        await sessions.start(
          req,
          reply,
          'customer',
          { yardId: yard.id, accountId: account.id, actingCustomerId },
          { keepSignedIn: req.body.keepSignedIn },
        );
        await accounts.recordSignIn(yard.id, account.customer_id);
        return accounts.me(yard, await sessions.customerOfAccount(yard.id, account.id, actingCustomerId));
      },
    );

    app.post(
      '/api/portal/:yard/sign-out',
      { config: { access: 'public' }, schema: { params: YardParams } },
      async (req, reply) => {
        await sessions.end(req, reply, 'customer');
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/portal/:yard/me',
      {
        config: { access: 'customer' },
        schema: { params: YardParams, response: { 200: PortalMe, ...errorResponses(401, 404) } },
      },
      async (req) => {
        // The session and the record's version in one statement, the page kept by version (docs/page-cache.md).
        return accounts.meOfRequest(req, await yards.bySlug(req.params.yard));
      },
    );
  };
}
