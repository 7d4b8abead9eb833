import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { openPostgres } from '../db/connection.js';
import { migrationFiles } from '../db/migrate.js';
import { startQueue } from '../jobs/queue.js';
import { checkReadiness } from './health.js';
import { createLogger } from './logger.js';

describeEachEngine('health and readiness probes', (db) => {
  let h: Harness;
  let logged = '';
  beforeAll(async () => {
    const destination = {
      write(s: string) {
        logged += s;
      },
    };
    h = await startHarness(db(), {
      worker: false,
      logger: createLogger({ level: 'info', format: 'json', destination }),
    });
  });
  afterAll(() => h.close());

  it('/healthz and /readyz answer a signed-out GET without cookies, and are not logged at info', async () => {
    const live = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', queue: 'ok' },
    });
    // The old health route still answers.
    expect((await h.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ ok: true });
    // Probes every few seconds stay out of the log; other requests are logged.
    expect(logged).toContain('/api/health');
    expect(logged).not.toContain('/healthz');
    expect(logged).not.toContain('/readyz');
  });

  it('/readyz answers 503 naming a migration this version ships that the database has not applied', async () => {
    const last = migrationFiles().at(-1)!;
    const { database } = h.deps;
    await database.execScript(`DELETE FROM schema_migrations WHERE name = '${last}'`);
    try {
      const res = await h.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'not ready',
        checks: { database: 'ok', migrations: `not applied: ${last}`, queue: 'ok' },
        failed: ['migrations'],
      });
    } finally {
      await database.execScript(`INSERT INTO schema_migrations (name) VALUES ('${last}')`);
    }
    // A migration applied by a newer version (unknown to this one) does not make it unready.
    await database.execScript(
      `INSERT INTO schema_migrations (name) VALUES ('9999_from_a_newer_version.sql')`,
    );
    try {
      expect((await h.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    } finally {
      await database.execScript(`DELETE FROM schema_migrations WHERE name = '9999_from_a_newer_version.sql'`);
    }
  });

  it('is not ready once its queue has stopped', async () => {
    const boss = await startQueue(h.deps.database, { supervise: false });
    expect((await checkReadiness({ database: h.deps.database, boss })).ready).toBe(true);
    await boss.stop({ graceful: false, wait: true });
    const r = await checkReadiness({ database: h.deps.database, boss });
    expect(r).toMatchObject({ ready: false, failed: ['queue'], checks: { queue: 'not running' } });
  });

  it('is not ready when the database does not answer in time', async () => {
    // A server nobody listens on refuses at once; the short timeout bounds a hung one.
    const gone = await openPostgres('postgres://postgres@127.0.0.1:9/slipway', 1);
    try {
      const r = await checkReadiness({ database: gone, boss: h.deps.boss }, 500);
      expect(r.ready).toBe(false);
      expect(r.failed).toEqual(['database', 'migrations']);
      expect(r.checks.database).toMatch(/^unreachable/);
    } finally {
      await gone.close();
    }
    // Held behind a long transaction (PGlite's one connection is busy): the probe gives up in time.
    if (h.deps.database.kind === 'pglite') {
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      const trx = h.deps.database.db.transaction().execute(() => held);
      const r = await checkReadiness(h.deps, 300);
      release();
      await trx;
      expect(r.failed).toContain('database');
      expect(r.checks.database).toBe('unreachable: no answer within 300 ms');
    }
  });
});
