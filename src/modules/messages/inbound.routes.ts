import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { InboundEmailResponse } from '../../shared/api-schemas/messages.js';
import { type Inbound, MAX_INBOUND_BYTES } from './message-inbound.js';

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Production's inbound path for replies by email (docs/messages.md): a mail gateway POSTs
 * the raw MIME message (`message/rfc822`) with `Authorization: Bearer INBOUND_EMAIL_TOKEN`,
 * and optionally the envelope recipient in `X-Envelope-To`. Off (404) without the token
 * setting. A dropped email still answers 200 `{ accepted: false }`: the gateway must not retry it.
 */
export function inboundRoutes({
  token,
  inbound,
}: {
  token?: string;
  inbound: Pick<Inbound, 'receive'>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(
      ['message/rfc822', 'application/octet-stream', 'text/plain'],
      { parseAs: 'buffer', bodyLimit: MAX_INBOUND_BYTES },
      (_req, body, done) => done(null, body),
    );
    app.post(
      '/api/inbound/email',
      {
        // A mail gateway, not a browser: the token is its check.
        config: { access: 'public', csrf: false },
        bodyLimit: MAX_INBOUND_BYTES,
        schema: { response: { 200: InboundEmailResponse, ...errorResponses(400, 401, 404, 413, 415) } },
      },
      async (req) => {
        if (!token) throw new AppError('NOT_FOUND');
        const auth = req.headers.authorization ?? '';
        const given = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
        if (!given || !sameToken(given, token))
          throw new AppError('UNAUTHENTICATED', 'A valid inbound email token is required.');
        if (!Buffer.isBuffer(req.body) || req.body.length === 0)
          throw new AppError('BAD_REQUEST', 'Send the raw email as the body (Content-Type: message/rfc822).');
        const envelope = String(req.headers['x-envelope-to'] ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const result = await inbound.receive(req.body, envelope);
        return { accepted: result.accepted };
      },
    );
  };
}
