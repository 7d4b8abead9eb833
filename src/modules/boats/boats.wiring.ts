import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { boatPageRoutes } from './boat-pages.routes.js';
import { createBoatStatusService } from './boat-status.service.js';
import { boatRoutes } from './boats.routes.js';
import { createBoatsService } from './boats.service.js';

/** Staff keeping a customer's boats and their yard status, and each boat's page in the portal. */
export function boatsPlugins(deps: AppDeps, { sessions, yards }: Pick<SharedParts, 'sessions' | 'yards'>) {
  const boatStatus = createBoatStatusService(deps);
  return {
    staff: boatRoutes({ sessions, boats: createBoatsService(deps), boatStatus }),
    portal: boatPageRoutes({ sessions, yards, boatStatus }),
  };
}
