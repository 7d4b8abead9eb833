import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { accessRoutes } from './access.routes.js';
import { createAccess } from './access.service.js';

/** Shared access (docs/shared-access.md), built from the app's parts. */
export function accessPlugin(deps: AppDeps, shared: SharedParts) {
  return accessRoutes({ ...shared, access: createAccess(deps) });
}
