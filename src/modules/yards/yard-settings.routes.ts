import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { YardSettingsPatch, YardSettingsView } from '../../shared/api-schemas/yards.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import type { YardSettingsService } from './yard-settings.service.js';

export interface YardSettingsRoutesDeps {
  sessions: Pick<Sessions, 'staff'>;
  settings: YardSettingsService;
}

/** The signed-in staff member's yard settings; the route names no yard, the session does. */
export function yardSettingsRoutes({ sessions, settings }: YardSettingsRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = app.withTypeProvider<ZodTypeProvider>();

    staff.get(
      '/api/staff/yard/settings',
      {
        config: { access: 'staff:read' },
        schema: { response: { 200: YardSettingsView, ...errorResponses(401) } },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return settings.get(s.yardId, s.staffId);
      },
    );

    staff.patch(
      '/api/staff/yard/settings',
      {
        config: { access: 'staff:owner' },
        schema: {
          body: YardSettingsPatch,
          response: { 200: YardSettingsView, ...errorResponses(401, 403, 422) },
        },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return settings.update(s.yardId, s.staffId, req.body, staffActor(s, req));
      },
    );
  };
}
