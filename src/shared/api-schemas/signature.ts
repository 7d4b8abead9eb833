/**
 * A drawn signature as a compact SVG path, and the typed name beside it (docs/estimate-approval.md).
 *
 * The signature pad scales what the finger or mouse drew into a fixed 600×200 box and writes
 * each stroke as `M x y` followed by `L x y` points, integers only, no spaces between commands:
 * `M12 80L15 82L20 85M300 90L310 95`. The server parses it with `parseSignaturePath` (linear,
 * refusing anything else) and stores the path it rewrites from the points, so what is kept,
 * drawn in a page as `<path d>` or in a PDF, is exactly this grammar and nothing a browser or
 * a PDF reader could take for markup.
 *
 * No imports: the web bundle uses this file.
 */

export const SIGNATURE_BOX = { width: 600, height: 200 } as const;
/** About 2,000 points: a long signature drawn slowly is well under it. */
export const SIGNATURE_MAX_CHARS = 16_000;
export const SIGNATURE_MAX_STROKES = 60;
/** Ink, in box units (the box is 600 wide): a dot or a tick is not a signature. */
export const SIGNATURE_MIN_INK = 60;
export const SIGNER_NAME_MAX = 100;

export type Point = readonly [number, number];
export type Strokes = readonly (readonly Point[])[];

const TOKEN = /([ML])(\d{1,3}) (\d{1,3})/y;

/** The strokes of a path in the grammar above, or what is wrong with it, in words for the signer. */
export function parseSignaturePath(path: string): { strokes: Point[][] } | { problem: string } {
  if (path.length === 0) return { problem: 'Draw your signature in the box' };
  if (path.length > SIGNATURE_MAX_CHARS) {
    return {
      problem: `The signature is too detailed (more than ${SIGNATURE_MAX_CHARS} characters). Clear it and sign again.`,
    };
  }
  const strokes: Point[][] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < path.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(path);
    if (!m) return { problem: 'The signature is not in the expected format. Clear it and sign again.' };
    at = TOKEN.lastIndex;
    const x = Number(m[2]);
    const y = Number(m[3]);
    if (x > SIGNATURE_BOX.width || y > SIGNATURE_BOX.height) {
      return { problem: 'The signature goes outside its box. Clear it and sign again.' };
    }
    if (m[1] === 'M') strokes.push([[x, y]]);
    else if (strokes.length === 0) {
      return { problem: 'The signature is not in the expected format. Clear it and sign again.' };
    } else strokes[strokes.length - 1].push([x, y]);
  }
  if (strokes.length > SIGNATURE_MAX_STROKES) {
    return {
      problem: `The signature has more than ${SIGNATURE_MAX_STROKES} strokes. Clear it and sign again.`,
    };
  }
  if (inkLength(strokes) < SIGNATURE_MIN_INK) {
    return { problem: 'The signature is empty or too small. Sign across the box.' };
  }
  return { strokes };
}

/** The total length of the lines drawn, in box units. */
export function inkLength(strokes: Strokes): number {
  let ink = 0;
  for (const s of strokes) {
    for (let i = 1; i < s.length; i++) ink += Math.hypot(s[i][0] - s[i - 1][0], s[i][1] - s[i - 1][1]);
  }
  return ink;
}

/** The canonical path of strokes already in the box (integers, within bounds). */
export function signaturePathOf(strokes: Strokes): string {
  return strokes
    .filter((s) => s.length > 0)
    .map((s) => s.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(''))
    .join('');
}

const LETTER = /\p{L}/gu;
// Letters and the marks that go with them, spaces, and the punctuation of names:
// "Ana-María O'Neil", "J. R. R. Tolkien", "Lê Văn Thiêm", "Smith, Jr.".
const NAME_CHARS = /^[\p{L}\p{M} .,'’-]+$/u;

/** What is wrong with a typed full name (already trimmed), or null when it will do. */
export function signerNameProblem(name: string): string | null {
  if (name.length === 0) return 'Type your full name';
  if (name.length > SIGNER_NAME_MAX) return `Your full name can be at most ${SIGNER_NAME_MAX} characters`;
  if (!NAME_CHARS.test(name)) {
    return 'Your full name can have letters, spaces, hyphens, apostrophes and periods only';
  }
  if ((name.match(LETTER) ?? []).length < 2) return 'Type your full name, as you would sign it';
  return null;
}

/** "  Ava   Thompson " → "Ava Thompson". */
export const tidyName = (name: string) => name.trim().replace(/\s+/g, ' ');
