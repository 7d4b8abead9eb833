import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import { AppError, unauthenticated } from '../../server/errors.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { StaffMe } from '../../shared/api-schemas/yards.js';
import type { StaffMe as StaffMeBody } from '../../shared/api-types.js';
import { dummyHash, verifyPassword } from '../accounts/password-hash.js';
import { RATE_RULES, rateLimiter } from '../auth/rate-limit.js';
import type { Sessions } from '../auth/sessions.js';
import { yardsRepo } from './yards.repo.js';

export const SignInRequest = z.object({
  email: z.string().trim().email('Enter your email address, e.g. name@example.com').max(254),
  password: z.string().min(1, 'Enter your password').max(1024),
});

export function staffRoutes(deps: AppDeps, sessions: Sessions): FastifyPluginAsyncZod {
  const yards = yardsRepo(deps.database.db);
  const limiter = rateLimiter(deps.database.db, deps.clock);

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
        const email = req.body.email.toLowerCase();
        await limiter.hit(`staff-sign-in:ip:${req.ip}`, RATE_RULES.signInPerIp);
        await limiter.hit(`staff-sign-in:email:${email}`, RATE_RULES.signInPerAccount);
        const staff = await yards.findStaffByEmail(email);
        // Verify against a dummy hash when the email is unknown, so timing reveals nothing.
        const ok = await verifyPassword(staff?.password_hash ?? (await dummyHash()), req.body.password);
        if (!staff || !ok) {
          throw new AppError(
            'BAD_CREDENTIALS',
            'That email and password do not match. Check both and try again.',
            401,
          );
        }
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
