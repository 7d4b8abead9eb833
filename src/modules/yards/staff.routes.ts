import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { StaffMe } from '../../shared/api-schemas/yards.js';
import type { Sessions } from '../auth/sessions.js';
import type { SignIn } from '../auth/sign-in.js';
import { SignInRequest } from '../auth/sign-in.schemas.js';
import type { YardsService } from './yards.service.js';

export interface StaffRoutesDeps {
  sessions: Pick<Sessions, 'start' | 'end' | 'staff'>;
  signIn: SignIn['signIn'];
  yards: Pick<YardsService, 'staffMe' | 'findStaffByEmail'>;
}

/** Staff sign-in, sign-out and who is signed in. */
export function staffRoutes({ sessions, signIn, yards }: StaffRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/staff/sign-in',
      {
        config: { access: 'public' },
        schema: { body: SignInRequest, response: { 200: StaffMe, ...errorResponses(401, 422, 429) } },
      },
      async (req, reply) => {
        const staff = await signIn(
          {
            realm: 'staff',
            email: req.body.email.toLowerCase(),
            password: req.body.password,
            client: req.ip,
            log: req.log,
          },
          (email) => yards.findStaffByEmail(email),
        );
        await sessions.start(req, reply, 'staff', { yardId: staff.yard_id, staffId: staff.id });
        return yards.staffMe(staff.yard_id, staff.id);
      },
    );

    app.post('/api/staff/sign-out', { config: { access: 'public' } }, async (req, reply) => {
      await sessions.end(req, reply, 'staff');
      return reply.code(204).send();
    });

    app.get(
      '/api/staff/me',
      { config: { access: 'staff:read' }, schema: { response: { 200: StaffMe, ...errorResponses(401) } } },
      async (req) => {
        const p = await sessions.staff(req);
        return yards.staffMe(p.yardId, p.staffId);
      },
    );
  };
}
