import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  CardParams,
  CardSetupParams,
  CardSetupResponse,
  ConfirmCardSetupRequest,
  ReceiptDetailResponse,
  ReceiptParams,
  ReceiptsResponse,
  SavedCardResponse,
  SavedCardsResponse,
  StaffCustomerCardsParams,
} from '../../shared/api-schemas/saved-cards.js';
import { requirePortalAbility } from '../access/portal-ability.js';
import { customerActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import { YardParams } from '../invites/invites.routes.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { ReceiptsService } from './receipts.service.js';
import type { SavedCardsService } from './saved-cards.service.js';

export interface SavedCardRoutesDeps {
  sessions: Pick<Sessions, 'customer' | 'staff' | 'requireInScope'>;
  yards: PortalYards;
  cards: SavedCardsService;
  receipts: ReceiptsService;
}

/**
 * Saved cards and receipts in the portal (docs/saved-cards.md), and a customer's saved
 * cards for staff. Paying with a saved card is `POST /api/portal/:yard/invoices/:id/payments`
 * with `savedCardId` (orders.routes.ts).
 */
export function savedCardRoutes({
  sessions,
  yards,
  cards,
  receipts,
}: SavedCardRoutesDeps): FastifyPluginAsyncZod {
  /**
   * The signed-in person, allowed `ability` for the record they act for (docs/shared-access.md):
   * the account holder manages its cards; a grant that may pay sees them and pays with them.
   */
  const customer = async (
    req: Parameters<Sessions['customer']>[0],
    slug: string,
    ability?: 'pay' | 'manage',
  ) => {
    const yard = await yards.bySlug(slug);
    const me = await sessions.customer(req, yard.id);
    if (ability) requirePortalAbility(me, ability);
    return me;
  };

  return async (app) => {
    app.get(
      '/api/portal/:yard/cards',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          response: { 200: SavedCardsResponse, ...errorResponses(401, 403, 404) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard, 'pay');
        return { cards: await cards.list(me.yardId, me.customerId), provider: cards.provider };
      },
    );

    app.post(
      '/api/portal/:yard/cards/setups',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          response: { 200: CardSetupResponse, ...errorResponses(401, 403, 404) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard, 'manage');
        return cards.startSetup(me);
      },
    );

    app.post(
      '/api/portal/:yard/cards/setups/:id/confirm',
      {
        config: { access: 'customer' },
        schema: {
          params: CardSetupParams,
          body: ConfirmCardSetupRequest.nullish(),
          response: { 200: SavedCardResponse, ...errorResponses(401, 402, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard, 'manage');
        return cards.confirmSetup(me, req.params.id, req.body ?? {}, customerActor(me, req));
      },
    );

    app.post(
      '/api/portal/:yard/cards/:id/default',
      {
        config: { access: 'customer' },
        schema: {
          params: CardParams,
          response: { 200: SavedCardsResponse, ...errorResponses(401, 403, 404) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard, 'manage');
        const list = await cards.setDefault(me, req.params.id, customerActor(me, req));
        return { cards: list, provider: cards.provider };
      },
    );

    app.delete(
      '/api/portal/:yard/cards/:id',
      {
        config: { access: 'customer' },
        schema: {
          params: CardParams,
          response: { 200: SavedCardsResponse, ...errorResponses(401, 403, 404) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard, 'manage');
        const list = await cards.remove(me, req.params.id, customerActor(me, req));
        return { cards: list, provider: cards.provider };
      },
    );

    app.get(
      '/api/portal/:yard/receipts',
      {
        config: { access: 'customer' },
        schema: { params: YardParams, response: { 200: ReceiptsResponse, ...errorResponses(401, 404) } },
      },
      async (req) => {
        const me = await customer(req, req.params.yard);
        const all = await receipts.list(me.yardId, me.customerId);
        if (!me.boatId) return all;
        // A grant for one boat: the receipts of that boat's orders only.
        const shown = await Promise.all(
          all.receipts.map((r) =>
            sessions.requireInScope(me, { paymentId: r.paymentId }).then(
              () => true,
              () => false,
            ),
          ),
        );
        return { ...all, receipts: all.receipts.filter((_, i) => shown[i]) };
      },
    );

    app.get(
      '/api/portal/:yard/receipts/:id',
      {
        config: { access: 'customer' },
        schema: {
          params: ReceiptParams,
          response: { 200: ReceiptDetailResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { paymentId: req.params.id });
        return receipts.detail(me.yardId, me.customerId, req.params.id);
      },
    );

    await app.register(async (plugin) => {
      const staff = plugin.withTypeProvider<ZodTypeProvider>();
      staff.addHook('onRequest', async (req) => {
        await sessions.staff(req);
      });
      staff.get(
        '/api/staff/customers/:id/cards',
        {
          config: { access: 'staff:read' },
          schema: {
            params: StaffCustomerCardsParams,
            response: { 200: SavedCardsResponse, ...errorResponses(401, 403, 404, 422) },
          },
        },
        async (req) => {
          const me = await sessions.staff(req);
          return { cards: await cards.ofCustomer(me.yardId, req.params.id), provider: cards.provider };
        },
      );
    });
  };
}
