import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { inboundRoutes } from './inbound.routes.js';
import { createInbound } from './message-inbound.js';
import { messageRoutes } from './messages.routes.js';
import { createMessages } from './messages.service.js';

/** Messages (staff inbox and threads, the portal's) and the inbound email route, built from the app's parts. */
export function messagesPlugins(deps: AppDeps, { sessions, yards }: Pick<SharedParts, 'sessions' | 'yards'>) {
  const messages = createMessages(deps);
  return {
    routes: messageRoutes({ sessions, yards, messages }),
    inbound: inboundRoutes({ token: deps.config.inboundEmail.token, inbound: createInbound(deps, messages) }),
  };
}

/** The inbound path the built-in SMTP server hands replies to (the demo's, src/modules/mail/mail-catcher.ts). */
export function messagesInbound(deps: AppDeps) {
  return createInbound(deps, createMessages(deps));
}
