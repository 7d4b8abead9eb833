import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Database } from '../db/connection.js';
import { QUEUES } from '../jobs/queue.js';
import { logger } from './logger.js';
import { metricsRepo } from './metrics.repo.js';

/**
 * Prometheus metrics (docs/operations.md, "Health and metrics"). Counters of the process
 * (requests, mails, Node.js's own) live in one registry for the process; the database's
 * gauges (queues, bulk-invite rows, the pool) are read at each scrape.
 */
const processRegistry = new client.Registry();
client.collectDefaultMetrics({ register: processRegistry });

const httpRequests = new client.Counter({
  name: 'slipway_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [processRegistry],
});

const httpDuration = new client.Histogram({
  name: 'slipway_http_request_duration_seconds',
  help: 'Time from receiving a request to sending its answer, by method and route pattern.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

export const mailMetrics = {
  sent: new client.Counter({
    name: 'slipway_mails_sent_total',
    help: 'Emails the mail server accepted.',
    registers: [processRegistry],
  }),
  failed: new client.Counter({
    name: 'slipway_mails_failed_total',
    help: 'Emails the mail server refused or could not be reached for; kind: permanent (5xx) or temporary.',
    labelNames: ['kind'] as const,
    registers: [processRegistry],
  }),
};

/** Pages served from a web process's page cache (hit) or built anew (miss), docs/page-cache.md. */
export const pageCacheMetrics = new client.Counter({
  name: 'slipway_page_cache_total',
  help: "Pages (me: the portal's /me, profile: the staff customer profile) served from this process's cache (hit) or read anew (miss).",
  labelNames: ['page', 'result'] as const,
  registers: [processRegistry],
});

/**
 * Counts every answer under its route pattern (`/api/portal/:yard/orders/:id`), never the
 * URL itself: tokens travel in paths. Requests no route matched count as `(unmatched)`.
 */
export function countRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? '(unmatched)';
    const method = req.method;
    httpRequests.inc({ method, route, status: String(reply.statusCode) });
    httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
  });
}

/** The gauges read from the database on each scrape, in a registry of their own. */
function databaseGauges(database: Database) {
  const registry = new client.Registry();
  const repo = metricsRepo(database.db);
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new client.Gauge({ name, help, labelNames, registers: [registry] });
  const depth = gauge(
    'slipway_queue_depth',
    'Jobs waiting in a queue; state: created (new) or retry (waiting to be tried again).',
    ['queue', 'state'],
  );
  const oldest = gauge(
    'slipway_queue_oldest_job_age_seconds',
    'Age of the oldest job waiting in a queue (0 when none waits).',
    ['queue'],
  );
  const batchRows = gauge(
    'slipway_bulk_invite_rows',
    'Rows of the bulk invites now running, by result (pending, queued, sent, skipped, failed).',
    ['result'],
  );
  const poolInUse = gauge('slipway_db_pool_in_use', "Database connections of the app's pool lent out now.");
  const poolIdle = gauge('slipway_db_pool_idle', "Open database connections of the app's pool not in use.");
  const poolWaiting = gauge('slipway_db_pool_waiting', 'Queries waiting for a database connection.');
  const up = gauge('slipway_metrics_database_up', '1 when the last scrape could read the database gauges.');

  return async (): Promise<client.Registry> => {
    const pool = database.poolStats?.();
    if (pool) {
      poolInUse.set(pool.total - pool.idle);
      poolIdle.set(pool.idle);
      poolWaiting.set(pool.waiting);
    }
    depth.reset();
    oldest.reset();
    batchRows.reset();
    try {
      const [jobs, rows] = await withTimeout(Promise.all([repo.queueJobs(), repo.runningBatchRows()]), 2000);
      for (const queue of Object.values(QUEUES)) {
        depth.set({ queue, state: 'created' }, 0);
        depth.set({ queue, state: 'retry' }, 0);
        oldest.set({ queue }, 0);
      }
      const oldestOf = new Map<string, number>();
      for (const j of jobs) {
        depth.set({ queue: j.name, state: j.state }, j.jobs);
        oldestOf.set(j.name, Math.max(oldestOf.get(j.name) ?? 0, j.oldest_seconds));
      }
      for (const [queue, seconds] of oldestOf) oldest.set({ queue }, seconds);
      for (const result of ['pending', 'queued', 'sent', 'skipped', 'failed']) batchRows.set({ result }, 0);
      for (const r of rows) batchRows.set({ result: r.result }, r.n);
      up.set(1);
    } catch (err) {
      logger().warn({ err: (err as Error).message }, 'metrics: database gauges unavailable');
      up.set(0);
    }
    return registry;
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The text a scrape answers: the process's metrics and the database's gauges. */
export function metricsScraper(deps: { database: Database }) {
  const readDatabase = databaseGauges(deps.database);
  return async (): Promise<string> => {
    const db = await readDatabase();
    return client.Registry.merge([processRegistry, db]).metrics();
  };
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * GET /metrics on a port of its own (METRICS_PORT), so web and worker processes alike can
 * be scraped and the port kept off the public network; with METRICS_TOKEN set, a scrape
 * must send `Authorization: Bearer <token>` or is answered 401.
 */
export async function startMetricsServer(opts: {
  port: number;
  host: string;
  token?: string;
  database: Database;
}): Promise<{ url: string; close(): Promise<void> }> {
  const scrape = metricsScraper(opts);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: scrape GET /metrics\n');
      return;
    }
    if (opts.token) {
      const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!sameSecret(given, opts.token)) {
        res
          .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
          .end('Send Authorization: Bearer <METRICS_TOKEN>\n');
        return;
      }
    }
    scrape().then(
      (text) => res.writeHead(200, { 'content-type': client.Registry.PROMETHEUS_CONTENT_TYPE }).end(text),
      (err: Error) => {
        logger().error({ err: err.message }, 'metrics: scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Scrape failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
