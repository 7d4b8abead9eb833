import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Database } from '../db/connection.js';
import { migrationFiles } from '../db/migrate.js';
import { queueRunning } from '../jobs/queue.js';
import { healthRepo } from './health.repo.js';

export type CheckName = 'database' | 'migrations' | 'queue';

export interface Readiness {
  ready: boolean;
  /** `ok`, or what is wrong, per check. */
  checks: Record<CheckName, string>;
  failed: CheckName[];
}

/**
 * Whether this process can serve: the database answers within `timeoutMs`, every migration
 * this version ships has been applied (a newer process may have applied more: still ready),
 * and its queue is running.
 */
export async function checkReadiness(
  deps: { database: Database; boss: PgBoss },
  timeoutMs = 2000,
): Promise<Readiness> {
  const checks: Record<CheckName, string> = { database: 'ok', migrations: 'ok', queue: 'ok' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const applied = new Set(await Promise.race([healthRepo(deps.database.db).appliedMigrations(), timeout]));
    const pending = migrationFiles().filter((f) => !applied.has(f));
    if (pending.length) checks.migrations = `not applied: ${pending.join(', ')}`;
  } catch (err) {
    checks.database = `unreachable: ${(err as Error).message}`;
    checks.migrations = 'unknown: the database did not answer';
  } finally {
    clearTimeout(timer);
  }
  if (!queueRunning(deps.boss)) checks.queue = 'not running';
  const failed = (Object.keys(checks) as CheckName[]).filter((k) => checks[k] !== 'ok');
  return { ready: failed.length === 0, checks, failed };
}

const Checks = z.object({ database: z.string(), migrations: z.string(), queue: z.string() });

/**
 * The probes of a load balancer or an orchestrator: GET /healthz (the process lives) and
 * GET /readyz (it can serve). Public, GET only (no CSRF), and their request lines are
 * logged at warn and above only, so a probe every few seconds does not fill the log.
 */
export function healthRoutes(deps: { database: Database; boss: PgBoss }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        config: { access: 'public' },
        logLevel: 'warn',
        schema: { response: { 200: z.object({ status: z.literal('ok') }) } },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        config: { access: 'public' },
        logLevel: 'warn',
        schema: {
          response: {
            200: z.object({ status: z.literal('ready'), checks: Checks }),
            503: z.object({ status: z.literal('not ready'), checks: Checks, failed: z.array(z.string()) }),
          },
        },
      },
      async (_req, reply) => {
        const r = await checkReadiness(deps);
        reply.header('Cache-Control', 'no-store');
        if (r.ready) return { status: 'ready' as const, checks: r.checks };
        return reply.code(503).send({ status: 'not ready' as const, checks: r.checks, failed: r.failed });
      },
    );
  };
}
