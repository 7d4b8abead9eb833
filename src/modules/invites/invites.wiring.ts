import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { inviteTemplateRoutes } from './invite-template.routes.js';
import { createInviteTemplateService } from './invite-template.service.js';
import { inviteRoutes } from './invites.routes.js';
import { createInvitesService } from './invites.service.js';

/** Invites and the yard's invite wording, built from the app's parts: staff routes and portal routes. */
export function invitesPlugins(deps: AppDeps, shared: SharedParts) {
  const { staff, portal } = inviteRoutes({ ...shared, invites: createInvitesService(deps) });
  const template = inviteTemplateRoutes({
    sessions: shared.sessions,
    templates: createInviteTemplateService(deps),
  });
  return { staff, template, portal };
}
