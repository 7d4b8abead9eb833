import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_NAMES, ERROR_CODES, isErrorCode } from './error-codes.js';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('the error catalog', () => {
  it.each(ERROR_CODE_NAMES)('%s has a 4xx/5xx status and a message', (code) => {
    const { status, message } = ERROR_CODES[code];
    expect(Number.isInteger(status) && status >= 400 && status <= 599).toBe(true);
    expect(message.trim()).not.toBe('');
    expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  // tsc already refuses an unknown code; this also catches a cast or an `any` slipping one in.
  it('every AppError built in src/ with a literal code uses a catalog code', () => {
    const unknown: string[] = [];
    for (const file of sourceFiles(src)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new AppError\(\s*['"`]([^'"`]*)['"`]/g)) {
        if (!isErrorCode(m[1])) unknown.push(`${path.relative(src, file)}: ${m[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
