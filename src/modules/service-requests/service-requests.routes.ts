import multipart from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../server/errors.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { ServiceRequestDetails, ServiceRequestResponse } from '../../shared/api-schemas/service-requests.js';
import { requirePortalAbility } from '../access/portal-ability.js';
import type { Sessions } from '../auth/sessions.js';
import { YardParams } from '../invites/invites.routes.js';
import type { PortalYards } from '../yards/yards.service.js';
import { MULTIPART_LIMITS, readServiceRequestForm } from './service-request-form.js';
import type { ServiceRequests } from './service-requests.service.js';

const OrderParams = YardParams.extend({ orderId: z.string().uuid('Order ids are UUIDs') });
const PhotoParams = OrderParams.extend({ photoId: z.string().uuid('Photo ids are UUIDs') });
const StaffOrderParams = z.object({ orderId: z.string().uuid('Order ids are UUIDs') });
const StaffPhotoParams = StaffOrderParams.extend({ photoId: z.string().uuid('Photo ids are UUIDs') });

/** A stored photo, as an image only: never rendered as anything else, never cached by others. */
export function sendPhoto(
  reply: FastifyReply,
  photo: { file_name: string; content_type: string; data: Buffer },
) {
  const safeName = photo.file_name.replace(/[^\w.\- ]+/g, '_').slice(0, 100) || 'photo';
  return reply
    .header('Content-Type', photo.content_type)
    .header('Content-Disposition', `inline; filename="${safeName}"`)
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, max-age=3600')
    .send(Buffer.from(photo.data));
}

/** Request service from the portal (multipart, up to five photos); the request's details and photos for the customer and staff. */
export function serviceRequestRoutes({
  sessions,
  yards,
  service,
}: {
  sessions: Pick<Sessions, 'customer' | 'staff' | 'requireInScope'>;
  yards: PortalYards;
  service: ServiceRequests;
}): FastifyPluginAsyncZod {
  return async (app) => {
    // Only this plugin's routes accept multipart bodies; the limits bound memory per request.
    await app.register(multipart, { limits: MULTIPART_LIMITS });

    app.post(
      '/api/portal/:yard/service-requests',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          response: { 201: ServiceRequestResponse, ...errorResponses(401, 403, 404, 413, 415, 422) },
        },
      },
      async (req, reply) => {
        const yard = await yards.bySlug(req.params.yard);
        // Signed in before a byte of the upload is read.
        const me = await sessions.customer(req, yard.id);
        requirePortalAbility(me, 'request');
        const input = await readServiceRequestForm(req);
        // A one-boat grant requests service for that boat only, and adds no boats.
        if (me.boatId && !('id' in input.boat && input.boat.id === me.boatId)) throw notFound('That boat');
        return reply.code(201).send(await service.requestService(yard, me, input));
      },
    );

    app.get(
      '/api/portal/:yard/service-requests/:orderId',
      {
        config: { access: 'customer' },
        schema: {
          params: OrderParams,
          response: { 200: ServiceRequestDetails, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        await sessions.requireInScope(me, { orderId: req.params.orderId });
        const base = `/api/portal/${yard.slug}/service-requests/${req.params.orderId}/photos`;
        return service.details(yard.id, req.params.orderId, (id) => `${base}/${id}`, me.customerId);
      },
    );

    app.get(
      '/api/portal/:yard/service-requests/:orderId/photos/:photoId',
      { config: { access: 'customer' }, schema: { params: PhotoParams } },
      async (req, reply) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        await sessions.requireInScope(me, { orderId: req.params.orderId });
        const { orderId, photoId } = req.params;
        return sendPhoto(reply, await service.photo(yard.id, orderId, photoId, me.customerId));
      },
    );

    app.get(
      '/api/staff/orders/:orderId/service-request',
      {
        config: { access: 'staff:read' },
        schema: {
          params: StaffOrderParams,
          response: { 200: ServiceRequestDetails, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        const base = `/api/staff/orders/${req.params.orderId}/service-request/photos`;
        return service.details(staff.yardId, req.params.orderId, (id) => `${base}/${id}`);
      },
    );

    app.get(
      '/api/staff/orders/:orderId/service-request/photos/:photoId',
      { config: { access: 'staff:read' }, schema: { params: StaffPhotoParams } },
      async (req, reply) => {
        const staff = await sessions.staff(req);
        return sendPhoto(reply, await service.photo(staff.yardId, req.params.orderId, req.params.photoId));
      },
    );
  };
}
