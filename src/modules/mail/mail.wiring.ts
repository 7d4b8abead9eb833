import type { AppDeps } from '../../server/deps.js';
import { mailboxRoutes } from './mailbox.routes.js';
import { createMailboxService } from './mailbox.service.js';

/** The catcher's mailbox, built from the app's parts. */
export function mailboxPlugin(deps: Pick<AppDeps, 'database'>) {
  return mailboxRoutes({ mailbox: createMailboxService(deps) });
}
