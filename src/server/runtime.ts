import type { FastifyInstance, FastifyRequest } from 'fastify';
import type PgBoss from 'pg-boss';
import { type Database, openPGlite, openPostgres, POSTGRES_TIMEOUTS } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { startQueue } from '../jobs/queue.js';
import { createAccountMail, workAccountEmails } from '../modules/accounts/account-mail.js';
import { createPasswordResets, workResetRequests } from '../modules/accounts/password-reset.service.js';
import { type BatchRunner, startBatchRunner } from '../modules/bulk-invites/batch-runner.js';
import { createCleanup, startCleanup } from '../modules/cleanup/cleanup.js';
import { startImportRunner } from '../modules/imports/import-runner.js';
import {
  workDeadInviteEmails,
  workInviteEmails,
  workInviteRequests,
} from '../modules/invites/invite-worker.js';
import { createInvitesService } from '../modules/invites/invites.service.js';
import { startMailCatcher } from '../modules/mail/mail-catcher.js';
import { createSmtpMailer, type Mailer } from '../modules/mail/mailer.js';
import { workMessageEmails } from '../modules/messages/message-email-worker.js';
import type { Inbound } from '../modules/messages/message-inbound.js';
import { messagesInbound } from '../modules/messages/messages.wiring.js';
import { workOrderEmails } from '../modules/orders/order-email-worker.js';
import { startReminders } from '../modules/reminders/reminder-jobs.js';
import { createStaffMail, workStaffEmails } from '../modules/yards/staff-links.js';
import { buildApp } from './app.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import type { AppDeps } from './deps.js';
import { createLogger, setLogger } from './logger.js';
import { startMetricsServer } from './metrics.js';
import { cookieSecret } from './secrets.js';

export interface Runtime {
  deps: AppDeps;
  app?: FastifyInstance;
  mailCatcherUrl?: string;
  /** GET /metrics of this process, when METRICS_PORT is set. */
  metricsUrl?: string;
  /**
   * Stops accepting connections and finishes the requests in flight, stops the batch and
   * import runners (each releases its lease after the step it is on), stops the queue (its
   * jobs in flight may run until `deadline`, epoch ms; then they are failed and retried
   * elsewhere), and closes the mail and the database.
   */
  stop(opts?: { deadline?: number }): Promise<void>;
  /** What a stop still waits for, in words for the log (no secrets: route patterns, ids). */
  unfinished(): string[];
}

export async function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, 10, POSTGRES_TIMEOUTS)
    : openPGlite(config.dataDir);
}

/** Starts the mail workers, the bulk-invite runner and the import runner: the worker role of a process. */
export async function startWorker(
  deps: AppDeps & { boss: PgBoss },
): Promise<Pick<BatchRunner, 'stop'> & { working(): { batches: string[]; imports: string[] } }> {
  const invites = createInvitesService(deps);
  await workInviteEmails(deps.boss, invites);
  await workDeadInviteEmails(deps.boss, invites);
  await workOrderEmails(deps);
  await workMessageEmails(deps);
  await workAccountEmails(deps.boss, createAccountMail(deps));
  await workStaffEmails(deps.boss, createStaffMail(deps));
  await workInviteRequests(deps.boss, invites);
  await workResetRequests(deps.boss, createPasswordResets(deps));
  await startCleanup(deps);
  await startReminders(deps);
  const batches = startBatchRunner(deps, invites, deps.config.bulkInvites);
  const imports = startImportRunner(deps, { leaseSeconds: deps.config.bulkInvites.leaseSeconds });
  return {
    stop: () => Promise.all([batches.stop(), imports.stop()]).then(() => {}),
    working: () => ({ batches: batches.working(), imports: imports.working() }),
  };
}

/**
 * Wires a process: database, mail, queue, and the web server and/or the worker.
 * `npm start` runs both roles in one process; production runs `slipway web` and
 * `slipway worker` separately on one PostgreSQL.
 */
export async function startRuntime(
  config: Config,
  roles: { web: boolean; worker: boolean },
  overrides: {
    database?: Database;
    mailer?: Mailer;
    clock?: Clock;
    beforeServe?: (deps: AppDeps) => Promise<void>;
  } = {},
): Promise<Runtime> {
  // One logger for the process: the web server's request lines and the workers' job lines.
  setLogger(createLogger({ level: config.logLevel, format: config.logFormat }));
  const database = overrides.database ?? (await openDatabase(config));
  await migrate(database);
  let catcher: { url: string; close(): Promise<void> } | undefined;
  let mailer = overrides.mailer;
  // Replies by email to the signed reply addresses, received by the built-in SMTP server (the
  // demo's inbound path, docs/messages.md); ready once the queue is up.
  let inbound: Inbound | undefined;
  const catcherInbound = {
    domain: config.inboundEmail.domain,
    receive: async (raw: Buffer, rcpts: string[]) => {
      if (!inbound) throw new Error('not ready for inbound mail yet');
      await inbound.receive(raw, rcpts);
    },
  };
  if (!mailer) {
    let smtpUrl = config.smtpUrl;
    if (!smtpUrl) {
      catcher = await startMailCatcher(database.db, config.smtpCatcherPort, catcherInbound).catch(
        (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EADDRINUSE') throw err;
          return startMailCatcher(database.db, 0, catcherInbound);
        },
      );
      smtpUrl = catcher.url;
    }
    mailer = createSmtpMailer(smtpUrl, config.mailFrom);
  }
  const boss = await startQueue(database, { supervise: roles.worker, schedule: roles.worker });
  const deps: AppDeps = { config, database, boss, clock: overrides.clock ?? systemClock, mailer };
  inbound = messagesInbound(deps);
  await overrides.beforeServe?.(deps);
  const runner = roles.worker ? await startWorker(deps) : undefined;
  const inFlight = new Set<FastifyRequest>();
  let draining = false;
  const closing = new Set<'web' | 'worker' | 'queue' | 'metrics'>();
  const step = async (
    name: 'web' | 'worker' | 'queue' | 'metrics',
    work: () => Promise<unknown> | undefined,
  ) => {
    closing.add(name);
    try {
      await work();
    } finally {
      closing.delete(name);
    }
  };
  let app: FastifyInstance | undefined;
  if (roles.web) {
    // A web process on a machine of its own: the worker's purge never sees its spool folder,
    // so it removes what a crash of its own left there before taking uploads again.
    if (!roles.worker) await createCleanup(deps).purgeUploads();
    app = await buildApp(deps, {
      cookieSecret: await cookieSecret(database.db, config.sessionSecret),
      logger: config.logLevel !== 'silent',
    });
    // Requests in flight, for the log when a shutdown runs past its deadline.
    app.addHook('onRequest', async (req) => void inFlight.add(req));
    app.addHook('onResponse', async (req) => void inFlight.delete(req));
    app.addHook('onRequestAbort', async (req) => void inFlight.delete(req));
    // Draining: answers still going out close their connection, or a keep-alive client
    // would hold the process open until its idle timeout.
    app.addHook('onSend', async (_req, reply, payload) => {
      if (draining) reply.header('connection', 'close');
      return payload;
    });
    await app.listen({ port: config.port, host: config.host });
  }
  const metrics =
    config.metrics.port === undefined
      ? undefined
      : await startMetricsServer({
          port: config.metrics.port,
          host: config.host,
          token: config.metrics.token,
          ...deps,
        });
  return {
    deps,
    app,
    mailCatcherUrl: catcher?.url,
    metricsUrl: metrics?.url,
    async stop({ deadline } = {}) {
      draining = true;
      // Fastify stops listening, closes idle keep-alive connections and answers anything
      // new on a busy one with 503 and `Connection: close`, while the runners wind down.
      await Promise.all([step('web', () => app?.close()), step('worker', () => runner?.stop())]);
      // After the web side: a request in flight may still queue a job.
      const timeout = deadline ? Math.max(1000, deadline - Date.now() - 1000) : 5000;
      await step('metrics', () => metrics?.close());
      await step('queue', () => boss.stop({ graceful: true, wait: true, timeout }).catch(() => {}));
      mailer.close();
      await catcher?.close();
      await database.close();
    },
    unfinished() {
      const left: string[] = [];
      if (inFlight.size) {
        const routes = [...inFlight].map((r) => `${r.method} ${r.routeOptions.url ?? '(no route)'}`);
        left.push(`${inFlight.size} request(s) in flight: ${routes.join(', ')}`);
      }
      const working = runner?.working();
      if (working?.batches.length)
        left.push(`bulk-invite batch(es) ${working.batches.join(', ')} (resumed when the lease runs out)`);
      if (working?.imports.length)
        left.push(`import(s) ${working.imports.join(', ')} (resumed when the lease runs out)`);
      if (closing.has('queue')) left.push('queue jobs (failed at the deadline and retried)');
      if (!left.length && closing.size) left.push(`closing: ${[...closing].join(', ')}`);
      return left;
    },
  };
}
