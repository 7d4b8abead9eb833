import { sql } from 'kysely';
import type { Database } from '../../src/db/connection.js';

export interface TableChecksum {
  rows: number;
  md5: string;
}

/**
 * Every base table outside the system schemas (Slipway's and pg-boss's), with its row count
 * and the md5 of all its rows as text in a fixed order: two databases with equal maps hold
 * the same data.
 */
export async function tableChecksums(database: Database): Promise<Record<string, TableChecksum>> {
  const tables = await sql<{ schema: string; name: string }>`
    SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1, 2`.execute(database.db);
  const out: Record<string, TableChecksum> = {};
  for (const { schema, name } of tables.rows) {
    const r = await sql<{ rows: number; md5: string }>`
      SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '')) AS md5
      FROM ${sql.table(`${schema}.${name}`)} t`.execute(database.db);
    out[`${schema}.${name}`] = r.rows[0];
  }
  return out;
}
