/**
 * Only repositories touch the query builder (docs/decisions.md). Fails `npm test` when a
 * file under src/modules or src/server that is not a `*.repo.ts` (or a test) imports a
 * value from kysely (`sql`, …) or builds a query. Types (`import type { Kysely }`) and
 * `db.transaction()` stay allowed: services pass transaction handles to repositories.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOTS = ['src/modules', 'src/server'];
const ALLOWED = /(\.repo\.ts|\.test\.ts)$/;
const CHECKS: [RegExp, string][] = [
  [/^import\s+(?!type\b)[^;]*from\s+'kysely'/m, "imports a value from 'kysely'"],
  [/\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|selectNoFrom)\(/, 'builds a query'],
  [/\bsql\s*(<[^>]*>)?`/, 'writes raw SQL'],
];

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

const problems: string[] = [];
for (const root of ROOTS) {
  for (const file of files(root)) {
    if (ALLOWED.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const [pattern, what] of CHECKS) {
      const m = pattern.exec(text);
      if (!m) continue;
      const line = text.slice(0, m.index).split('\n').length;
      problems.push(`${relative('.', file)}:${line} ${what}; move it into a *.repo.ts of its module`);
    }
  }
}
if (problems.length) {
  console.error(`Only repositories may touch the database:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('repository boundary: ok');
