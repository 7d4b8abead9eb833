import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { auditRoutes } from './audit.routes.js';
import { createAuditLog } from './audit.service.js';

/** The audit log's read routes, built from the app's parts. */
export function auditPlugin(deps: AppDeps, shared: Pick<SharedParts, 'sessions'>) {
  return auditRoutes({ sessions: shared.sessions, log: createAuditLog(deps) });
}
