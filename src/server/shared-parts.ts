import { createPortalAccounts } from '../modules/accounts/portal-accounts.service.js';
import { rateLimiter } from '../modules/auth/rate-limit.js';
import { createSessions } from '../modules/auth/sessions.js';
import { createYardsService } from '../modules/yards/yards.service.js';
import type { AppDeps } from './deps.js';

/**
 * The parts several modules' routes use: sessions, the yard a portal address names, the
 * shared rate limiter and what a signed-in customer sees. Built once per app; each
 * module's wiring takes the ones it needs.
 */
export function createSharedParts(deps: AppDeps) {
  const yards = createYardsService(deps);
  const sessions = createSessions(deps);
  return {
    sessions,
    yards,
    limiter: rateLimiter(deps.database.db, deps.clock),
    accounts: createPortalAccounts(deps, yards, sessions),
  };
}

export type SharedParts = ReturnType<typeof createSharedParts>;
