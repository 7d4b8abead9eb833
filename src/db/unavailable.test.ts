import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { engines, TEST_POSTGRES_URL } from '../../test/support/databases.js';
import { freePort } from '../../test/support/own-postgres.js';
import { openPostgres, POSTGRES_TIMEOUTS } from './connection.js';
import { isDatabaseUnavailable } from './unavailable.js';

const rejectionOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );

/** Real errors of node-postgres, told apart: the database is away, or the query is wrong. */
describe.runIf(engines().includes('postgres'))('isDatabaseUnavailable [postgres]', () => {
  it('says yes to a server that refuses connections, no to a bad query', async () => {
    const nobody = await openPostgres(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`);
    const refused = await rejectionOf(sql`SELECT 1`.execute(nobody.db));
    expect(isDatabaseUnavailable(refused)).toBe(true);
    await nobody.close();

    const database = await openPostgres(TEST_POSTGRES_URL);
    const wrong = await rejectionOf(sql`SELECT * FROM no_such_table`.execute(database.db));
    expect(isDatabaseUnavailable(wrong)).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    await database.close();
  });

  it('says yes to a session the server ended (57P01), as a restart does', async () => {
    const victim = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await victim.connect();
    victim.on('error', () => {});
    const pid = (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const slow = rejectionOf(victim.query('SELECT pg_sleep(10)'));
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await new Promise((r) => setTimeout(r, 100));
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.end();
    const ended = (await slow) as { code?: string };
    expect(ended.code).toBe('57P01');
    expect(isDatabaseUnavailable(ended)).toBe(true);
    // The next statement on that connection fails the same way, without a code.
    expect(isDatabaseUnavailable(await rejectionOf(victim.query('SELECT 1')))).toBe(true);
    await victim.end().catch(() => {});
  });

  it('bounds the wait for a pooled connection: a full pool answers "unavailable" in time', async () => {
    const database = await openPostgres(TEST_POSTGRES_URL, 1, {
      ...POSTGRES_TIMEOUTS,
      connectTimeoutMs: 300,
    });
    let release!: () => void;
    const held = database.db.transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx);
      await new Promise<void>((r) => {
        release = r;
      });
    });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const waited = await rejectionOf(sql`SELECT 1`.execute(database.db));
    const ms = Date.now() - started;
    expect(isDatabaseUnavailable(waited)).toBe(true);
    expect(ms).toBeLessThan(3000);
    release();
    await held;
    await database.close();
  });

  it('ends a statement that runs too long, but not a migration script', async () => {
    const database = await openPostgres(TEST_POSTGRES_URL, 1, {
      ...POSTGRES_TIMEOUTS,
      statementTimeoutMs: 200,
    });
    const cancelled = (await rejectionOf(sql`SELECT pg_sleep(2)`.execute(database.db))) as { code?: string };
    expect(cancelled.code).toBe('57014');
    // A bug or a slow query, not an outage: it answers 500, not 503.
    expect(isDatabaseUnavailable(cancelled)).toBe(false);
    await database.execScript('SELECT pg_sleep(0.4); SELECT 1;');
    // The exemption ends with the script: the pooled connection has the bound again.
    expect(
      ((await rejectionOf(sql`SELECT pg_sleep(2)`.execute(database.db))) as { code?: string }).code,
    ).toBe('57014');
    await database.close();
  });
});
