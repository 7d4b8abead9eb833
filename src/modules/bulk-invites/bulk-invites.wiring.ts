import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { bulkInviteRoutes } from './bulk-invites.routes.js';
import { createInviteBatchesService } from './invite-batches.service.js';

/** Bulk invites for staff, built from the app's parts. */
export function bulkInvitesPlugin(deps: AppDeps, { sessions }: Pick<SharedParts, 'sessions'>) {
  return bulkInviteRoutes({
    sessions,
    batches: createInviteBatchesService(deps),
    maxBytes: deps.config.bulkInvites.maxBytes,
  });
}
