import { type Kysely, sql } from 'kysely';
import type PgBoss from 'pg-boss';
import type { DB } from '../../src/db/schema.js';
import { QUEUES } from '../../src/jobs/queue.js';

/** Waits until the worker has recorded the outcome of every queued invite of a customer. */
export async function inviteSettled(db: Kysely<DB>, customerId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const queued = await db
      .selectFrom('invites')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('status', '=', 'queued')
      .execute();
    if (queued.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`invite of ${customerId} still queued after ${timeoutMs} ms`);
}

/**
 * Waits until no invite email job is waiting, retrying or running: from then on no mail
 * for an invite queued so far can still go out, so "nothing more was sent" can be checked.
 */
export async function inviteJobsDone(boss: PgBoss, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A visitor's request for a new link becomes an invite email job when it is worked.
    const requests = await boss.getQueueSize(QUEUES.inviteRequest, { before: 'completed' });
    if (requests === 0 && (await boss.getQueueSize(QUEUES.inviteEmail, { before: 'completed' })) === 0)
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`invite email jobs still pending after ${timeoutMs} ms`);
}

/** Waits until the queue job of an invite is in one of `states` (e.g. `retry`: an attempt failed). */
export async function inviteJobIn(db: Kysely<DB>, inviteId: string, states: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ state: string; retry_count: number }>`
      SELECT state, retry_count FROM pgboss.job
      WHERE name = ${QUEUES.inviteEmail} AND data->>'inviteId' = ${inviteId}`.execute(db);
    const job = rows.find((r) => states.includes(r.state));
    if (job) return job;
    if (Date.now() > deadline)
      throw new Error(`invite job of ${inviteId} is ${rows.map((r) => r.state).join(', ') || 'missing'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
