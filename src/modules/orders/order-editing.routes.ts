import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, MessageResponse } from '../../shared/api-schemas/errors.js';
import {
  AddCatalogJobRequest,
  CatalogJobInput,
  CatalogJobPatch,
  CatalogJobView,
  CatalogListResponse,
  CreateOrderRequest,
  CreateOrderResponse,
  OrderLinesResponse,
  ReplaceLinesRequest,
  StaffOrderResponse,
  StatusChangeRequest,
  UpdateOrderRequest,
} from '../../shared/api-schemas/order-editing.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import { type CatalogService, seesCatalogPrices } from './catalog.service.js';
import type { OrderEditingService } from './order-editing.service.js';
import { StaffOrderParams } from './orders.schemas.js';
import type { StaffOrderService } from './staff-order.service.js';

const CatalogParams = z.object({ id: z.string().uuid('Catalog job ids are UUIDs') });
const CatalogQuery = z.object({ archived: z.enum(['true', 'false']).optional() });

export interface OrderEditingRoutesDeps {
  sessions: Pick<Sessions, 'staff'>;
  editing: OrderEditingService;
  catalog: CatalogService;
  staffOrder: StaffOrderService;
}

/** Staff opening and editing orders, their lines and status; the service catalog; the order page. */
export function orderEditingRoutes({
  sessions,
  editing,
  catalog,
  staffOrder,
}: OrderEditingRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = app.withTypeProvider<ZodTypeProvider>();
    // Signed-out requests are turned away before their input is even looked at.
    staff.addHook('onRequest', async (req) => {
      await sessions.staff(req);
    });
    const me = (req: Parameters<Sessions['staff']>[0]) => sessions.staff(req);

    staff.post(
      '/api/staff/orders',
      {
        config: { access: 'staff:records' },
        schema: {
          body: CreateOrderRequest,
          response: { 201: CreateOrderResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req, reply) => {
        const s = await me(req);
        return reply.code(201).send(await editing.create(s.yardId, s.staffId, req.body, staffActor(s, req)));
      },
    );

    staff.get(
      '/api/staff/orders/:id',
      {
        config: { access: 'staff:read' },
        schema: {
          params: StaffOrderParams,
          response: { 200: StaffOrderResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => staffOrder.detail((await me(req)).yardId, req.params.id),
    );

    staff.patch(
      '/api/staff/orders/:id',
      {
        config: { access: 'staff:records' },
        schema: {
          params: StaffOrderParams,
          body: UpdateOrderRequest,
          response: { 200: StaffOrderResponse, ...errorResponses(401, 404, 409, 422) },
        },
      },
      async (req) => {
        const s = await me(req);
        await editing.update(s.yardId, req.params.id, req.body, staffActor(s, req));
        return staffOrder.detail(s.yardId, req.params.id);
      },
    );

    staff.put(
      '/api/staff/orders/:id/lines',
      {
        config: { access: 'staff:work' },
        schema: {
          params: StaffOrderParams,
          body: ReplaceLinesRequest,
          response: { 200: OrderLinesResponse, ...errorResponses(401, 404, 409, 422) },
        },
      },
      async (req) => {
        const s = await me(req);
        return editing.replaceLines(s.yardId, req.params.id, req.body.lines, staffActor(s, req));
      },
    );

    staff.post(
      '/api/staff/orders/:id/lines/from-catalog',
      {
        config: { access: 'staff:work' },
        schema: {
          params: StaffOrderParams,
          body: AddCatalogJobRequest,
          response: { 200: OrderLinesResponse, ...errorResponses(401, 404, 409, 422) },
        },
      },
      async (req) => {
        const s = await me(req);
        return editing.addFromCatalog(s.yardId, req.params.id, req.body.jobId, staffActor(s, req));
      },
    );

    staff.post(
      '/api/staff/orders/:id/status',
      {
        config: { access: 'staff:work' },
        schema: {
          params: StaffOrderParams,
          body: StatusChangeRequest,
          response: { 200: StaffOrderResponse, ...errorResponses(401, 404, 409, 422) },
        },
      },
      async (req) => {
        const s = await me(req);
        await editing.changeStatus(s.yardId, s.staffId, req.params.id, req.body, staffActor(s, req));
        return staffOrder.detail(s.yardId, req.params.id);
      },
    );

    staff.get(
      '/api/staff/catalog',
      {
        config: { access: 'staff:read' },
        schema: {
          querystring: CatalogQuery,
          response: { 200: CatalogListResponse, ...errorResponses(401, 422) },
        },
      },
      async (req) => {
        const s = await me(req);
        return catalog.list(s.yardId, req.query.archived === 'true', seesCatalogPrices(s.role));
      },
    );

    staff.post(
      '/api/staff/catalog',
      {
        config: { access: 'staff:records' },
        schema: {
          body: CatalogJobInput,
          response: { 201: CatalogJobView, ...errorResponses(401, 409, 422) },
        },
      },
      async (req, reply) => reply.code(201).send(await catalog.create((await me(req)).yardId, req.body)),
    );

    staff.patch(
      '/api/staff/catalog/:id',
      {
        config: { access: 'staff:records' },
        schema: {
          params: CatalogParams,
          body: CatalogJobPatch,
          response: { 200: CatalogJobView, ...errorResponses(401, 404, 409, 422) },
        },
      },
      async (req) => catalog.update((await me(req)).yardId, req.params.id, req.body),
    );

    staff.delete(
      '/api/staff/catalog/:id',
      {
        config: { access: 'staff:records' },
        schema: {
          params: CatalogParams,
          response: { 200: MessageResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const job = await catalog.archive((await me(req)).yardId, req.params.id);
        return { message: `"${job.name}" was archived; orders that used it keep their lines.` };
      },
    );
  };
}
