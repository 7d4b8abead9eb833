import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { ordersListRoutes } from './orders-list.routes.js';
import { createOrdersList } from './orders-list.service.js';

/** The staff Orders list, built from the app's parts. */
export function ordersListPlugin(deps: AppDeps, shared: Pick<SharedParts, 'sessions'>) {
  return ordersListRoutes({ sessions: shared.sessions, list: createOrdersList(deps) });
}
