import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { createCustomerMerge } from './customer-merge.service.js';
import { customerRecordRoutes } from './customer-records.routes.js';
import { createCustomerRecords } from './customer-records.service.js';
import { customerRoutes } from './customers.routes.js';
import { createCustomersService } from './customers.service.js';

/** The staff Customers section, built from the app's parts. */
export function customersPlugin(
  deps: AppDeps,
  { sessions }: Pick<SharedParts, 'sessions'>,
): FastifyPluginAsyncZod {
  const records = createCustomerRecords(deps);
  const customers = createCustomersService(deps);
  const merges = createCustomerMerge(deps);
  return async (app) => {
    await app.register(customerRoutes({ sessions, customers }));
    await app.register(customerRecordRoutes({ sessions, customers, records, merges }));
  };
}
