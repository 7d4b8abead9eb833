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

/**
 * Context-specific words a password must not contain (NIST SP 800-63B rev. 4, 3.1.1.2):
 * the person's own name, the local part of their email, the yard's name and the product's.
 */
export interface PasswordContext {
  email?: string | null;
  /** The person's names (first, last, or a full name): each word of three letters or more. */
  personNames?: (string | null | undefined)[];
  /** The yard's name (and its slug): each word of three letters or more. */
  yardNames?: (string | null | undefined)[];
}

/** Always refused: the product's own name is the first word an attacker of this site tries. */
const PRODUCT_WORDS = ['slipway'];

/**
 * Words of a yard's name that say nothing about the yard: refusing "the" or "inc" would block
 * ordinary phrases without making a password harder to guess.
 */
const FILLER_WORDS = new Set(['the', 'and', 'for', 'inc', 'llc', 'ltd', 'co', 'corp', 'company', 'www']);

/** Shorter words are ignored: "Al" or "Jo" would refuse half of all phrases. */
const CONTEXT_WORD_MIN = 3;
/**
 * Words this short count only as a word of their own in the password ("ava 2026 ..."),
 * not inside a longer one: a customer called Ava may still use "lava" or "caravan".
 */
const WHOLE_WORD_BELOW = 4;

const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

interface ContextWord {
  word: string;
  what: string;
}

function contextWords(context: PasswordContext): ContextWord[] {
  const out: ContextWord[] = [];
  const add = (word: string, what: string) => {
    if ([...word].length >= CONTEXT_WORD_MIN && !out.some((w) => w.word === word)) out.push({ word, what });
  };
  for (const name of context.personNames ?? []) {
    for (const w of words(name ?? '')) add(w, 'part of your name');
  }
  const local = context.email?.split('@')[0] ?? '';
  // "ava.thompson" is refused as "avathompson" and as each of its words.
  add(words(local).join(''), 'part of your email address');
  for (const w of words(local)) add(w.replace(/\d+$/, ''), 'part of your email address');
  for (const name of context.yardNames ?? []) {
    for (const w of words(name ?? '')) if (!FILLER_WORDS.has(w)) add(w, "part of the yard's name");
  }
  for (const w of PRODUCT_WORDS) add(w, 'the name of this portal');
  return out;
}

function containsWord(password: string, word: string): boolean {
  if ([...word].length >= WHOLE_WORD_BELOW) return password.includes(word);
  return words(password.replace(/\d+/g, ' ')).includes(word);
}

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
  for (const { word, what } of contextWords(context)) {
    if (containsWord(lowered, word)) {
      return `Your password contains "${word}", which is ${what}. Attackers try such words first: leave it out and use words that have nothing to do with you or the yard.`;
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
