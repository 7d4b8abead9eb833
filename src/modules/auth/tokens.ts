import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: what goes into links and cookies. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the token: lookups are by hash, so no timing leak. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as we issue it: 43 base64url characters. Anything else is refused before any lookup. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
