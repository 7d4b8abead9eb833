import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import type { PasskeyListResponse, PasskeyOptionsResponse, PortalMe } from '../../shared/api-types';
import { api } from '../ui/api';

const base = (yard: string) => `/api/portal/${encodeURIComponent(yard)}`;

/** What the customer reads when the browser or the device said no (docs/passkeys.md). */
export function ceremonyProblem(error: unknown): string | null {
  if (!(error instanceof WebAuthnError || error instanceof DOMException)) return null;
  const name = error instanceof WebAuthnError ? error.code : error.name;
  if (name === 'ERROR_CEREMONY_ABORTED' || name === 'AbortError') return null;
  if (name === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') {
    return 'This device already has a passkey for your account.';
  }
  if (name === 'NotAllowedError')
    return 'No passkey was used: the request was cancelled or timed out. Try again.';
  return 'Your browser could not use a passkey here. Try another browser or device, or sign in with your password.';
}

/** The account page's passkeys, and signing in with one. */
export const passkeysApi = {
  list: (yard: string, signal?: AbortSignal) =>
    api.get<PasskeyListResponse>(`${base(yard)}/me/passkeys`, { signal }),

  /** Asks the server for a challenge, lets the device make the passkey, sends it back. */
  async add(yard: string, name: string, currentPassword?: string): Promise<PasskeyListResponse> {
    const { options } = await api.post<PasskeyOptionsResponse>(
      `${base(yard)}/me/passkeys/options`,
      currentPassword ? { currentPassword } : {},
    );
    const credential: RegistrationResponseJSON = await startRegistration({
      optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
    });
    return api.post<PasskeyListResponse>(`${base(yard)}/me/passkeys`, { name, credential });
  },

  remove: (yard: string, id: string, currentPassword?: string) =>
    api.post<PasskeyListResponse>(
      `${base(yard)}/me/passkeys/${encodeURIComponent(id)}/remove`,
      currentPassword ? { currentPassword } : {},
    ),

  /**
   * Signs in with any passkey of this browser. `autofill`: the quiet kind, offered among the
   * email field's suggestions, which waits until the customer picks one (conditional UI).
   */
  async signIn(
    yard: string,
    // Read once the passkey has answered: the box may be ticked while the suggestion waits.
    opts: { autofill?: boolean; keepSignedIn?: () => boolean } = {},
  ): Promise<PortalMe> {
    const { options } = await api.post<PasskeyOptionsResponse>(`${base(yard)}/passkeys/sign-in/options`);
    const credential: AuthenticationResponseJSON = await startAuthentication({
      optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
      useBrowserAutofill: opts.autofill ?? false,
    });
    return api.post<PortalMe>(`${base(yard)}/passkeys/sign-in`, {
      credential,
      keepSignedIn: opts.keepSignedIn?.() ?? false,
    });
  },
};

/** A name to start from, from what the browser says it runs on: the customer can change it. */
export function guessDeviceName(userAgent: string = navigator.userAgent): string {
  if (/iPhone/.test(userAgent)) return 'iPhone';
  if (/iPad/.test(userAgent)) return 'iPad';
  if (/Android/.test(userAgent)) return 'Android phone';
  if (/Macintosh|Mac OS X/.test(userAgent)) return 'Mac';
  if (/Windows/.test(userAgent)) return 'Windows computer';
  if (/CrOS/.test(userAgent)) return 'Chromebook';
  if (/Linux/.test(userAgent)) return 'Linux computer';
  return 'My device';
}
