import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

/** What the readiness probe asks the database (GET /readyz). */
export function healthRepo(db: Kysely<DB>) {
  return {
    /** The names of the migrations applied to this database (schema_migrations). */
    async appliedMigrations(): Promise<string[]> {
      const { rows } = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(db);
      return rows.map((r) => r.name);
    },
  };
}
