import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { runnerContext } from '../../../test/support/bulk-invites.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { manualClock } from '../../server/clock.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { holdLease } from './batch-lease.js';
import type { RunnerContext } from './batch-run.js';
import { CHUNK, driveBatch } from './drive-batch.js';

const CUSTOMERS = 2 * CHUNK + 50;
/** As BULK_INVITE_CONCURRENCY's default: twice the mailer's connections. */
const LANES = 8;

/**
 * A whole batch driven as the worker drives it, eight messages at a time, with a mail server
 * the test watches: the next chunk is queued, and the last one's rows settled, while the
 * current one is sent, the "sent" marks
 * of messages accepted together are written together, and still no more messages than the
 * lanes are ever accepted without being recorded (what a crash can send twice).
 */
describeEachEngine('bulk invite pipeline', (db) => {
  const clock = manualClock(new Date());
  const accepted: OutgoingMail[] = [];
  let yardId = '';
  let batchId = '';
  let watch: (() => Promise<void>) | null = null;
  let ctx: RunnerContext;

  // Messages being handed to the server at once, and the most at any moment. The first
  // five to arrive wait for each other (or half a second), so more than four lanes sending
  // together is seen whatever the machine's speed; with four lanes it cannot be.
  let inside = 0;
  let peakInside = 0;
  // Messages handed to the server so far, and that count as each chunk's settlement of its
  // sent rows was written.
  let handedSoFar = 0;
  const handedWhenSettled: number[] = [];
  let opened: () => void = () => {};
  const gate = new Promise<void>((r) => {
    opened = r;
    setTimeout(r, 500);
  });

  beforeAll(() => {
    const mailer = {
      async send(mail: OutgoingMail) {
        handedSoFar += 1;
        inside += 1;
        peakInside = Math.max(peakInside, inside);
        if (inside > 4) opened();
        await gate;
        try {
          await watch?.();
          await new Promise((r) => setTimeout(r, 1));
          accepted.push(mail);
          return { messageId: String(accepted.length), response: '250 ok' };
        } finally {
          inside -= 1;
        }
      },
      close() {},
    };
    const context = runnerContext(db(), clock, mailer, LANES);
    // A chunk's settlement first waits (a second at most) for a message of the next chunk to
    // be handed over: while it waits, that happens only if the next chunk is sent beside it.
    const settleRows: RunnerContext['rows']['settleRows'] = async (...args) => {
      const sent = args[2].some((r) => r.result === 'sent');
      const before = handedSoFar;
      for (let waited = 0; sent && handedSoFar === before && waited < 1000; waited += 5)
        await new Promise((r) => setTimeout(r, 5));
      await context.rows.settleRows(...args);
      if (sent) handedWhenSettled.push(handedSoFar);
    };
    ctx = { ...context, rows: { ...context.rows, settleRows } };
  });

  it('queues the next chunk and settles the last while this one is sent; never more messages unrecorded than the lanes', async () => {
    const { db: kysely } = db();
    const { yard } = await makeYard(kysely);
    yardId = yard.id;
    await sql`
      INSERT INTO customers (yard_id, customer_number, first_name, last_name, email)
      SELECT ${yardId}, 100000 + n, 'Pipe', 'Line ' || n, 'pipe-' || n || '@example.com'
      FROM generate_series(1, ${CUSTOMERS}) AS n`.execute(kysely);
    const batch = await kysely
      .insertInto('invite_batches')
      .values({
        yard_id: yardId,
        source: 'upload',
        label: 'pipeline.csv',
        status: 'running',
        row_count: CUSTOMERS,
        created_at: clock.now(),
        confirmed_at: clock.now(),
        lease_owner: 'test-worker',
        lease_until: new Date(Date.now() + 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    batchId = batch.id;
    await sql`
      INSERT INTO invite_batch_rows (batch_id, row_number, yard_id, customer_id, preview)
      SELECT ${batchId}, row_number() OVER (ORDER BY customer_number) + 1, yard_id, id, 'will_invite'
      FROM customers WHERE yard_id = ${yardId}`.execute(kysely);

    let mostUnrecorded = 0;
    let secondChunkQueuedDuringFirst = 0;
    // Customers whose invite is marked sent while their flag still says "queued": the
    // marks left them for the chunk's settlement.
    let deferredSeen = 0;
    watch = async () => {
      const handed = accepted.length + 1;
      const { rows } = await sql<{ sent: number; ahead: number; deferred: number }>`
        SELECT (SELECT count(*)::int FROM invites WHERE yard_id = ${yardId} AND status = 'sent') AS sent,
               (SELECT count(*)::int FROM invite_batch_rows
                 WHERE batch_id = ${batchId} AND row_number > ${CHUNK + 1} AND result = 'queued') AS ahead,
               (SELECT count(*)::int FROM customers c JOIN invites i ON i.customer_id = c.id
                 WHERE c.yard_id = ${yardId} AND i.status = 'sent' AND c.invite_live_until = 'infinity') AS deferred
      `.execute(kysely);
      // Messages handed to the server (this one included) whose invite is not yet recorded sent.
      mostUnrecorded = Math.max(mostUnrecorded, handed - rows[0].sent);
      deferredSeen = Math.max(deferredSeen, rows[0].deferred);
      if (handed <= CHUNK)
        secondChunkQueuedDuringFirst = Math.max(secondChunkQueuedDuringFirst, rows[0].ahead);
    };

    const lease = holdLease(ctx.rows, { batchId, owner: 'test-worker', leaseSeconds: 60, retrySeconds: 5 });
    expect(await driveBatch(ctx, { batchId, yardId, confirmedBy: null }, lease, () => false)).toBe(
      'completed',
    );
    watch = null;

    expect(accepted).toHaveLength(CUSTOMERS);
    expect(new Set(accepted.map((m) => m.to)).size).toBe(CUSTOMERS);
    expect(secondChunkQueuedDuringFirst).toBe(CHUNK);
    // Each chunk's rows were settled while the next chunk was being sent, not in a pause
    // between them: more messages than the chunk had gone out by the time it was settled.
    expect(handedWhenSettled).toHaveLength(3);
    expect(handedWhenSettled[0]).toBeGreaterThan(CHUNK);
    expect(handedWhenSettled[1]).toBeGreaterThan(2 * CHUNK);
    expect(mostUnrecorded).toBeLessThanOrEqual(LANES);
    // More messages handed over at once than the mailer's four connections: one message's
    // wait for its mark overlaps another's send (BULK_INVITE_CONCURRENCY).
    expect(peakInside).toBeGreaterThan(4);
    expect(peakInside).toBeLessThanOrEqual(LANES);

    const counts = await sql<{ sent: number; events: number; settled: number }>`
      SELECT (SELECT count(*)::int FROM invites WHERE yard_id = ${yardId} AND status = 'sent' AND sent_at IS NOT NULL
                AND expires_at > sent_at) AS sent,
             (SELECT count(*)::int FROM portal_events WHERE yard_id = ${yardId} AND kind = 'invite_sent') AS events,
             (SELECT count(*)::int FROM invite_batch_rows WHERE batch_id = ${batchId} AND result = 'sent') AS settled
    `.execute(kysely);
    expect(counts.rows[0]).toEqual({ sent: CUSTOMERS, events: CUSTOMERS, settled: CUSTOMERS });
    expect(deferredSeen).toBeGreaterThan(0);
    // The marks left the customer rows alone; settling the rows refreshed every customer's
    // filter flags from the invite sent (0030, batch-runner.repo.ts).
    const flags = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM customers c JOIN invites i ON i.customer_id = c.id
      WHERE c.yard_id = ${yardId} AND c.invite_live_until = i.expires_at`.execute(kysely);
    expect(flags.rows[0].n).toBe(CUSTOMERS);
  }, 120_000);
});
