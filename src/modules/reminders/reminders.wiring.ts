import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { reminderRoutes } from './reminders.routes.js';
import { createRemindersService } from './reminders.service.js';

/** Service reminders: the staff pages' routes and the portal's boat page list. */
export function remindersPlugin(deps: AppDeps, { sessions, yards }: Pick<SharedParts, 'sessions' | 'yards'>) {
  return reminderRoutes({ sessions, yards, reminders: createRemindersService(deps) });
}
