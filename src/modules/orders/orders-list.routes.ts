import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { StaffOrdersResponse } from '../../shared/api-schemas/orders.js';
import type { Sessions } from '../auth/sessions.js';
import { StaffOrdersQuery } from './orders-list.schemas.js';
import type { OrdersList } from './orders-list.service.js';

/** The staff Orders list: `GET /api/staff/orders` (docs/api.md). */
export function ordersListRoutes(deps: {
  sessions: Pick<Sessions, 'staff'>;
  list: Pick<OrdersList, 'list'>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/staff/orders',
      {
        config: { access: 'staff:read' },
        schema: {
          querystring: StaffOrdersQuery,
          response: { 200: StaffOrdersResponse, ...errorResponses(401, 422) },
        },
      },
      async (req) => {
        const me = await deps.sessions.staff(req);
        // A technician's list holds the orders assigned to them (docs/yards.md, "Technicians").
        return deps.list.list(me.yardId, req.query, me.role === 'technician' ? me.staffId : undefined);
      },
    );
  };
}
