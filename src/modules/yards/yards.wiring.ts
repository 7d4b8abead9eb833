import type { AppDeps } from '../../server/deps.js';
import type { SharedParts } from '../../server/shared-parts.js';
import { createSignIn } from '../auth/sign-in.js';
import { staffRoutes } from './staff.routes.js';

/** Staff sign-in and "who am I", built from the app's parts. */
export function staffAuthPlugin(deps: AppDeps, { sessions, yards }: Pick<SharedParts, 'sessions' | 'yards'>) {
  return staffRoutes({ sessions, signIn: createSignIn(deps).signIn, yards });
}
