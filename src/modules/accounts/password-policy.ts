import fs from 'node:fs';
import { AppError } from '../../server/errors.js';

/**
 * NIST SP 800-63B rev. 4 for a password-only account: at least 15 characters, at least
 * 64 allowed and never truncated, no composition rules, and refused when it is on a
 * list of commonly used or breached passwords.
 */
export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 128;
export const PASSWORD_HINT =
  'Use at least 15 characters. A phrase of a few unrelated words is easy to remember and hard to guess, e.g. "copper anchor tulip morning".';

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const text = fs.readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    common = new Set(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('# '))
        .map((l) => l.toLowerCase()),
    );
  }
  return common;
}

export function commonPasswordCount(): number {
  return commonPasswords().size;
}

/** Context-specific words a password must not be (NIST): a name, the yard's name. */
export interface PasswordContext {
  email?: string | null;
  /** The person's name, the yard's name: refused as the password, alone or with digits added. */
  names?: (string | null | undefined)[];
}

const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Returns a message saying what to change, or null when the password is acceptable. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  // Length in Unicode code points, so an emoji counts as one character.
  const length = [...password].length;
  if (length < PASSWORD_MIN) {
    return `Your password needs at least ${PASSWORD_MIN} characters (it has ${length}). Try a phrase of a few words.`;
  }
  if (length > PASSWORD_MAX) {
    return `Your password can have at most ${PASSWORD_MAX} characters (it has ${length}).`;
  }
  const lowered = password.toLowerCase();
  if (commonPasswords().has(lowered)) {
    return 'That password is on a list of passwords that attackers try first. Please choose another one.';
  }
  if (context.email && lowered === context.email.toLowerCase()) {
    return 'Your password cannot be your email address.';
  }
  const bare = letters(password);
  for (const name of context.names ?? []) {
    const n = name ? letters(name) : '';
    if (n.length >= 3 && (bare === n || (bare.startsWith(n) && /^\d*$/.test(bare.slice(n.length))))) {
      return `Your password cannot be a name (${name}). Choose words that have nothing to do with you or the yard.`;
    }
  }
  return null;
}

export function assertPasswordAcceptable(
  password: string,
  confirm: string | undefined,
  context: PasswordContext = {},
) {
  const problem = passwordProblem(password, context);
  if (problem) throw new AppError('WEAK_PASSWORD', problem, { field: 'password' });
  if (confirm !== undefined && confirm !== password) {
    throw new AppError('PASSWORD_MISMATCH', 'The two passwords do not match. Type the same password twice.', {
      field: 'confirmPassword',
    });
  }
}
