import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { operatorRoutes } from './operator.routes.js';
import { createStaffLinks } from './staff-links.js';
import { staffLinkRoutes } from './staff-links.routes.js';
import { staffUsersRoutes } from './staff-users.routes.js';
import { createStaffUsers } from './staff-users.service.js';

/** New yards and staff users: the owner's staff page, the staff link page, the operator's route. */
export function staffUsersPlugins(
  deps: AppDeps,
  shared: Pick<SharedParts, 'sessions' | 'limiter' | 'yards'>,
) {
  const staffUsers = createStaffUsers(deps);
  return {
    users: staffUsersRoutes({ sessions: shared.sessions, staffUsers }),
    links: staffLinkRoutes({ ...shared, links: createStaffLinks(deps) }),
    operator: operatorRoutes({
      operatorToken: deps.config.operatorToken,
      limiter: shared.limiter,
      staffUsers,
    }),
  };
}
