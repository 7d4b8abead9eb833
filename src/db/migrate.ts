import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './connection.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function migrationFiles(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
}

/**
 * Applies the versioned SQL files in migrations/ that have not run yet, each in its own
 * transaction. An advisory lock keeps two processes starting at once from racing.
 */
export async function migrate(database: Database): Promise<string[]> {
  const applied: string[] = [];
  const lockScript = (body: string) => `BEGIN; SELECT pg_advisory_xact_lock(7317001); ${body}; COMMIT;`;
  // Under the lock too: two processes creating the table at once collide in the catalog.
  await database.execScript(
    lockScript(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`),
  );
  for (const file of migrationFiles()) {
    const done = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM schema_migrations WHERE name = ${file}`.execute(database.db);
    if (done.rows[0].n > 0) continue;
    const body = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    const name = file.replace(/'/g, "''");
    // Re-checked inside the locked transaction: another process may have applied it.
    const appliedHere = await database
      .execScript(
        lockScript(`
        DO $$ BEGIN
          IF EXISTS (SELECT 1 FROM schema_migrations WHERE name = '${name}') THEN
            RAISE EXCEPTION 'slipway-migration-already-applied';
          END IF;
        END $$;
        ${body};
        INSERT INTO schema_migrations (name) VALUES ('${name}')`),
      )
      .then(() => true)
      .catch((err: Error) => {
        if (!String(err.message).includes('slipway-migration-already-applied')) throw err;
        return false;
      });
    if (appliedHere) applied.push(file);
  }
  return applied;
}
