import { rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import type { Database } from '../../db/connection.js';
import { QUEUES } from '../../jobs/queue.js';
import { DAY, HOUR } from '../../server/clock.js';
import { SPOOL_PREFIX, spoolDir } from '../../server/multipart-upload.js';
import { createCleanup, startCleanup } from './cleanup.js';

/** Sends one run of a purge through its queue and waits for the worker to finish it. */
async function runThroughQueue(h: Harness, queue: string): Promise<{ removed: number }> {
  const id = await h.deps.boss.send(queue, {});
  if (!id) throw new Error(`${queue}: a run is already waiting`);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const job = await h.deps.boss.getJobById(queue, id);
    if (job?.state === 'completed') return job.output as { removed: number };
    if (job?.state === 'failed') throw new Error(`${queue} failed: ${JSON.stringify(job.output)}`);
    if (Date.now() > deadline) throw new Error(`${queue} is still ${job?.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = async (db: Database, table: 'sessions' | 'rate_limits' | 'mailbox_messages') =>
  Number(
    (
      await db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function seedSessions(db: Database, h: Harness, yardId: string, staffId: string) {
  const now = h.clock.now().getTime();
  const row = (i: number, createdAt: number, expiresAt: number, lastSeenAt: number) => ({
    id_hash: `seed-${yardId}-${i}`,
    kind: 'staff' as const,
    yard_id: yardId,
    staff_id: staffId,
    created_at: new Date(createdAt),
    expires_at: new Date(expiresAt),
    last_seen_at: new Date(lastSeenAt),
    idle_seconds: 3600,
  });
  const rows = [
    // Past their lifetime.
    ...Array.from({ length: 20 }, (_, i) => row(i, now - 9 * DAY, now - DAY, now - DAY - HOUR)),
    // Within their lifetime but idle for longer than their idle limit (one hour).
    ...Array.from({ length: 5 }, (_, i) => row(100 + i, now - DAY, now + DAY, now - 2 * HOUR)),
    // Live.
    ...Array.from({ length: 3 }, (_, i) => row(200 + i, now - HOUR, now + DAY, now - 60_000)),
  ];
  await db.db.insertInto('sessions').values(rows).execute();
}

describeEachEngine('scheduled cleanup, with the built-in mail catcher', (db) => {
  let h: Harness;
  beforeAll(async () => {
    // An empty SMTP_URL is "unset": the settings say the built-in catcher is in use (mail
    // still goes to the test's server). Batches of 10 rows, so a purge takes several.
    h = await startHarness(db(), { env: { SMTP_URL: '', CLEANUP_BATCH_SIZE: '10' } });
    await startCleanup(h.deps, { pollingIntervalSeconds: 0.5 });
  });
  afterAll(() => h.close());

  it('puts every purge on a schedule', async () => {
    const names = (await h.deps.boss.getSchedules()).map((s) => s.name).sort();
    expect(names).toEqual(
      [QUEUES.purgeMailbox, QUEUES.purgeRateLimits, QUEUES.purgeSessions, QUEUES.purgeUploads].sort(),
    );
  });

  it('removes expired and idle sessions in batches; a signed-in staff member stays signed in', async () => {
    const { yard, staff } = await makeYard(db().db);
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    await seedSessions(db(), h, yard.id, staff.id);
    const before = await count(db(), 'sessions');
    expect(await runThroughQueue(h, QUEUES.purgeSessions)).toEqual({ removed: 25 });
    expect(await count(db(), 'sessions')).toBe(before - 25);
    const left = await db()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('yard_id', '=', yard.id)
      .where('id_hash', 'like', 'seed-%')
      .execute();
    expect(left.map((s) => s.id_hash).sort()).toEqual([200, 201, 202].map((i) => `seed-${yard.id}-${i}`));
    expect((await office.get('/api/staff/me')).statusCode).toBe(200);
    // Idempotent: the next run finds nothing.
    expect(await runThroughQueue(h, QUEUES.purgeSessions)).toEqual({ removed: 0 });
  });

  it('removes rate-limit counters whose window ended long ago; a counter still counting stays', async () => {
    const now = h.clock.now().getTime();
    const old = Array.from({ length: 23 }, (_, i) => ({
      key: `old:${i}`,
      window_start: new Date(now - 2 * DAY),
      hits: 3,
    }));
    const fresh = Array.from({ length: 3 }, (_, i) => ({
      key: `fresh:${i}`,
      window_start: new Date(now - 10 * 60_000),
      hits: 1,
    }));
    await db()
      .db.insertInto('rate_limits')
      .values([...old, ...fresh])
      .execute();
    const before = await count(db(), 'rate_limits');
    expect(await runThroughQueue(h, QUEUES.purgeRateLimits)).toEqual({ removed: 23 });
    expect(await count(db(), 'rate_limits')).toBe(before - 23);
    const kept = await db()
      .db.selectFrom('rate_limits')
      .select('key')
      .where('key', 'like', 'fresh:%')
      .execute();
    expect(kept).toHaveLength(3);
    expect(await runThroughQueue(h, QUEUES.purgeRateLimits)).toEqual({ removed: 0 });
  });

  it('removes mailbox messages older than MAILBOX_KEEP_DAYS (7), keeps the newer ones', async () => {
    const now = h.clock.now().getTime();
    const msg = (i: number, at: number) => ({
      received_at: new Date(at),
      rcpt_to: `someone${i}@example.com`,
      subject: `message ${i}`,
      text_body: 'hello',
    });
    await db()
      .db.insertInto('mailbox_messages')
      .values([
        ...Array.from({ length: 12 }, (_, i) => msg(i, now - 8 * DAY)),
        ...Array.from({ length: 4 }, (_, i) => msg(100 + i, now - 6 * DAY)),
      ])
      .execute();
    const before = await count(db(), 'mailbox_messages');
    expect(await runThroughQueue(h, QUEUES.purgeMailbox)).toEqual({ removed: 12 });
    expect(await count(db(), 'mailbox_messages')).toBe(before - 12);
    expect(await runThroughQueue(h, QUEUES.purgeMailbox)).toEqual({ removed: 0 });
  });

  it('removes spooled upload files left behind longer than UPLOAD_SPOOL_KEEP_HOURS, and nothing else', async () => {
    const tag = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const at = (name: string) => join(spoolDir(), name);
    const stale = [`${SPOOL_PREFIX}${tag}-a`, `${SPOOL_PREFIX}${tag}-a.rows`, `${SPOOL_PREFIX}${tag}-b`];
    const fresh = [`${SPOOL_PREFIX}${tag}-c`, `${SPOOL_PREFIX}${tag}-c.rows`];
    const notOurs = `other-program-${tag}`;
    const old = new Date(h.clock.now().getTime() - 25 * HOUR);
    for (const name of [...stale, ...fresh, notOurs]) await writeFile(at(name), 'rows');
    for (const name of [...stale, notOurs]) await utimes(at(name), old, old);
    try {
      const { removed } = await runThroughQueue(h, QUEUES.purgeUploads);
      expect(removed).toBeGreaterThanOrEqual(stale.length);
      const exists = (name: string) =>
        stat(at(name)).then(
          () => true,
          () => false,
        );
      for (const name of stale) expect(await exists(name), name).toBe(false);
      for (const name of [...fresh, notOurs]) expect(await exists(name), name).toBe(true);
    } finally {
      for (const name of [...stale, ...fresh, notOurs]) await rm(at(name), { force: true });
    }
  });

  it('two workers purging at once remove each row once and leave the live ones', async () => {
    const { yard, staff } = await makeYard(db().db);
    await seedSessions(db(), h, yard.id, staff.id);
    const a = createCleanup(h.deps);
    const b = createCleanup(h.deps);
    const [x, y] = await Promise.all([a.purgeSessions(), b.purgeSessions()]);
    expect(x + y).toBe(25);
    const left = await db()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('yard_id', '=', yard.id)
      .execute();
    expect(left).toHaveLength(3);
  });
});

describeEachEngine('scheduled cleanup, with a real SMTP server', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
    await startCleanup(h.deps, { pollingIntervalSeconds: 0.5 });
  });
  afterAll(() => h.close());

  it('does not schedule or run the mailbox purge: there is no mailbox', async () => {
    const names = (await h.deps.boss.getSchedules()).map((s) => s.name);
    expect(names).not.toContain(QUEUES.purgeMailbox);
    expect(names).toContain(QUEUES.purgeSessions);
    await db()
      .db.insertInto('mailbox_messages')
      .values({ received_at: new Date(h.clock.now().getTime() - 30 * DAY), rcpt_to: 'a@example.com' })
      .execute();
    expect(await runThroughQueue(h, QUEUES.purgeMailbox)).toEqual({ removed: 0 });
    expect(await count(db(), 'mailbox_messages')).toBe(1);
  });
});
