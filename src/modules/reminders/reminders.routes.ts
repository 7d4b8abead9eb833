import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  BoatRemindersResponse,
  CreateReminderRequest,
  ReminderDetailResponse,
  RemindersResponse,
  ReminderView,
  UpdateReminderRequest,
} from '../../shared/api-schemas/reminders.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { RemindersService } from './reminders.service.js';

const ReminderParams = z.object({
  id: z.string().uuid('Reminder ids are UUIDs; open the reminder from the reminders page'),
});
const PortalBoatParams = z.object({
  yard: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  id: z.string().uuid('Boat ids are UUIDs; open the boat from your portal home'),
});

/**
 * Service reminders (docs/reminders.md): staff define, change and pause them (owner and
 * office), every role reads them and what was sent; the customer sees what is coming for a boat.
 */
export function reminderRoutes({
  sessions,
  yards,
  reminders,
}: {
  sessions: Pick<Sessions, 'staff' | 'customer' | 'requireInScope'>;
  yards: PortalYards;
  reminders: RemindersService;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/staff/reminders',
      {
        config: { access: 'staff:read' },
        schema: { response: { 200: RemindersResponse, ...errorResponses(401, 403) } },
      },
      async (req) => reminders.list((await sessions.staff(req)).yardId),
    );

    app.post(
      '/api/staff/reminders',
      {
        config: { access: 'staff:records' },
        schema: {
          body: CreateReminderRequest,
          response: { 201: ReminderView, ...errorResponses(401, 403, 422) },
        },
      },
      async (req, reply) => {
        const s = await sessions.staff(req);
        const created = await reminders.create(s.yardId, req.body, {
          ...staffActor(s, req),
          staffId: s.staffId,
        });
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/staff/reminders/:id',
      {
        config: { access: 'staff:read' },
        schema: {
          params: ReminderParams,
          response: { 200: ReminderDetailResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => reminders.detail((await sessions.staff(req)).yardId, req.params.id),
    );

    app.patch(
      '/api/staff/reminders/:id',
      {
        config: { access: 'staff:records' },
        schema: {
          params: ReminderParams,
          body: UpdateReminderRequest,
          response: { 200: ReminderView, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return reminders.update(s.yardId, req.params.id, req.body, staffActor(s, req));
      },
    );

    app.get(
      '/api/portal/:yard/boats/:id/reminders',
      {
        config: { access: 'customer' },
        schema: {
          params: PortalBoatParams,
          response: { 200: BoatRemindersResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        // A grant for one boat reaches that boat's reminders only (docs/shared-access.md).
        await sessions.requireInScope(me, { boatId: req.params.id });
        return reminders.forBoat(yard, me.customerId, req.params.id);
      },
    );
  };
}
