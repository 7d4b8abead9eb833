import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CustomerListResponse, CustomerProfileResponse, errorResponses } from '../../server/api-schemas.js';
import { emailAddress, singleLine } from '../../server/text-fields.js';
import type { Sessions } from '../auth/sessions.js';
import type { CustomersService } from './customers.service.js';

const CustomerParams = z.object({
  id: z.string().uuid('Customer ids are UUIDs; open the customer from the list'),
});
const CustomerListQuery = z.object({
  q: z.string().max(200, 'Search for at most 200 characters').optional(),
  after: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100, 'Ask for at most 100 customers at a time').optional(),
});
const optionalText = (max: number, label: string) => singleLine(label, max).nullable().optional();
export const UpdateCustomerRequest = z
  .object({
    firstName: singleLine('First name', 100).min(1, 'First name cannot be empty').optional(),
    lastName: singleLine('Last name', 100).optional(),
    company: optionalText(200, 'Company'),
    email: emailAddress('Email', 'Enter a valid email address, e.g. name@example.com', { allowEmpty: true })
      .toLowerCase()
      .nullable()
      .optional(),
    phone: optionalText(40, 'Phone'),
    street: optionalText(200, 'Street'),
    city: optionalText(100, 'City'),
    state: optionalText(50, 'State'),
    postalCode: optionalText(20, 'Postal code'),
  })
  .strict();

export function customerRoutes(sessions: Sessions, customers: CustomersService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/staff/customers',
      {
        schema: {
          querystring: CustomerListQuery,
          response: { 200: CustomerListResponse, ...errorResponses(401, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        return customers.list(staff.yardId, req.query);
      },
    );

    app.get(
      '/api/staff/customers/:id',
      {
        schema: {
          params: CustomerParams,
          response: { 200: CustomerProfileResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        return customers.profile(staff.yardId, req.params.id);
      },
    );

    app.patch(
      '/api/staff/customers/:id',
      {
        schema: {
          params: CustomerParams,
          body: UpdateCustomerRequest,
          response: { 200: CustomerProfileResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        return customers.update(staff.yardId, req.params.id, staff.staffId, req.body);
      },
    );
  };
}
