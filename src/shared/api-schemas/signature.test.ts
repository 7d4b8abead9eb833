import { describe, expect, it } from 'vitest';
import {
  inkLength,
  parseSignaturePath,
  SIGNATURE_MAX_CHARS,
  SIGNATURE_MAX_STROKES,
  signaturePathOf,
  signerNameProblem,
  tidyName,
} from './signature.js';

describe('the signature path', () => {
  it('reads strokes of integer points and writes them back the same', () => {
    const path = 'M40 150L120 60L200 140M300 100L420 90';
    const parsed = parseSignaturePath(path);
    expect(parsed).toEqual({
      strokes: [
        [
          [40, 150],
          [120, 60],
          [200, 140],
        ],
        [
          [300, 100],
          [420, 90],
        ],
      ],
    });
    if ('strokes' in parsed) expect(signaturePathOf(parsed.strokes)).toBe(path);
  });

  it.each([
    ['', /Draw your signature/],
    ['M10 10L15 12', /empty or too small/],
    ['L10 10L300 10', /expected format/],
    ['M10 10 L300 10', /expected format/],
    ['M10.5 10L300 10', /expected format/],
    ['M-10 10L300 10', /expected format/],
    ['M10 10L300 10Z', /expected format/],
    ['M10 10L300 10"/><script>', /expected format/],
    ['M10 10L601 10', /outside its box/],
    ['M10 10L300 201', /outside its box/],
    [`M0 0${'L600 200L0 0'.repeat(1_500)}`, /too detailed/],
    [Array.from({ length: SIGNATURE_MAX_STROKES + 1 }, () => 'M0 0L100 0').join(''), /strokes/],
  ])('refuses %j', (path, problem) => {
    const parsed = parseSignaturePath(path);
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });

  it('measures ink in box units, and the size limit is the same as the schema’s', () => {
    expect(
      inkLength([
        [
          [0, 0],
          [30, 40],
        ],
        [[100, 100]],
      ]),
    ).toBe(50);
    expect(SIGNATURE_MAX_CHARS).toBe(16_000);
  });
});

describe('the typed full name', () => {
  it.each(['Ava Thompson', "Ana-María O'Neil", 'J. R. R. Tolkien', 'Lê Văn Thiêm', 'Smith, Jr.', 'Zoë'])(
    'takes %s',
    (name) => expect(signerNameProblem(name)).toBeNull(),
  );
  it.each([
    ['', /Type your full name/],
    ['A', /full name/],
    ['12345', /letters/],
    ['Ava <script>', /letters/],
    ['Ava\tThompson', /letters/],
    ['x'.repeat(101), /at most 100/],
  ])('refuses %j', (name, problem) => expect(signerNameProblem(name)).toMatch(problem));
  it('tidies spaces', () => expect(tidyName('  Ava   Thompson ')).toBe('Ava Thompson'));
});
