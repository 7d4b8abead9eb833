import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditFilters, AuditListResponse, AuditQuery } from '../../shared/api-schemas/audit.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import type { Sessions } from '../auth/sessions.js';
import type { AuditLog } from './audit.service.js';

/** The yard's audit log for the office and the owner (docs/audit.md). */
export function auditRoutes(deps: {
  sessions: Pick<Sessions, 'staff'>;
  log: AuditLog;
}): FastifyPluginAsyncZod {
  const { sessions, log } = deps;
  return async (app) => {
    app.get(
      '/api/staff/audit',
      {
        config: { access: 'staff:audit' },
        schema: {
          querystring: AuditQuery,
          response: { 200: AuditListResponse, ...errorResponses(401, 403, 422) },
        },
      },
      async (req) => log.list((await sessions.staff(req)).yardId, req.query),
    );
    app.get(
      '/api/staff/audit.csv',
      {
        config: { access: 'staff:audit' },
        // A CSV answer: only the query is described (errors come back as JSON).
        schema: { querystring: AuditFilters },
      },
      async (req, reply) => {
        const me = await sessions.staff(req);
        const body = await log.csv(me.yardId, req.query);
        const day = new Date().toISOString().slice(0, 10);
        return reply
          .header('Content-Type', 'text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="slipway-audit-${day}.csv"`)
          .header('Cache-Control', 'no-store')
          .send(body);
      },
    );
  };
}
