import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const sources = fs.readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

// The web app bundles these files: a server-only import here would break the build or
// ship server code to the browser.
describe('the API contract', () => {
  it.each(sources)('%s imports only zod and its neighbours', (file) => {
    const text = fs.readFileSync(path.join(here, file), 'utf8');
    const imports = [...text.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]);
    const foreign = imports.filter(
      (i) => i !== 'zod' && i !== '../error-codes.js' && !/^\.\/[\w-]+\.js$/.test(i),
    );
    expect(
      foreign,
      `${file} may import only 'zod', ../error-codes.js and ./*.js files of src/shared/api-schemas`,
    ).toEqual([]);
  });

  it('the error catalog imports nothing', () => {
    const text = fs.readFileSync(path.join(here, '..', 'error-codes.ts'), 'utf8');
    expect(text).not.toMatch(/\bfrom\s+'|\bimport\s*\(/);
  });
});
