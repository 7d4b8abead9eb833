import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { createPasskeySignIn } from './passkey-sign-in.service.js';
import { passkeyRoutes } from './passkeys.routes.js';
import { createPasskeys } from './passkeys.service.js';
import { staffPasskeyRoutes } from './passkeys-staff.routes.js';

/** Passkeys of portal accounts, built from the app's parts: the portal's routes and the office's. */
export function passkeysPlugins(deps: AppDeps, shared: SharedParts) {
  const passkeys = createPasskeys(deps);
  return {
    portal: passkeyRoutes({ ...shared, passkeys, signIn: createPasskeySignIn(deps, shared.yards) }),
    staff: staffPasskeyRoutes({ sessions: shared.sessions, passkeys }),
  };
}
