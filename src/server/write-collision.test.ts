import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { orderYard } from '../../test/support/order-editing-fixtures.js';
import { WRITE_COLLIDED } from './app.js';

/**
 * Two writes of one record at the same moment can deadlock on the record's version row
 * (docs/page-cache.md, "What a write pays"). PostgreSQL rolls one back whole; a request that is
 * the one answers 503 BUSY with Retry-After, nothing of it saved, and succeeds when sent again.
 */
describeEachEngine('a write that meets another of the same record', (get, engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get(), { worker: false });
  });
  afterAll(() => h?.close());

  // PGlite has one connection: its statements take turns and never deadlock.
  it.skipIf(engine === 'pglite')(
    'answers 503 BUSY with Retry-After when PostgreSQL rolls it back for a deadlock; sent again, it is saved',
    async () => {
      const db = get().db;
      const y = await orderYard(h, db);
      const other = new pg.Client({ connectionString: get().connectionString });
      await other.connect();
      try {
        // Another transaction changes the customer's boat (taking the record's version row)...
        await other.query('BEGIN');
        await other.query("UPDATE boats SET slip = 'D-14' WHERE id = $1", [y.boat.id]);
        // ... staff save the customer (the customer row, then its version: waits for the other) ...
        const saving = y.agent.patch(`/api/staff/customers/${y.customer.id}`, { firstName: 'Imogen' });
        await waitForLockWait(other);
        // ... and the other transaction then writes the customer row: each waits for the other.
        const otherWrite = other.query("UPDATE customers SET notes = 'called back' WHERE id = $1", [
          y.customer.id,
        ]);

        const res = await saving;
        expect(res.statusCode, res.body).toBe(503);
        expect(res.json()).toMatchObject({ code: 'BUSY', message: WRITE_COLLIDED });
        expect(res.headers['retry-after']).toBe('1');
        await otherWrite;
        await other.query('COMMIT');
      } finally {
        await other.end();
      }
      const saved = await db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', y.customer.id)
        .executeTakeFirstOrThrow();
      expect(saved.first_name).not.toBe('Imogen');
      expect(saved.notes).toBe('called back');

      const again = await y.agent.patch(`/api/staff/customers/${y.customer.id}`, { firstName: 'Imogen' });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json().customer.firstName).toBe('Imogen');
    },
  );
});

/** Until a statement of another session waits for a lock (the request's, on the version row). */
async function waitForLockWait(client: pg.Client) {
  for (let i = 0; i < 200; i++) {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND datname = current_database()`,
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the request never waited for the other transaction');
}
