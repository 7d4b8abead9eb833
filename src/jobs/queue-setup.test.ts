import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestDatabase } from '../../test/support/databases.js';
import type { Database } from '../db/connection.js';
import { QUEUES, startQueue } from './queue.js';

/**
 * Processes started together on a new PostgreSQL database all create pg-boss's queues at
 * once. Each creation adds a partition and a foreign key to pg-boss's job table; unserialised,
 * concurrent creations deadlock and a process fails to start.
 */
describe.runIf(engines().includes('postgres'))(
  'queue setup by processes starting together [postgres]',
  () => {
    let database: Database;
    const started: PgBoss[] = [];

    beforeAll(async () => {
      database = await openTestDatabase('postgres');
    });
    afterAll(async () => {
      await Promise.all(started.map((b) => b.stop({ graceful: false, wait: true })));
      await database.close();
    });

    it('six processes (three with schedules, as workers) starting at once all start, and every queue exists', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          startQueue(database, { supervise: false, schedule: i % 2 === 0 }),
        ),
      );
      for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(failures).toEqual([]);
      const { rows } = await sql<{ name: string }>`SELECT name FROM pgboss.queue ORDER BY name`.execute(
        database.db,
      );
      expect(rows.map((r) => r.name)).toEqual([...Object.values(QUEUES), '__pgboss__send-it'].sort());
    }, 60_000);
  },
);
