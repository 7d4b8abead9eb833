import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { accountSettingsRoutes } from './account-settings.routes.js';
import { createAccountSettings } from './account-settings.service.js';
import { accountRoutes } from './accounts.routes.js';
import { passwordResetRoutes } from './password-reset.routes.js';
import { createPasswordResets } from './password-reset.service.js';

/** Customer accounts, built from the app's parts: sign-in, forgotten passwords, the account page. */
export function accountsPlugins(deps: AppDeps, shared: SharedParts) {
  return {
    signIn: accountRoutes(shared),
    passwordReset: passwordResetRoutes({ ...shared, resets: createPasswordResets(deps) }),
    settings: accountSettingsRoutes({ ...shared, settings: createAccountSettings(deps) }),
  };
}
