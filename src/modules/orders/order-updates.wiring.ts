import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { orderUpdateRoutes } from './order-updates.routes.js';
import { createOrderUpdates } from './order-updates.service.js';

/** Job updates on orders (staff post, the portal reads), built from the app's parts. */
export function orderUpdatesPlugin(
  deps: AppDeps,
  { sessions, yards }: Pick<SharedParts, 'sessions' | 'yards'>,
) {
  return orderUpdateRoutes({ sessions, yards, updates: createOrderUpdates(deps) });
}
