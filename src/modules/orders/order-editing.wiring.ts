import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { assignmentRepo } from './assignment.repo.js';
import { createCatalogService } from './catalog.service.js';
import { orderEditingRoutes } from './order-editing.routes.js';
import { createOrderEditingService } from './order-editing.service.js';
import { createStaffOrderService } from './staff-order.service.js';
import { technicianScope } from './technician-scope.js';

/** Staff editing orders and the catalog, and the staff order page, built from the app's parts. */
export function orderEditingPlugin(deps: AppDeps, shared: Pick<SharedParts, 'sessions'>) {
  const catalog = createCatalogService(deps);
  return orderEditingRoutes({
    sessions: shared.sessions,
    editing: createOrderEditingService(deps, catalog),
    catalog,
    staffOrder: createStaffOrderService(deps),
  });
}

/** The hook that keeps a technician to the orders assigned to them (technician-scope.ts). */
export function technicianScopeHook(deps: AppDeps, shared: Pick<SharedParts, 'sessions'>) {
  return technicianScope(shared.sessions, assignmentRepo(deps.database.db));
}
