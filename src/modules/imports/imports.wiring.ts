import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { importRoutes } from './imports.routes.js';
import { createImportsService } from './imports.service.js';

/** Importing customers and boats from another system, built from the app's parts. */
export function importsPlugin(deps: AppDeps, { sessions }: Pick<SharedParts, 'sessions'>) {
  return importRoutes({
    sessions,
    imports: createImportsService(deps),
    maxBytes: deps.config.bulkInvites.maxBytes,
  });
}
