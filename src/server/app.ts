import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { accessPlugin } from '../modules/access/access.wiring.js';
import { accountsPlugins } from '../modules/accounts/accounts.wiring.js';
import { activityPlugin } from '../modules/activity/activity.wiring.js';
import { auditPlugin } from '../modules/audit/audit.wiring.js';
import { cookieNames } from '../modules/auth/cookie-names.js';
import { boatsPlugins } from '../modules/boats/boats.wiring.js';
import { bulkInvitesPlugin } from '../modules/bulk-invites/bulk-invites.wiring.js';
import { customersPlugin } from '../modules/customers/customers.wiring.js';
import { importsPlugin } from '../modules/imports/imports.wiring.js';
import { invitesPlugins } from '../modules/invites/invites.wiring.js';
import { guardCatcherHost } from '../modules/mail/catcher-host.js';
import { mailboxPlugin } from '../modules/mail/mail.wiring.js';
import { messagesPlugins } from '../modules/messages/messages.wiring.js';
import { notificationsPlugin } from '../modules/notifications/notifications.wiring.js';
import { orderEditingPlugin, technicianScopeHook } from '../modules/orders/order-editing.wiring.js';
import { orderUpdatesPlugin } from '../modules/orders/order-updates.wiring.js';
import { ordersPlugin } from '../modules/orders/orders.wiring.js';
import { ordersListPlugin } from '../modules/orders/orders-list.wiring.js';
import { passkeysPlugins } from '../modules/passkeys/passkeys.wiring.js';
import { remindersPlugin } from '../modules/reminders/reminders.wiring.js';
import { serviceRequestsPlugin } from '../modules/service-requests/service-requests.wiring.js';
import { staffUsersPlugins } from '../modules/yards/staff-users.wiring.js';
import { yardLogoPlugins, yardSettingsPlugin } from '../modules/yards/yard-settings.wiring.js';
import { staffAuthPlugin } from '../modules/yards/yards.wiring.js';
import type { AppDeps } from './deps.js';
import { AppError, busy, databaseUnavailable } from './errors.js';
import { healthRoutes } from './health.js';
import { type Logger, logger, runInRequest } from './logger.js';
import { countRequests } from './metrics.js';
import { checkStaffAccess, requireDeclaredAccess } from './permissions.js';
import { portalCspHeader, securityHeaders } from './security-headers.js';
import { createSharedParts } from './shared-parts.js';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** Trust the first `n` proxies in front of Slipway (what a hop count means to proxy-addr). */
const hopCount = (n: number) => (_addr: string, i: number) => i < n;

/** What a write rolled back by a deadlock answers (503 BUSY, Retry-After 1). */
export const WRITE_COLLIDED =
  'Another change to the same records was being saved at the same moment, so this one was not saved. Send it again.';

export interface AppOptions {
  /** Secret for signing the CSRF cookie; from SESSION_SECRET or kept in the database. */
  cookieSecret: string;
  /** Log requests through the process's logger (src/server/logger.ts), or through `loggerInstance`. */
  logger?: boolean;
  loggerInstance?: Logger;
}

export async function buildApp(deps: AppDeps, opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Every line a request writes carries its id as `requestId`, like the jobs it enqueues.
    loggerInstance: (opts.loggerInstance ?? (opts.logger ? logger() : undefined)) as
      | FastifyBaseLogger
      | undefined,
    // One line per request, when it is answered (below), instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    trustProxy:
      typeof deps.config.trustProxy === 'number' ? hopCount(deps.config.trustProxy) : deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // An /api route that does not say who may call it is a bug: the app refuses to start.
  app.addHook('onRoute', requireDeclaredAccess);
  // The request's id travels with the work it does, into the job data it enqueues
  // (withRequestId); set again once the body is read, in case its stream events ran outside it.
  app.addHook('onRequest', (req, _reply, done) => runInRequest(req.id, done));
  app.addHook('preValidation', (req, _reply, done) => runInRequest(req.id, done));
  countRequests(app);
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info(
      { req, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime },
      'request completed',
    );
    done();
  });

  await app.register(cookie, { secret: opts.cookieSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: cookieNames(deps.config.secureCookies).csrf,
    cookieOpts: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      signed: true,
      secure: deps.config.secureCookies,
    },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(swagger, {
    openapi: { info: { title: 'Slipway API', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });

  await app.register(helmet, securityHeaders(deps.config));

  // Before anything else looks at the request: a DNS-rebinding page must not read the mailbox.
  app.addHook('onRequest', guardCatcherHost(deps.config.publicUrl));

  // Every state-changing request must carry the CSRF token (double submit, signed cookie).
  app.addHook('onRequest', (req, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return done();
    // Payment webhooks come from the provider, not a browser: their signature is their check.
    if ((req.routeOptions.config as { csrf?: boolean }).csrf === false) return done();
    app.csrfProtection(req, reply, done);
  });

  // Every error answer goes out here, with a code of the catalog (src/shared/error-codes.ts).
  const answer = (reply: FastifyReply, req: FastifyRequest, err: AppError, status = err.status) => {
    if (err.details?.retryAfterSeconds) reply.header('Retry-After', String(err.details.retryAfterSeconds));
    return reply
      .code(status)
      .send({ code: err.code, message: err.message, requestId: req.id, details: err.details });
  };

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return answer(reply, req, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const issue of err.validation) {
        const key = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || '_';
        fields[key] ??= issue.message ?? 'Invalid value';
      }
      const first = Object.entries(fields)[0];
      const message = first ? `${first[0] === '_' ? '' : `${first[0]}: `}${first[1]}` : undefined;
      return answer(reply, req, new AppError('VALIDATION', message, { fields }));
    }
    // PostgreSQL stopped, restarting or unreachable: the request may be tried again shortly.
    if (isDatabaseUnavailable(err)) {
      req.log.warn(
        { code: (err as { code?: string }).code, reason: (err as Error).message },
        'database unavailable',
      );
      return answer(reply, req, databaseUnavailable());
    }
    const e = err as { code?: string; statusCode?: number; message?: string };
    // Two writes of the same records met at the same moment (a deadlock, docs/page-cache.md):
    // PostgreSQL rolled this one back whole, so it can simply be sent again.
    if (e.code === '40P01' || e.code === '40001') {
      req.log.warn({ code: e.code }, 'write collided with another');
      return answer(reply, req, busy(WRITE_COLLIDED, 1));
    }
    // PostgreSQL refuses text it cannot store (a NUL character, broken UTF-8): that is bad input.
    if (e.code === '22021' || e.code === '22P05') {
      const message =
        'The input contains characters that cannot be stored (such as a NUL character). Remove them and try again.';
      return answer(reply, req, new AppError('BAD_REQUEST', message));
    }
    if (e.code?.startsWith('FST_CSRF')) {
      req.log.warn({ code: e.code }, 'csrf refused');
      return answer(reply, req, new AppError('CSRF_INVALID'));
    }
    // A request Fastify itself could not take (unparsable JSON, a body over the limit, an
    // unknown content type): BAD_REQUEST, with the 4xx status Fastify chose.
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return answer(reply, req, new AppError('BAD_REQUEST', e.message ?? 'Bad request'), e.statusCode);
    }
    req.log.error({ err }, 'unhandled error');
    return answer(reply, req, new AppError('INTERNAL'));
  });

  // Each module wires its own routes from these (src/modules/*/*.wiring.ts); this file only says where they go.
  const shared = createSharedParts(deps);
  const { sessions } = shared;
  const invites = invitesPlugins(deps, shared);
  const accounts = accountsPlugins(deps, shared);
  const staffUsers = staffUsersPlugins(deps, shared);
  const yardLogo = yardLogoPlugins(deps, shared);
  const boats = boatsPlugins(deps, shared);
  const passkeys = passkeysPlugins(deps, shared);

  app.get('/api/csrf', { config: { access: 'public' } }, async (_req, reply) => ({
    token: reply.generateCsrf(),
  }));
  app.get('/api/health', { config: { access: 'public' } }, async () => ({ ok: true }));
  await app.register(healthRoutes(deps));
  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => app.swagger());

  // A staff route answers only a role that its permission is granted to (docs/yards.md).
  app.addHook('onRequest', checkStaffAccess(sessions));
  // A technician reaches only the orders assigned to them, and their customers (docs/yards.md).
  app.addHook('preHandler', technicianScopeHook(deps, shared));

  await app.register(staffAuthPlugin(deps, shared));
  await app.register(async (staffOnly) => {
    // Signed-out requests are turned away before their input is even looked at.
    staffOnly.addHook('onRequest', async (req) => {
      // A `with-page` route reads the session with its page, and turns them away there;
      // without a session cookie at all they are turned away here, as on every other route.
      if (req.routeOptions.config.session === 'with-page') sessions.requireStaffCookie(req);
      else await sessions.staff(req);
    });
    await staffOnly.register(customersPlugin(deps, shared));
    await staffOnly.register(invites.staff);
    await staffOnly.register(invites.template);
    await staffOnly.register(bulkInvitesPlugin(deps, shared));
    await staffOnly.register(importsPlugin(deps, shared));
    await staffOnly.register(ordersListPlugin(deps, shared));
    await staffOnly.register(activityPlugin(deps, shared));
    await staffOnly.register(yardSettingsPlugin(deps, shared));
    await staffOnly.register(staffUsers.users);
    await staffOnly.register(auditPlugin(deps, shared));
    await staffOnly.register(boats.staff);
    await staffOnly.register(yardLogo.staff);
    await staffOnly.register(passkeys.staff);
  });
  await app.register(staffUsers.links);
  await app.register(staffUsers.operator);
  await app.register(yardLogo.public);
  await app.register(invites.portal);
  await app.register(accounts.signIn);
  await app.register(ordersPlugin(deps, shared));
  await app.register(boats.portal);
  await app.register(orderEditingPlugin(deps, shared));
  await app.register(accounts.passwordReset);
  await app.register(accounts.settings);
  await app.register(notificationsPlugin(deps, shared));
  await app.register(serviceRequestsPlugin(deps, shared));
  await app.register(orderUpdatesPlugin(deps, shared));
  await app.register(passkeys.portal);
  const messages = messagesPlugins(deps, shared);
  await app.register(messages.routes);
  await app.register(messages.inbound);
  await app.register(remindersPlugin(deps, shared));
  await app.register(accessPlugin(deps, shared));
  if (deps.config.useMailCatcher) await app.register(mailboxPlugin(deps));

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !['GET', 'HEAD'].includes(req.method)) {
      return answer(reply, req, new AppError('NOT_FOUND'));
    }
    return sendSpa(reply, req.url);
  });

  const hasWeb = fs.existsSync(path.join(WEB_DIR, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/', wildcard: false, index: false });
  }
  const portalCsp = portalCspHeader(deps.config);
  function sendSpa(reply: import('fastify').FastifyReply, url: string) {
    // The portal's card form loads Stripe.js when Stripe is the provider: its pages alone allow it.
    if (portalCsp && /^\/portal(\/|\?|$)/.test(url)) reply.header('Content-Security-Policy', portalCsp);
    // Pages that carry a token must not leak it to other sites through the Referer header.
    if (/\/(accept|reset|confirm-email|welcome)\//.test(url)) reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
    if (!hasWeb) {
      return reply.code(503).type('text/plain').send('The web app is not built. Run `npm run build:web`.');
    }
    return reply.type('text/html').sendFile('index.html', { cacheControl: false });
  }

  return app;
}
