import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PasswordResetLookupResponse } from '../../shared/api-schemas/accounts.js';
import { errorResponses, MessageResponse } from '../../shared/api-schemas/errors.js';
import { emailAddress } from '../../shared/api-schemas/text-fields.js';
import type { RateLimiter } from '../auth/rate-limit.js';
import { YardParams } from '../invites/invites.routes.js';
import type { PortalYards } from '../yards/yards.service.js';
import { ACCOUNT_RATE_RULES } from './account-rate-rules.js';
import type { PasswordResets } from './password-reset.service.js';

const ForgotPasswordRequest = z.object({
  email: emailAddress('Email', 'Enter the email address you sign in with, e.g. name@example.com'),
});
// Length-checked only: a malformed token gets the same "not recognised" answer as an unknown one.
const ResetTokenBody = z.object({ token: z.string().min(1, 'The reset link is incomplete').max(200) });
const ResetPasswordRequest = ResetTokenBody.extend({
  password: z.string().max(4096, 'That password is far too long'),
  confirmPassword: z.string().max(4096),
  /** End every session of the account (default): whoever knew the old password is out. */
  endSessions: z.boolean().default(true),
});

/** Forgot password: ask for a link, open it (read-only), choose the new password. */
export function passwordResetRoutes({
  yards,
  limiter,
  resets,
}: {
  yards: PortalYards;
  limiter: Pick<RateLimiter, 'hit'>;
  resets: PasswordResets;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/portal/:yard/password/forgot',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: ForgotPasswordRequest,
          response: { 202: MessageResponse, ...errorResponses(404, 422, 429) },
        },
      },
      async (req, reply) => {
        await limiter.hit(`forgot:ip:${req.ip}`, ACCOUNT_RATE_RULES.forgotPerIp);
        const yard = await yards.bySlug(req.params.yard);
        await limiter.hit(
          `forgot:${yard.id}:${req.body.email.toLowerCase()}`,
          ACCOUNT_RATE_RULES.forgotPerEmail,
        );
        return reply.code(202).send(await resets.requestReset(yard, req.body.email));
      },
    );

    app.post(
      '/api/portal/:yard/password/reset/lookup',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: ResetTokenBody,
          response: { 200: PasswordResetLookupResponse, ...errorResponses(404, 410, 429) },
        },
      },
      async (req) => {
        await limiter.hit(`reset-link:ip:${req.ip}`, ACCOUNT_RATE_RULES.linkPerIp);
        const yard = await yards.bySlug(req.params.yard);
        return resets.lookupReset(yard, req.body.token);
      },
    );

    app.post(
      '/api/portal/:yard/password/reset',
      {
        config: { access: 'public' },
        schema: {
          params: YardParams,
          body: ResetPasswordRequest,
          response: { 200: MessageResponse, ...errorResponses(404, 410, 422, 429) },
        },
      },
      async (req) => {
        await limiter.hit(`reset-link:ip:${req.ip}`, ACCOUNT_RATE_RULES.linkPerIp);
        const yard = await yards.bySlug(req.params.yard);
        return resets.resetPassword(yard, req.body);
      },
    );
  };
}
