import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { StaffPasskeyListResponse } from '../../shared/api-schemas/passkeys.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import type { Passkeys } from './passkeys.service.js';

const StaffPasskeyParams = z.object({
  id: z.uuid({ error: 'Customer ids are UUIDs; open the customer from the list' }),
  passkeyId: z.uuid({ error: 'Passkey ids are UUIDs; choose the passkey from the profile' }),
});
const CustomerParams = StaffPasskeyParams.pick({ id: true });
const GranteeParams = CustomerParams.extend({
  grantId: z.uuid({ error: 'Access ids are UUIDs; choose the person from the profile' }),
});
const GranteePasskeyParams = GranteeParams.extend({ passkeyId: StaffPasskeyParams.shape.passkeyId });

/**
 * The office's view of a customer's passkeys, and of those of the people the customer shared
 * access with ("People with access"), and removing one (a lost phone).
 */
export function staffPasskeyRoutes({
  sessions,
  passkeys,
}: {
  sessions: Pick<Sessions, 'staff'>;
  passkeys: Pick<Passkeys, 'listForStaff' | 'removeForStaff' | 'listForGrantee' | 'removeForGrantee'>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/staff/customers/:id/passkeys',
      {
        config: { access: 'staff:read' },
        schema: {
          params: CustomerParams,
          response: { 200: StaffPasskeyListResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return passkeys.listForStaff(s.yardId, req.params.id);
      },
    );

    app.delete(
      '/api/staff/customers/:id/passkeys/:passkeyId',
      {
        config: { access: 'staff:records' },
        schema: {
          params: StaffPasskeyParams,
          response: { 200: StaffPasskeyListResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return passkeys.removeForStaff(s.yardId, req.params.id, req.params.passkeyId, staffActor(s, req));
      },
    );

    // Whoever sees "People with access" sees their passkeys; removing one is a records change.
    app.get(
      '/api/staff/customers/:id/access/:grantId/passkeys',
      {
        config: { access: 'staff:invites' },
        schema: {
          params: GranteeParams,
          response: { 200: StaffPasskeyListResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const s = await sessions.staff(req);
        return passkeys.listForGrantee(s.yardId, req.params.id, req.params.grantId);
      },
    );

    app.delete(
      '/api/staff/customers/:id/access/:grantId/passkeys/:passkeyId',
      {
        config: { access: 'staff:records' },
        schema: {
          params: GranteePasskeyParams,
          response: { 200: StaffPasskeyListResponse, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => {
        const s = await sessions.staff(req);
        const { id, grantId, passkeyId } = req.params;
        return passkeys.removeForGrantee(s.yardId, id, grantId, passkeyId, staffActor(s, req));
      },
    );
  };
}
