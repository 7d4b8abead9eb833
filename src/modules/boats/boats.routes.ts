import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BoatResponse,
  BoatStatusResponse,
  CreateBoatRequest,
  SetBoatStatusRequest,
  TransferBoatRequest,
  UpdateBoatRequest,
} from '../../shared/api-schemas/boats.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import type { BoatStatusService } from './boat-status.service.js';
import type { BoatsService } from './boats.service.js';

const BoatParams = z.object({ id: z.string().uuid('Boat ids are UUIDs; open the boat from its customer') });
const CustomerParams = z.object({
  id: z.string().uuid('Customer ids are UUIDs; open the customer from the list'),
});

/** A customer's boats as staff keep them (docs/yards.md, "Boats"). */
export function boatRoutes({
  sessions,
  boats,
  boatStatus,
}: {
  sessions: Pick<Sessions, 'staff'>;
  boats: BoatsService;
  boatStatus: Pick<BoatStatusService, 'status' | 'set'>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    const written = { 200: BoatResponse, ...errorResponses(401, 403, 404, 422) };

    app.post(
      '/api/staff/customers/:id/boats',
      {
        config: { access: 'staff:records' },
        schema: {
          params: CustomerParams,
          body: CreateBoatRequest,
          response: { 201: BoatResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req, reply) => {
        const s = await sessions.staff(req);
        const saved = await boats.create(s.yardId, req.params.id, req.body, staffActor(s, req));
        return reply.code(201).send(saved);
      },
    );

    app.get(
      '/api/staff/boats/:id',
      {
        config: { access: 'staff:read' },
        schema: {
          params: BoatParams,
          response: { 200: BoatResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return boats.get(s.yardId, req.params.id);
      },
    );

    app.patch(
      '/api/staff/boats/:id',
      {
        config: { access: 'staff:records' },
        schema: { params: BoatParams, body: UpdateBoatRequest, response: written },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return boats.update(s.yardId, req.params.id, req.body, staffActor(s, req));
      },
    );

    app.post(
      '/api/staff/boats/:id/transfer',
      {
        config: { access: 'staff:records' },
        schema: { params: BoatParams, body: TransferBoatRequest, response: written },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return boats.transfer(s.yardId, req.params.id, req.body.customerId, staffActor(s, req));
      },
    );

    // The live yard status (docs/boat-status.md): a technician's reach narrows to the boats
    // on orders assigned to them (technician-scope.ts).
    app.get(
      '/api/staff/boats/:id/status',
      {
        config: { access: 'staff:read' },
        schema: {
          params: BoatParams,
          response: { 200: BoatStatusResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return boatStatus.status(s.yardId, req.params.id);
      },
    );

    app.post(
      '/api/staff/boats/:id/status',
      {
        config: { access: 'staff:work' },
        schema: {
          params: BoatParams,
          body: SetBoatStatusRequest,
          response: { 200: BoatStatusResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return boatStatus.set(s.yardId, req.params.id, req.body, {
          ...staffActor(s, req),
          staffId: s.staffId,
        });
      },
    );

    for (const [path, archived] of [
      ['/api/staff/boats/:id/archive', true],
      ['/api/staff/boats/:id/restore', false],
    ] as const) {
      app.post(
        path,
        { config: { access: 'staff:records' }, schema: { params: BoatParams, response: written } },
        async (req) => {
          const s = await sessions.staff(req);
          return boats.setArchived(s.yardId, req.params.id, archived, staffActor(s, req));
        },
      );
    }
  };
}
