import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CustomerListFilters,
  CustomerListResponse,
  CustomerProfileResponse,
} from '../../shared/api-schemas/customers.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import type { Sessions } from '../auth/sessions.js';
import type { CustomersService } from './customers.service.js';

const CustomerParams = z.object({
  id: z.string().uuid('Customer ids are UUIDs; open the customer from the list'),
});
const CustomerListQuery = z.object({
  q: z.string().max(200, 'Search for at most 200 characters').optional(),
  after: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100, 'Ask for at most 100 customers at a time').optional(),
  ...CustomerListFilters.shape,
});
/** The staff Customers section: search and profile (editing: customer-records.routes.ts). */
export function customerRoutes({
  sessions,
  customers,
}: {
  sessions: Pick<Sessions, 'staff' | 'staffWith'>;
  customers: Pick<CustomersService, 'list' | 'profileHead' | 'profileOfHead'>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/staff/customers',
      {
        config: { access: 'staff:read' },
        schema: {
          querystring: CustomerListQuery,
          response: { 200: CustomerListResponse, ...errorResponses(401, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        return customers.list(
          staff.yardId,
          req.query,
          staff.role === 'technician' ? staff.staffId : undefined,
        );
      },
    );

    app.get(
      '/api/staff/customers/:id',
      {
        // The session and the record's version in one statement, the page kept by version (docs/page-cache.md).
        config: { access: 'staff:read', session: 'with-page' },
        schema: {
          params: CustomerParams,
          response: { 200: CustomerProfileResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const { staff, row } = await sessions.staffWith(req, customers.profileHead(req.params.id));
        return customers.profileOfHead(staff.yardId, row, staff);
      },
    );
  };
}
