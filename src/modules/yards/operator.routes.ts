import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyContextConfig } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { CreateYardRequest, CreateYardResponse } from '../../shared/api-schemas/staff-users.js';
import type { RateLimiter, RateRule } from '../auth/rate-limit.js';
import type { StaffUsers } from './staff-users.service.js';

/** Per client address, counted before the token is checked, so guessing it is slow. */
export const OPERATOR_RATE_RULE: RateRule = { limit: 20, windowMs: 15 * 60_000 };

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The Bearer token matches the operator's, compared in constant time (digests of equal length). */
export function operatorTokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  return !!given && timingSafeEqual(digest(given), digest(token));
}

/**
 * The operator's route to create a yard, as `slipway yard create` does. Off unless
 * OPERATOR_TOKEN is set: then it answers 404 as if it did not exist.
 */
export function operatorRoutes(deps: {
  operatorToken: string | undefined;
  limiter: Pick<RateLimiter, 'hit'>;
  staffUsers: Pick<StaffUsers, 'createYard'>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/operator/yards',
      {
        // No cookie is involved: a cross-site form cannot send the Authorization header.
        config: { access: 'operator', csrf: false } as FastifyContextConfig,
        schema: {
          body: CreateYardRequest,
          response: { 201: CreateYardResponse, ...errorResponses(401, 404, 409, 422, 429) },
        },
        // The token is checked before the body is looked at.
        preValidation: async (req) => {
          if (!deps.operatorToken) throw new AppError('NOT_FOUND');
          await deps.limiter.hit(`operator:ip:${req.ip}`, OPERATOR_RATE_RULE);
          if (!operatorTokenMatches(req.headers.authorization, deps.operatorToken)) {
            throw new AppError(
              'OPERATOR_TOKEN_INVALID',
              'Send the operator token as "Authorization: Bearer <OPERATOR_TOKEN>".',
            );
          }
        },
      },
      async (req, reply) => {
        const r = await deps.staffUsers.createYard(req.body, { kind: 'system', ip: req.ip });
        return reply.code(201).send({
          yard: r.yard,
          owner: { id: r.owner.id, email: r.owner.email, name: r.owner.name },
          linkExpiresAt: r.link.expiresAt.toISOString(),
        });
      },
    );
  };
}
