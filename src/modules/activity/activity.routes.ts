import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ActivityListResponse, ActivityUnreadResponse } from '../../shared/api-schemas/activity.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import type { Sessions, StaffPrincipal } from '../auth/sessions.js';
import type { ActivityInbox } from './activity.service.js';

export const ActivityQuery = z.object({
  unread: z
    .enum(['true', 'false'], { message: 'unread is true or false' })
    .optional()
    .transform((v) => v === 'true'),
  cursor: z.string().max(400, 'cursor: That page of the list is no longer valid').optional(),
  limit: z.coerce
    .number({ message: 'limit is a number from 1 to 100' })
    .int('limit is a whole number')
    .min(1, 'limit is a number from 1 to 100')
    .max(100, 'limit is a number from 1 to 100')
    .default(30),
});
const ActivityParams = z.object({ id: z.string().uuid('Activity ids are UUIDs; open it from the inbox') });

/** A technician's inbox holds their assigned orders' items only (docs/yards.md, "Technicians"). */
const technicianOf = (me: StaffPrincipal) => (me.role === 'technician' ? me.staffId : undefined);

/** The dashboard's activity inbox (docs/api.md). */
export function activityRoutes(deps: {
  sessions: Pick<Sessions, 'staff'>;
  inbox: ActivityInbox;
}): FastifyPluginAsyncZod {
  const { sessions, inbox } = deps;
  return async (app) => {
    app.get(
      '/api/staff/activity',
      {
        config: { access: 'staff:read' },
        schema: {
          querystring: ActivityQuery,
          response: { 200: ActivityListResponse, ...errorResponses(401, 422) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return inbox.list(me.yardId, req.query, technicianOf(me));
      },
    );
    app.get(
      '/api/staff/activity/unread-count',
      {
        config: { access: 'staff:read' },
        schema: { response: { 200: ActivityUnreadResponse, ...errorResponses(401) } },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return inbox.unread(me.yardId, technicianOf(me));
      },
    );
    app.post(
      '/api/staff/activity/read-all',
      {
        config: { access: 'staff:read' },
        schema: { response: { 200: ActivityUnreadResponse, ...errorResponses(401, 403) } },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return inbox.readAll(me.yardId, me.staffId, technicianOf(me));
      },
    );
    app.post(
      '/api/staff/activity/:id/read',
      {
        config: { access: 'staff:read' },
        schema: {
          params: ActivityParams,
          response: { 200: ActivityUnreadResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return inbox.read(me.yardId, me.staffId, req.params.id, technicianOf(me));
      },
    );
  };
}
