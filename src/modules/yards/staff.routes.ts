import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/deps.js';
import { unauthenticated } from '../../server/errors.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { StaffMe } from '../../shared/api-schemas/yards.js';
import type { StaffMe as StaffMeBody } from '../../shared/api-types.js';
import type { Sessions } from '../auth/sessions.js';
import { createSignIn } from '../auth/sign-in.js';
import { SignInRequest } from '../auth/sign-in.schemas.js';
import { yardsRepo } from './yards.repo.js';

export function staffRoutes(deps: AppDeps, sessions: Sessions): FastifyPluginAsyncZod {
  const yards = yardsRepo(deps.database.db);
  const { signIn } = createSignIn(deps);

  async function me(yardId: string, staffId: string): Promise<StaffMeBody> {
    const staff = await yards.findStaff(yardId, staffId);
    const yard = await yards.findById(yardId);
    if (!staff || !yard) throw unauthenticated();
    return {
      staff: { id: staff.id, name: staff.name, email: staff.email, role: staff.role },
      yard: { id: yard.id, slug: yard.slug, name: yard.name },
    };
  }

  return async (app) => {
    app.post(
      '/api/staff/sign-in',
      { schema: { body: SignInRequest, response: { 200: StaffMe, ...errorResponses(401, 422, 429) } } },
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
        return me(staff.yard_id, staff.id);
      },
    );

    app.post('/api/staff/sign-out', async (req, reply) => {
      await sessions.end(req, reply, 'staff');
      return reply.code(204).send();
    });

    app.get(
      '/api/staff/me',
      { schema: { response: { 200: StaffMe, ...errorResponses(401) } } },
      async (req) => {
        const p = await sessions.staff(req);
        return me(p.yardId, p.staffId);
      },
    );
  };
}
