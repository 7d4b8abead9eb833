import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  NotificationPreferences,
  UpdateNotificationPreferences,
} from '../../shared/api-schemas/notifications.js';
import { customerActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import { YardParams } from '../invites/invites.routes.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { NotificationPreferencesService } from './notification-preferences.service.js';

/**
 * The signed-in customer's email choices. They are read with the rest of the account
 * (`GET /api/portal/:yard/me`, and staff see them on the customer's profile).
 */
export function notificationPreferencesRoutes({
  sessions,
  yards,
  preferences,
}: {
  sessions: Pick<Sessions, 'customer'>;
  yards: PortalYards;
  preferences: NotificationPreferencesService;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      '/api/portal/:yard/me/notifications',
      {
        config: { access: 'customer' },
        schema: {
          params: YardParams,
          body: UpdateNotificationPreferences,
          response: { 200: NotificationPreferences, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        // Anyone signed in chooses their own emails; only the owner's are the record's.
        return preferences.updateMine(yard, me, req.body, customerActor(me, req));
      },
    );
  };
}
