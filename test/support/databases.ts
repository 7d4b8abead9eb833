import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Database, openPGlite, openPostgres } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';

export type EngineName = 'pglite' | 'postgres';

/**
 * The local PostgreSQL server the tests run against as well as PGlite.
 * TEST_POSTGRES_URL overrides it; TEST_ENGINES=pglite runs PGlite alone.
 */
export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function engines(): EngineName[] {
  const wanted = (process.env.TEST_ENGINES ?? 'pglite,postgres').split(',').map((s) => s.trim());
  return (['pglite', 'postgres'] as const).filter((e) => wanted.includes(e));
}

/** A fresh, migrated database of the given engine; PostgreSQL ones are dropped on close. */
export async function openTestDatabase(engine: EngineName): Promise<Database> {
  if (engine === 'pglite') {
    const database = await openPGlite();
    await migrate(database);
    return database;
  }
  const name = `slipway_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  await migrate(database);
  const close = database.close;
  database.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  };
  return database;
}

/**
 * Runs the same suite once per database engine. `get()` returns the suite's database,
 * opened in beforeAll and closed in afterAll.
 */
export function describeEachEngine(name: string, suite: (get: () => Database, engine: EngineName) => void) {
  for (const engine of engines()) {
    describe(`${name} [${engine}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(engine);
      });
      afterAll(async () => {
        await database?.close();
      });
      suite(() => {
        if (!database) throw new Error('database not open yet');
        return database;
      }, engine);
    });
  }
}
