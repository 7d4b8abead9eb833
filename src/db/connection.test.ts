import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engines, TEST_POSTGRES_URL } from '../../test/support/databases.js';
import { openPostgres } from './connection.js';

describe.runIf(engines().includes('postgres'))('PostgreSQL connections [postgres]', () => {
  it('turn JIT compilation off on every pooled connection, first statement included', async () => {
    const database = await openPostgres(TEST_POSTGRES_URL, 3);
    try {
      // Three at once: three connections, each asked on its very first statement.
      const settings = await Promise.all(
        [1, 2, 3].map(() =>
          sql<{ jit: string; pid: number }>`SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid`
            .execute(database.db)
            .then((r) => r.rows[0]),
        ),
      );
      expect(new Set(settings.map((s) => s.pid)).size).toBe(3);
      expect(settings.map((s) => s.jit)).toEqual(['off', 'off', 'off']);
    } finally {
      await database.close();
    }
  });
});
