import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PortalBoatResponse } from '../../shared/api-schemas/boats.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import type { Sessions } from '../auth/sessions.js';
import type { PortalYards } from '../yards/yards.service.js';
import type { BoatStatusService } from './boat-status.service.js';

const PortalBoatParams = z.object({
  yard: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  id: z.string().uuid('Boat ids are UUIDs; open the boat from your portal home'),
});

/** A boat's own page in its customer's portal (docs/boat-status.md). */
export function boatPageRoutes({
  sessions,
  yards,
  boatStatus,
}: {
  sessions: Pick<Sessions, 'customer' | 'requireInScope'>;
  yards: PortalYards;
  boatStatus: Pick<BoatStatusService, 'portalBoat'>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/portal/:yard/boats/:id',
      {
        config: { access: 'customer' },
        schema: {
          params: PortalBoatParams,
          response: { 200: PortalBoatResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const yard = await yards.bySlug(req.params.yard);
        const me = await sessions.customer(req, yard.id);
        await sessions.requireInScope(me, { boatId: req.params.id });
        return boatStatus.portalBoat(me.yardId, me.customerId, req.params.id, yard.length_unit);
      },
    );
  };
}
