import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { notificationPreferencesRoutes } from './notification-preferences.routes.js';
import { createNotificationPreferences } from './notification-preferences.service.js';

/** A customer's email choices, built from the app's parts. */
export function notificationsPlugin(
  deps: AppDeps,
  { sessions, yards }: Pick<SharedParts, 'sessions' | 'yards'>,
) {
  return notificationPreferencesRoutes({ sessions, yards, preferences: createNotificationPreferences(deps) });
}
