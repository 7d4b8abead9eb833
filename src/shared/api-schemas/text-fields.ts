import { z } from 'zod';

/**
 * Text fields of request bodies. A name, email or title ends up in email headers, CSV
 * reports, logs and other people's screens: a line break there can start a new header
 * line or a fake log entry, and other control characters are invisible on screen. So
 * single-line fields refuse them all; multi-line fields keep only tab, CR and LF.
 * Checked before trimming, so a trailing line break is refused, not silently dropped.
 */

// C0 controls, DEL, C1 controls (U+0085 is a line break too) and the Unicode line and
// paragraph separators, which JavaScript and many viewers treat as line breaks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const isSingleLine = (s: string) => !NOT_ONE_LINE.test(s);

/** What a field says when it is missing or not text, unless told otherwise. */
interface TextOptions {
  missing?: string;
}

/** A one-line field, trimmed: `label` names it in every message ("Boat name must be …"). */
export function singleLine(label: string, max: number, opts: TextOptions = {}) {
  return z
    .string({ error: opts.missing ?? `${label} must be text` })
    .refine(isSingleLine, `${label} must be on one line, without control characters`)
    .trim()
    .max(max, `${label} can be at most ${max} characters`);
}

/** A field with paragraphs: line breaks and tabs stay, other control characters are refused. */
export function multiLine(label: string, max: number, opts: TextOptions = {}) {
  return z
    .string({ error: opts.missing ?? `${label} must be text` })
    .refine((s) => !NOT_TEXT.test(s), `${label} can have line breaks, but no other control characters`)
    .trim()
    .max(max, `${label} can be at most ${max} characters`);
}

/** An email address, trimmed; `''` too when the field may be cleared. */
export function emailAddress(label: string, message: string, opts: { allowEmpty?: boolean } = {}) {
  return singleLine(label, 254).refine(
    (s) => (opts.allowEmpty && s === '') || z.email().safeParse(s).success,
    message,
  );
}
