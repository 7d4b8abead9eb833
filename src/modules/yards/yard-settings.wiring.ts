import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { yardSettingsRoutes } from './yard-settings.routes.js';
import { createYardSettingsService } from './yard-settings.service.js';

/** The yard settings page's API, built from the app's parts. */
export function yardSettingsPlugin(deps: AppDeps, shared: Pick<SharedParts, 'sessions'>) {
  return yardSettingsRoutes({ sessions: shared.sessions, settings: createYardSettingsService(deps) });
}
