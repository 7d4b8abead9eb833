import { expect } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import { batchQueueRepo } from '../../src/modules/bulk-invites/batch-queue.repo.js';
import type { RunnerContext } from '../../src/modules/bulk-invites/batch-run.js';
import { batchRunnerRepo } from '../../src/modules/bulk-invites/batch-runner.repo.js';
import { inviteBatchesRepo } from '../../src/modules/bulk-invites/invite-batches.repo.js';
import { createInvitesService } from '../../src/modules/invites/invites.service.js';
import type { Mailer } from '../../src/modules/mail/mailer.js';
import type { Clock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import type {
  InviteBatchRowView,
  InviteBatchStatus,
  InviteBatchSummary,
} from '../../src/shared/api-types.js';
import type { Agent } from './harness.js';
import { multipartBody } from './photos.js';

/** Uploads a filled template as the browser's form does; answers the raw response. */
export function uploadTemplate(agent: Agent, data: Buffer | string, fileName = 'customers.csv') {
  const { payload, contentType } = multipartBody([
    {
      name: 'file',
      file: {
        fileName,
        contentType: fileName.endsWith('.xlsx')
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv',
        data: Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'),
      },
    },
  ]);
  return agent.postRaw('/api/staff/invite-batches', payload, contentType);
}

/** Uploads and expects a preview. */
export async function previewOf(agent: Agent, data: Buffer | string, fileName?: string) {
  const res = await uploadTemplate(agent, data, fileName);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as InviteBatchSummary;
}

/** Every row of a batch, page by page. */
export async function allRows(agent: Agent, batchId: string): Promise<InviteBatchRowView[]> {
  const rows: InviteBatchRowView[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const res = await agent.get(`/api/staff/invite-batches/${batchId}/rows?limit=500&offset=${offset}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { rows: InviteBatchRowView[]; nextOffset: number | null };
    rows.push(...page.rows);
    offset = page.nextOffset;
  }
  return rows;
}

/** Polls the batch like the progress bar does until it reaches one of `statuses`. */
export async function waitForBatch(
  agent: Agent,
  batchId: string,
  statuses: InviteBatchStatus[] = ['completed'],
  timeoutMs = 60_000,
  until: (s: InviteBatchSummary) => boolean = (s) => statuses.includes(s.status),
): Promise<InviteBatchSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await agent.get(`/api/staff/invite-batches/${batchId}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as InviteBatchSummary;
    if (until(s)) return s;
    if (Date.now() > deadline) throw new Error(`batch still ${s.status}: ${JSON.stringify(s.progress)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const csvOf = (rows: (string | number | null)[][], sep = ',') =>
  rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(sep)).join('\r\n');

export const TEMPLATE_HEADER = ['Customer number', 'Email', 'First name', 'Last name', 'Phone'];

/**
 * What the batch runner works with, on a real database, with a mailer the test controls and
 * no queue (a batch queues its invites with enqueue false): for the tests of its steps.
 */
export function runnerContext(
  database: Database,
  clock: Clock,
  mailer: Mailer,
  concurrency: number,
): RunnerContext {
  const config = loadConfig({ PUBLIC_URL: 'https://portal.slipway.test', LOG_LEVEL: 'silent' });
  const invites = createInvitesService({ database, clock, config, mailer, boss: {} as never });
  return {
    db: database.db,
    clock,
    rows: batchRunnerRepo(database.db),
    queue: batchQueueRepo(),
    facts: inviteBatchesRepo(database.db),
    invites,
    concurrency,
  };
}
