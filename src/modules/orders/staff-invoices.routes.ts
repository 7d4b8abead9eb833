import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  BillingActionResponse,
  CounterPaymentRequest,
  CreateInvoiceRequest,
  CreditNoteRequest,
  OrderBillingResponse,
  RefundRequest,
  VoidInvoiceRequest,
} from '../../shared/api-schemas/invoices.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { BillingService } from './billing.service.js';
import type { CounterPaymentsService } from './counter-payments.service.js';
import type { InvoicingService } from './invoicing.service.js';
import { IdempotencyHeaders, InvoiceParams, StaffOrderParams } from './orders.schemas.js';

const uuid = (what: string) => z.string().uuid(`${what} ids are UUIDs`);
const StaffInvoiceParams = z.object({ id: uuid('Invoice') });
const StaffPaymentParams = z.object({ id: uuid('Payment') });
const PortalPaymentParams = z.object({
  yard: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  id: uuid('Payment'),
});

export interface InvoiceRoutesDeps {
  sessions: Pick<Sessions, 'customer' | 'staff' | 'requireInScope'>;
  yards: PortalYards;
  invoicing: InvoicingService;
  counter: CounterPaymentsService;
  billing: BillingService;
}

/** A PDF shown in the browser's viewer, saved under its own name. */
function pdf(reply: FastifyReply, doc: { pdf: Buffer; filename: string }) {
  return reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `inline; filename="${doc.filename}"`)
    .header('Cache-Control', 'no-store')
    .send(doc.pdf);
}

/**
 * Staff's billing of an order (invoices, counter payments, refunds) and the invoice and
 * receipt PDFs in the dashboard and the portal. Thin: each route asks a service.
 */
export function invoiceRoutes({
  sessions,
  yards,
  invoicing,
  counter,
  billing,
}: InvoiceRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const customer = async (req: Parameters<Sessions['customer']>[0], slug: string) => {
      const yard = await yards.bySlug(slug);
      return sessions.customer(req, yard.id);
    };

    app.get(
      '/api/portal/:yard/invoices/:id/pdf',
      { config: { access: 'customer' }, schema: { params: InvoiceParams } },
      async (req, reply) => {
        const me = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { invoiceId: req.params.id });
        return pdf(reply, await billing.invoiceDocument(me.yardId, req.params.id, me.customerId));
      },
    );
    app.get(
      '/api/portal/:yard/payments/:id/receipt.pdf',
      { config: { access: 'customer' }, schema: { params: PortalPaymentParams } },
      async (req, reply) => {
        const me = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { paymentId: req.params.id });
        return pdf(reply, await billing.receiptDocument(me.yardId, req.params.id, me.customerId));
      },
    );

    await app.register(async (plugin) => {
      const staff = plugin.withTypeProvider<ZodTypeProvider>();
      staff.addHook('onRequest', async (req) => {
        await sessions.staff(req);
      });
      const answer = async (
        yardId: string,
        orderId: string,
        r: { message: string; invoiceId?: string | null },
      ) => ({
        message: r.message,
        invoiceId: r.invoiceId ?? null,
        billing: await billing.billing(yardId, orderId),
      });
      const action = { 200: BillingActionResponse, ...errorResponses(401, 404, 409, 422) };

      staff.get(
        '/api/staff/orders/:id/billing',
        {
          config: { access: 'staff:read' },
          schema: {
            params: StaffOrderParams,
            response: { 200: OrderBillingResponse, ...errorResponses(401, 404) },
          },
        },
        async (req) => billing.billing((await sessions.staff(req)).yardId, req.params.id),
      );
      staff.post(
        '/api/staff/orders/:id/invoices',
        {
          config: { access: 'staff:money' },
          schema: {
            params: StaffOrderParams,
            body: CreateInvoiceRequest,
            response: { 201: BillingActionResponse, ...action },
          },
        },
        async (req, reply) => {
          const me = await sessions.staff(req);
          const invoiceId = await invoicing.create(me, req.params.id, req.body, staffActor(me, req));
          reply.code(201);
          return answer(me.yardId, req.params.id, { message: 'A draft invoice was created.', invoiceId });
        },
      );
      staff.post(
        '/api/staff/invoices/:id/send',
        { config: { access: 'staff:money' }, schema: { params: StaffInvoiceParams, response: action } },
        async (req) => {
          const me = await sessions.staff(req);
          const r = await invoicing.send(me, req.params.id, staffActor(me, req));
          return answer(me.yardId, r.orderId, { ...r, invoiceId: req.params.id });
        },
      );
      staff.post(
        '/api/staff/invoices/:id/void',
        {
          config: { access: 'staff:money' },
          schema: { params: StaffInvoiceParams, body: VoidInvoiceRequest, response: action },
        },
        async (req) => {
          const me = await sessions.staff(req);
          const r = await invoicing.voidInvoice(me, req.params.id, req.body.reason, staffActor(me, req));
          return answer(me.yardId, r.orderId, { ...r, invoiceId: req.params.id });
        },
      );
      staff.post(
        '/api/staff/invoices/:id/reissue',
        { config: { access: 'staff:money' }, schema: { params: StaffInvoiceParams, response: action } },
        async (req) => {
          const me = await sessions.staff(req);
          const r = await invoicing.reissue(me, req.params.id, staffActor(me, req));
          return answer(me.yardId, r.orderId, r);
        },
      );
      staff.post(
        '/api/staff/invoices/:id/credit-note',
        {
          config: { access: 'staff:money' },
          schema: { params: StaffInvoiceParams, body: CreditNoteRequest, response: action },
        },
        async (req) => {
          const me = await sessions.staff(req);
          const r = await invoicing.creditNote(me, req.params.id, req.body, staffActor(me, req));
          return answer(me.yardId, r.orderId, r);
        },
      );
      staff.delete(
        '/api/staff/invoices/:id',
        { config: { access: 'staff:money' }, schema: { params: StaffInvoiceParams, response: action } },
        async (req) => {
          const me = await sessions.staff(req);
          const r = await invoicing.remove(me, req.params.id, staffActor(me, req));
          return answer(me.yardId, r.orderId, r);
        },
      );
      staff.post(
        '/api/staff/invoices/:id/payments',
        {
          config: { access: 'staff:money' },
          schema: {
            params: StaffInvoiceParams,
            headers: IdempotencyHeaders,
            body: CounterPaymentRequest,
            response: action,
          },
        },
        async (req) => {
          const me = await sessions.staff(req);
          const r = await counter.record(
            me,
            req.params.id,
            req.body,
            req.headers['idempotency-key'],
            staffActor(me, req),
          );
          return answer(me.yardId, r.orderId, {
            message: 'The payment was recorded. The customer gets a receipt by email.',
            invoiceId: req.params.id,
          });
        },
      );
      staff.post(
        '/api/staff/payments/:id/refunds',
        {
          config: { access: 'staff:money' },
          schema: {
            params: StaffPaymentParams,
            body: RefundRequest,
            response: { ...action, ...errorResponses(502) },
          },
        },
        async (req) => {
          const me = await sessions.staff(req);
          const r = await counter.refund(me, req.params.id, req.body, staffActor(me, req));
          return answer(me.yardId, r.orderId, {
            message: 'The refund was recorded. The customer gets an email.',
          });
        },
      );
      staff.get(
        '/api/staff/invoices/:id/pdf',
        { config: { access: 'staff:read' }, schema: { params: StaffInvoiceParams } },
        async (req, reply) => {
          const me = await sessions.staff(req);
          return pdf(reply, await billing.invoiceDocument(me.yardId, req.params.id));
        },
      );
      staff.get(
        '/api/staff/payments/:id/receipt.pdf',
        { config: { access: 'staff:read' }, schema: { params: StaffPaymentParams } },
        async (req, reply) => {
          const me = await sessions.staff(req);
          return pdf(reply, await billing.receiptDocument(me.yardId, req.params.id));
        },
      );
    });
  };
}
