import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { activityRoutes } from './activity.routes.js';
import { createActivityInbox } from './activity.service.js';

/** The dashboard's activity inbox, built from the app's parts. */
export function activityPlugin(deps: AppDeps, shared: Pick<SharedParts, 'sessions'>) {
  return activityRoutes({ sessions: shared.sessions, inbox: createActivityInbox(deps) });
}
