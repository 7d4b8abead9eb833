import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateCustomerRequest,
  CreateCustomerResponse,
  MergeCustomerRequest,
  MergePreviewQuery,
  MergePreviewResponse,
  MergeResponse,
  UpdateCustomerRequest,
} from '../../shared/api-schemas/customer-records.js';
import { CustomerProfileResponse } from '../../shared/api-schemas/customers.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import type { CustomerMerge } from './customer-merge.service.js';
import type { CustomerRecords } from './customer-records.service.js';
import type { CustomersService } from './customers.service.js';

const CustomerParams = z.object({
  id: z.string().uuid('Customer ids are UUIDs; open the customer from the list'),
});

/** Customers kept by hand: create, edit, archive, restore, merge (docs/customers.md). */
export function customerRecordRoutes({
  sessions,
  customers,
  records,
  merges,
}: {
  sessions: Pick<Sessions, 'staff'>;
  customers: Pick<CustomersService, 'profile'>;
  records: Pick<CustomerRecords, 'create' | 'update' | 'setArchived'>;
  merges: CustomerMerge;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/staff/customers',
      {
        config: { access: 'staff:records' },
        schema: {
          body: CreateCustomerRequest,
          response: { 201: CreateCustomerResponse, ...errorResponses(401, 403, 409, 422) },
        },
      },
      async (req, reply) => {
        const staff = await sessions.staff(req);
        const created = await records.create(staff.yardId, staffActor(staff, req), req.body);
        return reply.code(201).send(created);
      },
    );

    app.patch(
      '/api/staff/customers/:id',
      {
        config: { access: 'staff:records' },
        schema: {
          params: CustomerParams,
          body: UpdateCustomerRequest,
          response: { 200: CustomerProfileResponse, ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        await records.update(staff.yardId, req.params.id, staffActor(staff, req), req.body);
        return customers.profile(staff.yardId, req.params.id);
      },
    );

    for (const action of ['archive', 'restore'] as const) {
      app.post(
        `/api/staff/customers/:id/${action}`,
        {
          config: { access: 'staff:records' },
          schema: {
            params: CustomerParams,
            response: { 200: CustomerProfileResponse, ...errorResponses(401, 403, 404, 409, 422) },
          },
        },
        async (req) => {
          const staff = await sessions.staff(req);
          await records.setArchived(
            staff.yardId,
            req.params.id,
            staffActor(staff, req),
            action === 'archive',
          );
          return customers.profile(staff.yardId, req.params.id);
        },
      );
    }

    app.get(
      '/api/staff/customers/:id/merge-preview',
      {
        config: { access: 'staff:records' },
        schema: {
          params: CustomerParams,
          querystring: MergePreviewQuery,
          response: { 200: MergePreviewResponse, ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        return merges.preview(staff.yardId, req.params.id, req.query.mergeId);
      },
    );

    app.post(
      '/api/staff/customers/:id/merge',
      {
        config: { access: 'staff:records' },
        schema: {
          params: CustomerParams,
          body: MergeCustomerRequest,
          response: { 200: MergeResponse, ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        return merges.merge(staff.yardId, req.params.id, staffActor(staff, req), req.body);
      },
    );
  };
}
