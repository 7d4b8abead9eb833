import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../server/config.js';

/** A challenge is good for five minutes: long enough to find the phone, short enough to be useless stolen. */
export const CHALLENGE_VALID_MS = 5 * 60_000;

/**
 * The relying party is the Slipway server: its RP ID is PUBLIC_URL's host name and the
 * browser must report PUBLIC_URL's origin. Every yard's portal lives under that one
 * origin (/portal/:yard), so a yard is not an RP of its own; the yard scoping is ours
 * (docs/passkeys.md).
 */
export function relyingParty(config: Pick<Config, 'publicUrl'>) {
  const url = new URL(config.publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** 32 random bytes for the browser, and what the database keeps of them. */
export function newChallenge() {
  const bytes = randomBytes(32);
  const text = bytes.toString('base64url');
  return { bytes: new Uint8Array(bytes), text, hash: challengeHash(text) };
}

export const challengeHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The challenge the browser signed, read from its clientDataJSON; undefined when unreadable. */
export function challengeOf(clientDataJSON: string): string | undefined {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as unknown;
    const challenge = (data as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(challenge) ? challenge : undefined;
  } catch {
    return undefined;
  }
}
