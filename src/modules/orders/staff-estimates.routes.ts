import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/connection.js';
import { notFound } from '../../server/errors.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  CreateEstimateRequest,
  StaffEstimateResponse,
  StaffEstimatesResponse,
  UpdateEstimateRequest,
} from '../../shared/api-schemas/estimates.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { EstimateDrafting } from './estimate-drafting.service.js';
import { loadEstimatePdf } from './estimate-pdf.js';
import { EstimateParams, StaffOrderParams } from './orders.schemas.js';

const StaffEstimateParams = z.object({ id: z.string().uuid('Estimate ids are UUIDs') });

/** A PDF as a download: never sniffed as anything else, never cached by others. */
function sendPdf(reply: FastifyReply, pdf: { filename: string; data: Buffer }) {
  return reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `attachment; filename="${pdf.filename}"`)
    .header('Cache-Control', 'private, no-store')
    .send(pdf.data);
}

/**
 * Staff's estimates of an order (every version; draft from the lines, refresh, expiry,
 * send and re-send, revise; the PDF), and the customer's PDF of their own estimate.
 */
export function staffEstimateRoutes({
  sessions,
  yards,
  drafting,
  database,
}: {
  sessions: Pick<Sessions, 'customer' | 'staff' | 'requireInScope'>;
  yards: PortalYards;
  drafting: EstimateDrafting;
  database: Database;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/portal/:yard/estimates/:id/pdf',
      {
        config: { access: 'customer' },
        schema: { params: EstimateParams, response: errorResponses(401, 404, 422) },
      },
      async (req, reply) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        await sessions.requireInScope(me, { estimateId: req.params.id });
        const pdf = await loadEstimatePdf(database.db, me.yardId, req.params.id, me.customerId);
        if (!pdf) throw notFound('That estimate');
        return sendPdf(reply, pdf);
      },
    );

    await app.register(async (plugin) => {
      const staff = plugin.withTypeProvider<ZodTypeProvider>();
      // Signed-out requests are turned away before their input is even looked at.
      staff.addHook('onRequest', async (req) => {
        await sessions.staff(req);
      });

      staff.get(
        '/api/staff/orders/:id/estimates',
        {
          config: { access: 'staff:read' },
          schema: {
            params: StaffOrderParams,
            response: { 200: StaffEstimatesResponse, ...errorResponses(401, 404, 422) },
          },
        },
        async (req) => drafting.list((await sessions.staff(req)).yardId, req.params.id),
      );

      staff.post(
        '/api/staff/orders/:id/estimates',
        {
          config: { access: 'staff:records' },
          schema: {
            params: StaffOrderParams,
            body: CreateEstimateRequest.nullish(),
            response: { 201: StaffEstimateResponse, ...errorResponses(401, 404, 409, 422) },
          },
        },
        async (req, reply) => {
          const me = await sessions.staff(req);
          return reply
            .code(201)
            .send(await drafting.create(me, req.params.id, req.body ?? {}, staffActor(me, req)));
        },
      );

      staff.patch(
        '/api/staff/estimates/:id',
        {
          config: { access: 'staff:records' },
          schema: {
            params: StaffEstimateParams,
            body: UpdateEstimateRequest,
            response: { 200: StaffEstimateResponse, ...errorResponses(401, 404, 409, 422) },
          },
        },
        async (req) => {
          const me = await sessions.staff(req);
          return drafting.update(me, req.params.id, req.body, staffActor(me, req));
        },
      );

      staff.post(
        '/api/staff/estimates/:id/refresh',
        {
          config: { access: 'staff:records' },
          schema: {
            params: StaffEstimateParams,
            body: UpdateEstimateRequest.nullish(),
            response: { 200: StaffEstimateResponse, ...errorResponses(401, 404, 409, 422) },
          },
        },
        async (req) => {
          const me = await sessions.staff(req);
          return drafting.refresh(me, req.params.id, req.body ?? {}, staffActor(me, req));
        },
      );

      staff.post(
        '/api/staff/estimates/:id/revise',
        {
          config: { access: 'staff:records' },
          schema: {
            params: StaffEstimateParams,
            response: { 201: StaffEstimateResponse, ...errorResponses(401, 404, 409, 422) },
          },
        },
        async (req, reply) => {
          const me = await sessions.staff(req);
          return reply.code(201).send(await drafting.revise(me, req.params.id, staffActor(me, req)));
        },
      );

      staff.post(
        '/api/staff/estimates/:id/send',
        {
          config: { access: 'staff:records' },
          schema: {
            params: StaffEstimateParams,
            response: { 200: StaffEstimateResponse, ...errorResponses(401, 404, 409, 422) },
          },
        },
        async (req) => {
          const me = await sessions.staff(req);
          return drafting.send(me, req.params.id, staffActor(me, req));
        },
      );

      staff.get(
        '/api/staff/estimates/:id/pdf',
        {
          config: { access: 'staff:read' },
          schema: { params: StaffEstimateParams, response: errorResponses(401, 404, 422) },
        },
        async (req, reply) => {
          const me = await sessions.staff(req);
          const pdf = await loadEstimatePdf(database.db, me.yardId, req.params.id);
          if (!pdf) throw notFound('That estimate');
          return sendPdf(reply, pdf);
        },
      );
    });
  };
}
