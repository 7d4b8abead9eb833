import { z } from 'zod';
import { singleLine } from './text-fields.js';

/**
 * Passkeys of portal accounts (docs/passkeys.md). The browser's WebAuthn answers travel as
 * @simplewebauthn/browser's JSON (base64url fields); what the server needs of them is named
 * here and the rest is dropped.
 */
const base64url = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label} is too long`)
    .regex(/^[A-Za-z0-9_-]*$/, `${label} must be base64url`);

/** What a customer (and the office) sees of a passkey; never the key itself. */
export const PasskeyView = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** Synced to the customer's other devices (iCloud Keychain, Google Password Manager…). */
  synced: z.boolean(),
});

export const PasskeyListResponse = z.object({
  passkeys: z.array(PasskeyView),
  /**
   * Whether adding or removing one needs the current password now (the sign-in is more than
   * a few minutes old).
   */
  needsPassword: z.boolean(),
});

export const StaffPasskeyListResponse = z.object({ passkeys: z.array(PasskeyView) });

export const PasskeyName = singleLine('Passkey name', 60).min(
  1,
  'Name this passkey so you can tell it apart, e.g. "Ann\'s iPhone"',
);

/** The current password, when the sign-in is not recent (docs/passkeys.md, "Re-authentication"). */
export const PasskeyReauthRequest = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(4096).optional(),
});

/** What the browser's navigator.credentials.create() / .get() should be called with. */
export const PasskeyOptionsResponse = z.object({
  options: z.record(z.string(), z.unknown()),
});

const Transports = z.array(z.string().max(32)).max(10);

export const PasskeyRegistrationCredential = z.object({
  id: base64url('Credential id', 1400),
  rawId: base64url('Credential id', 1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url('clientDataJSON', 8192),
    attestationObject: base64url('attestationObject', 65_536),
    transports: Transports.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

export const AddPasskeyRequest = z.object({
  name: PasskeyName,
  credential: PasskeyRegistrationCredential,
});

export const PasskeyAuthenticationCredential = z.object({
  id: base64url('Credential id', 1400),
  rawId: base64url('Credential id', 1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url('clientDataJSON', 8192),
    authenticatorData: base64url('authenticatorData', 8192),
    signature: base64url('signature', 2048),
    userHandle: base64url('userHandle', 128).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

export const PasskeySignInRequest = z.object({
  credential: PasskeyAuthenticationCredential,
  keepSignedIn: z.boolean().default(false),
});
