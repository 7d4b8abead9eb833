import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { serviceRequestRoutes } from './service-requests.routes.js';
import { createServiceRequests } from './service-requests.service.js';

/** Service requests (portal form, customer and staff views), built from the app's parts. */
export function serviceRequestsPlugin(
  deps: AppDeps,
  { sessions, yards }: Pick<SharedParts, 'sessions' | 'yards'>,
) {
  return serviceRequestRoutes({ sessions, yards, service: createServiceRequests(deps) });
}
