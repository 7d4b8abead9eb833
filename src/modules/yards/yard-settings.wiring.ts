import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { yardLogoPublicRoutes, yardLogoStaffRoutes } from './yard-logo.routes.js';
import { createYardLogoService } from './yard-logo.service.js';
import { yardSettingsRoutes } from './yard-settings.routes.js';
import { createYardSettingsService } from './yard-settings.service.js';

/** The yard settings page's API, built from the app's parts. */
export function yardSettingsPlugin(deps: AppDeps, shared: Pick<SharedParts, 'sessions' | 'yards'>) {
  return yardSettingsRoutes({
    sessions: shared.sessions,
    settings: createYardSettingsService(deps, shared.yards.forget),
  });
}

/** The yard's logo: the owner's upload (staff) and the image itself (public). */
export function yardLogoPlugins(deps: AppDeps, shared: Pick<SharedParts, 'sessions' | 'yards'>) {
  const logo = createYardLogoService(deps, shared.yards.forget);
  return {
    staff: yardLogoStaffRoutes({
      sessions: shared.sessions,
      logo,
      settings: createYardSettingsService(deps, shared.yards.forget),
    }),
    public: yardLogoPublicRoutes({ logo }),
  };
}
