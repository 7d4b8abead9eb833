import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors.js';
import { errorResponses, MessageResponse } from '../../shared/api-schemas/errors.js';
import {
  AcceptEstimateRequest,
  DeclineEstimateRequest,
  OrderDetailResponse,
  PayInvoiceRequest,
  PayInvoiceResponse,
  PortalOrdersResponse,
} from '../../shared/api-schemas/orders.js';
import { requirePortalAbility } from '../access/portal-ability.js';
import { customerActor, staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import { YardParams } from '../invites/invites.routes.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { EstimateDrafting } from './estimate-drafting.service.js';
import { type EstimatesService, signatureOf } from './estimates.service.js';
import type { InvoicingService } from './invoicing.service.js';
import {
  EstimateParams,
  IdempotencyHeaders,
  InvoiceParams,
  OrderParams,
  PortalOrdersQuery,
  StaffOrderParams,
} from './orders.schemas.js';
import type { OrdersService } from './orders.service.js';
import { WebhookSignatureError } from './payment-provider.js';
import type { PaymentsService } from './payments.service.js';

export interface OrderRoutesDeps {
  sessions: Pick<Sessions, 'customer' | 'customerWith' | 'staff' | 'requireInScope'>;
  yards: PortalYards;
  orders: OrdersService;
  estimates: Pick<EstimatesService, 'accept' | 'decline'>;
  payments: Pick<PaymentsService, 'payInvoice' | 'handleWebhook'>;
  invoicing: Pick<InvoicingService, 'sendLatestOfOrder'>;
  drafting: Pick<EstimateDrafting, 'sendLatestOfOrder'>;
}

/**
 * Orders in the portal (detail, history filters, answering estimates, paying invoices),
 * the staff Orders section, and the payment provider's webhook.
 */
export function orderRoutes({
  sessions,
  yards,
  orders,
  estimates,
  payments,
  invoicing,
  drafting,
}: OrderRoutesDeps): FastifyPluginAsyncZod {
  const customer = async (req: Parameters<Sessions['customer']>[0], slug: string) => {
    const yard = await yards.bySlug(slug);
    return sessions.customer(req, yard.id);
  };

  return async (app) => {
    app.get(
      '/api/portal/:yard/orders',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          querystring: PortalOrdersQuery,
          response: { 200: PortalOrdersResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        // The session and the page in one statement (docs/operations.md, "Measured throughput").
        const { me, row } = await sessions.customerWith(req, yard.id, orders.historyPage(req.query));
        // A one-boat grant lists that boat's orders only, whatever boat the query names.
        if (me.boatId && req.query.boatId && req.query.boatId !== me.boatId) return { orders: [] };
        return orders.history(row.orders ?? [], me.boatId);
      },
    );

    app.get(
      '/api/portal/:yard/orders/:id',
      {
        config: { access: 'customer' },
        schema: {
          params: OrderParams,
          response: { 200: OrderDetailResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { orderId: req.params.id });
        return orders.detail(me.yardId, me.customerId, req.params.id);
      },
    );

    app.post(
      '/api/portal/:yard/estimates/:id/accept',
      {
        config: { access: 'customer' },
        schema: {
          params: EstimateParams,
          body: AcceptEstimateRequest,
          response: { 200: OrderDetailResponse, ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { estimateId: req.params.id });
        requirePortalAbility(me, 'approve');
        // The approval: the lines chosen and the signature go into the immutable snapshot.
        const { orderId } = await estimates.accept(me, req.params.id, customerActor(me, req), {
          declinedLineIds: req.body.declinedLineIds ?? [],
          signature: signatureOf(req.body.signature, req.headers['user-agent']),
        });
        return orders.detail(me.yardId, me.customerId, orderId);
      },
    );

    app.post(
      '/api/portal/:yard/estimates/:id/decline',
      {
        config: { access: 'customer' },
        schema: {
          params: EstimateParams,
          body: DeclineEstimateRequest,
          response: { 200: OrderDetailResponse, ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { estimateId: req.params.id });
        requirePortalAbility(me, 'approve');
        const { orderId } = await estimates.decline(
          me,
          req.params.id,
          req.body.reason || null,
          customerActor(me, req),
        );
        return orders.detail(me.yardId, me.customerId, orderId);
      },
    );

    app.post(
      '/api/portal/:yard/invoices/:id/payments',
      {
        config: { access: 'customer' },
        schema: {
          params: InvoiceParams,
          headers: IdempotencyHeaders,
          body: PayInvoiceRequest,
          response: { 200: PayInvoiceResponse, ...errorResponses(401, 402, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const me = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { invoiceId: req.params.id });
        requirePortalAbility(me, 'pay');
        const outcome = await payments.payInvoice(
          me,
          req.params.id,
          {
            amountCents: req.body.amountCents,
            cardNumber: req.body.cardNumber,
            savedCardId: req.body.savedCardId,
            idempotencyKey: req.headers['idempotency-key'],
          },
          customerActor(me, req),
        );
        return orders.paymentAnswer(me.yardId, me.customerId, outcome);
      },
    );

    await app.register(async (plugin) => {
      const staff = plugin.withTypeProvider<ZodTypeProvider>();
      // Signed-out requests are turned away before their input is even looked at.
      staff.addHook('onRequest', async (req) => {
        await sessions.staff(req);
      });
      staff.post(
        '/api/staff/orders/:id/send-estimate',
        {
          config: { access: 'staff:records' },
          schema: {
            params: StaffOrderParams,
            response: { 200: MessageResponse, ...errorResponses(401, 404, 409) },
          },
        },
        async (req) => {
          const me = await sessions.staff(req);
          // The same path as POST /api/staff/estimates/:id/send, on the order's newest version.
          const sent = await drafting.sendLatestOfOrder(me, req.params.id, staffActor(me, req));
          return { message: sent.message };
        },
      );
      staff.post(
        '/api/staff/orders/:id/send-invoice',
        {
          config: { access: 'staff:money' },
          schema: {
            params: StaffOrderParams,
            response: { 200: MessageResponse, ...errorResponses(401, 404, 409) },
          },
        },
        async (req) => {
          const me = await sessions.staff(req);
          // The same path as POST /api/staff/invoices/:id/send, on the order's newest draft.
          const sent = await invoicing.sendLatestOfOrder(me, req.params.id, staffActor(me, req));
          return { message: sent.message };
        },
      );
    });

    await app.register(async (hook) => {
      // The signature is computed over the exact bytes sent, so the body stays a Buffer here.
      hook.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
        done(null, body),
      );
      hook.post(
        '/api/payments/webhook',
        { config: { access: 'public', csrf: false } },
        async (req, reply) => {
          const signature = req.headers['stripe-signature'];
          try {
            const result = await payments.handleWebhook(
              req.body as Buffer,
              typeof signature === 'string' ? signature : undefined,
            );
            return reply.send({ received: true, recorded: result.recorded });
          } catch (err) {
            if (err instanceof WebhookSignatureError) {
              throw new AppError('BAD_SIGNATURE', 'The webhook signature does not match.');
            }
            throw err;
          }
        },
      );
    });
  };
}
