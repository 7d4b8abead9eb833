import { describe, expect, it } from 'vitest';
import { emailAddress, multiLine, singleLine } from './text-fields.js';

const CONTROLS = [
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
];

describe('text fields', () => {
  const name = singleLine('Name', 100);
  const notes = multiLine('Notes', 1000);

  it('a single-line field refuses every control character and the Unicode line separators', () => {
    for (const c of [...CONTROLS, '\u2028', '\u2029']) {
      for (const value of [`Ann${c}Abbott`, `Ann Abbott${c}`, `${c}Ann`]) {
        const r = name.safeParse(value);
        expect(r.success, JSON.stringify(value)).toBe(false);
        expect(r.error?.issues[0].message).toBe('Name must be on one line, without control characters');
      }
    }
  });

  it('a single-line field keeps names from every script, trimmed', () => {
    for (const value of ['Zoë O’Brien-Smith', 'Åsa Ñúñez', '李小龍', 'محمد', 'Ann 🛥️']) {
      expect(name.parse(` ${value} `)).toBe(value);
    }
    expect(name.safeParse('x'.repeat(101)).error?.issues[0].message).toBe(
      'Name can be at most 100 characters',
    );
  });

  it('a multi-line field keeps tabs and line breaks and refuses the other control characters', () => {
    expect(notes.parse('First line\r\nsecond\n\tindented')).toBe('First line\r\nsecond\n\tindented');
    expect(notes.parse('Line\u2028separated')).toBe('Line\u2028separated');
    for (const c of CONTROLS.filter((c) => !'\t\n\r'.includes(c))) {
      const r = notes.safeParse(`Note${c}s`);
      expect(r.success, JSON.stringify(c)).toBe(false);
      expect(r.error?.issues[0].message).toBe('Notes can have line breaks, but no other control characters');
    }
  });

  it('an email address is one line too, and may be empty only where allowed', () => {
    const email = emailAddress('Email', 'Enter a valid email address');
    expect(email.parse(' ann@example.com ')).toBe('ann@example.com');
    expect(email.safeParse('ann@example.com\r\nBcc: all@example.com').error?.issues[0].message).toBe(
      'Email must be on one line, without control characters',
    );
    expect(email.safeParse('ann@example.com\n').success).toBe(false);
    expect(email.safeParse('').success).toBe(false);
    expect(emailAddress('Email', 'Enter a valid email address', { allowEmpty: true }).parse('')).toBe('');
  });
});
