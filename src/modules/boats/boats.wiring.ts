import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { boatRoutes } from './boats.routes.js';
import { createBoatsService } from './boats.service.js';

/** Staff keeping a customer's boats, built from the app's parts. */
export function boatsPlugin(deps: AppDeps, { sessions }: Pick<SharedParts, 'sessions'>) {
  return boatRoutes({ sessions, boats: createBoatsService(deps) });
}
