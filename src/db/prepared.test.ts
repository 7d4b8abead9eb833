import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestDatabase } from '../../test/support/databases.js';
import type { Database } from './connection.js';
import { runPrepared } from './prepared.js';

// Named statements are a PostgreSQL connection's; PGlite runs the same queries unnamed.
describe.skipIf(!engines().includes('postgres'))('prepared statements [postgres]', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });
  afterAll(() => database.close());

  /** The named statements of the connection a query runs on, with what it answered. */
  const onOneConnection = <T>(fn: (trx: Database['db']) => Promise<T>) =>
    database.db.connection().execute(async (c) => {
      const result = await fn(c);
      const { rows } = await sql<{ name: string; statement: string }>`
        SELECT name, statement FROM pg_prepared_statements`.execute(c);
      return { result, named: rows };
    });

  it('a repository statement is prepared once on its connection and then reused', async () => {
    const { result, named } = await onOneConnection(async (c) => {
      const query = (slug: string) => c.selectFrom('yards').select('id').where('slug', '=', slug);
      await runPrepared(c, query('nowhere'));
      return runPrepared(c, query('still-nowhere'));
    });
    expect(result).toEqual([]);
    const mine = named.filter((s) => s.statement.includes('from "yards"'));
    expect(mine).toHaveLength(1);
    expect(mine[0].name).toMatch(/^slipway_\d+$/);
  });

  it('other statements stay unnamed', async () => {
    const { named } = await onOneConnection((c) =>
      c.selectFrom('customers').select('id').where('email', '=', 'unnamed@example.com').execute(),
    );
    expect(named.filter((s) => s.statement.includes('unnamed'))).toEqual([]);
    expect(named.filter((s) => s.statement.includes('from "customers"'))).toEqual([]);
  });

  it('still answers after a migration adds a column under it (a process running through an upgrade)', async () => {
    await sql`CREATE TABLE prepared_probe (id int PRIMARY KEY)`.execute(database.db);
    await sql`INSERT INTO prepared_probe VALUES (1)`.execute(database.db);
    const rows = await database.db.connection().execute(async (c) => {
      const probe = () => runPrepared(c, sql<{ id: number }>`SELECT * FROM prepared_probe`);
      expect(await probe()).toEqual([{ id: 1 }]);
      await sql`ALTER TABLE prepared_probe ADD COLUMN note text`.execute(c);
      return probe();
    });
    expect(rows).toEqual([{ id: 1, note: null }]);
  });
});
