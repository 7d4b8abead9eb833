import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { customerRoutes } from './customers.routes.js';
import { createCustomersService } from './customers.service.js';

/** The staff Customers section, built from the app's parts. */
export function customersPlugin(deps: AppDeps, { sessions }: Pick<SharedParts, 'sessions'>) {
  return customerRoutes({ sessions, customers: createCustomersService(deps) });
}
