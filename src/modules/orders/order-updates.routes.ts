import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { OrderUpdatesResponse, PostOrderUpdateResponse } from '../../shared/api-schemas/order-updates.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import { sendPhoto } from '../service-requests/service-requests.routes.js';
import type { PortalYards } from '../yards/yards.service.js';
import { readOrderUpdateForm, UPDATE_MULTIPART_LIMITS } from './order-update-form.js';
import type { OrderUpdates } from './order-updates.service.js';
import { OrderParams, StaffOrderParams } from './orders.schemas.js';

const photoId = z.string().uuid('Photo ids are UUIDs');
const StaffPhotoParams = StaffOrderParams.extend({ photoId });
const PortalPhotoParams = OrderParams.extend({ photoId });
const PortalBoatParams = z.object({
  yard: OrderParams.shape.yard,
  id: z.string().uuid('Boat ids are UUIDs; open the boat from your portal home'),
});

const staffPhotoUrl = (orderId: string, id: string) => `/api/staff/orders/${orderId}/update-photos/${id}`;

/**
 * Job updates (docs/job-updates.md): staff post text and photos on an order; the customer
 * reads them on the order's and the boat's portal pages.
 */
export function orderUpdateRoutes({
  sessions,
  yards,
  updates,
}: {
  sessions: Pick<Sessions, 'customer' | 'staff' | 'requireInScope'>;
  yards: PortalYards;
  updates: OrderUpdates;
}): FastifyPluginAsyncZod {
  const customer = async (req: Parameters<Sessions['customer']>[0], slug: string) => {
    const yard = await yards.bySlug(slug);
    const me = await sessions.customer(req, yard.id);
    const portalPhotoUrl = (orderId: string, id: string) =>
      `/api/portal/${yard.slug}/orders/${orderId}/update-photos/${id}`;
    return { me, portalPhotoUrl };
  };

  return async (app) => {
    // Only this plugin's routes accept multipart bodies; the limits bound memory per request.
    await app.register(multipart, { limits: UPDATE_MULTIPART_LIMITS });

    app.post(
      '/api/staff/orders/:id/updates',
      {
        config: { access: 'staff:work' },
        schema: {
          params: StaffOrderParams,
          response: { 201: PostOrderUpdateResponse, ...errorResponses(401, 403, 404, 409, 413, 415, 422) },
        },
      },
      async (req, reply) => {
        const me = await sessions.staff(req);
        // Another yard's order is not found before a byte of the upload is read.
        await updates.requireOrder(me.yardId, req.params.id);
        const input = await readOrderUpdateForm(req);
        const update = await updates.post(me, req.params.id, input, staffActor(me, req), staffPhotoUrl);
        return reply
          .code(201)
          .send({ update, message: 'The update was posted; the customer can see it now.' });
      },
    );

    app.get(
      '/api/staff/orders/:id/updates',
      {
        config: { access: 'staff:read' },
        schema: {
          params: StaffOrderParams,
          response: { 200: OrderUpdatesResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return updates.forStaff(me.yardId, req.params.id, staffPhotoUrl);
      },
    );

    app.get(
      '/api/staff/orders/:id/update-photos/:photoId',
      { config: { access: 'staff:read' }, schema: { params: StaffPhotoParams } },
      async (req, reply) => {
        const me = await sessions.staff(req);
        return sendPhoto(reply, await updates.photo(me.yardId, req.params.id, req.params.photoId));
      },
    );

    app.get(
      '/api/portal/:yard/orders/:id/updates',
      {
        config: { access: 'customer' },
        schema: {
          params: OrderParams,
          response: { 200: OrderUpdatesResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const { me, portalPhotoUrl } = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { orderId: req.params.id });
        return updates.forCustomerOrder(me.yardId, me.customerId, req.params.id, portalPhotoUrl);
      },
    );

    app.get(
      '/api/portal/:yard/orders/:id/update-photos/:photoId',
      { config: { access: 'customer' }, schema: { params: PortalPhotoParams } },
      async (req, reply) => {
        const { me } = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { orderId: req.params.id });
        const { id, photoId: photo } = req.params;
        return sendPhoto(reply, await updates.photo(me.yardId, id, photo, me.customerId));
      },
    );

    app.get(
      '/api/portal/:yard/boats/:id/updates',
      {
        config: { access: 'customer' },
        schema: {
          params: PortalBoatParams,
          response: { 200: OrderUpdatesResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const { me, portalPhotoUrl } = await customer(req, req.params.yard);
        await sessions.requireInScope(me, { boatId: req.params.id });
        return updates.forCustomerBoat(me.yardId, me.customerId, req.params.id, portalPhotoUrl);
      },
    );
  };
}
