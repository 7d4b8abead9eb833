import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import type { ImportSummary } from '../../src/shared/api-types.js';
import { previewOf, waitForBatch } from '../support/bulk-invites.js';
import { engines, openTestDatabase } from '../support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { type Harness, startHarness } from '../support/harness.js';
import { httpAgent } from '../support/http-agent.js';
import { importPreview, numberedCustomersCsv, waitForImport } from '../support/imports.js';
import { type SlipwayProcess, spawnSlipway, started, startWebProcess } from '../support/worker-process.js';

/**
 * SIGTERM to real `slipway web` and `slipway worker` processes on PostgreSQL (PGlite lives
 * inside one process): what is in flight finishes, leases are handed back at once, exit 0;
 * past SHUTDOWN_TIMEOUT_SECONDS the process says what was left and exits 1.
 */
describe.runIf(engines().includes('postgres'))('graceful shutdown [postgres]', () => {
  let database: Database;
  let h: Harness;
  const procs: SlipwayProcess[] = [];
  const track = <P extends SlipwayProcess>(p: P): P => {
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    h = await startHarness(database, { worker: false });
  });
  // A test that failed half-way leaves no worker behind to take the next test's batch, nor
  // the mail server holding its answers.
  let releaseMail = () => {};
  afterEach(() => {
    releaseMail();
    for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  });
  afterAll(async () => {
    await h.close();
    await database.close();
  });

  /** A confirmed batch of `n` customers, sent by whichever worker process claims it. */
  async function confirmedBatch(n: number) {
    const { yard, staff } = await makeYard(database.db);
    await sql`
      INSERT INTO customers (yard_id, customer_number, first_name, last_name, email)
      SELECT ${yard.id}, 200000 + n, 'Stop', 'Test ' || n, 'stop-' || ${yard.slug} || '-' || n || '@example.com'
      FROM generate_series(1, ${n}) AS n`.execute(database.db);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const csv = ['Customer number', ...Array.from({ length: n }, (_, i) => String(200001 + i))].join('\n');
    const batch = await previewOf(agent, csv);
    expect((await agent.post(`/api/staff/invite-batches/${batch.id}/confirm`)).statusCode).toBe(200);
    const lease = () =>
      database.db
        .selectFrom('invite_batches')
        .select(['lease_owner', 'lease_until', 'status'])
        .where('id', '=', batch.id)
        .executeTakeFirstOrThrow();
    return {
      yard,
      agent,
      batch,
      lease,
      mailsOfYard: () => h.sink.received.filter((m) => m.to[0].includes(yard.slug)),
    };
  }

  it('a request in flight at SIGTERM completes and closes its connection; new connections are refused; exit 0', async () => {
    const { staff } = await makeYard(database.db);
    const web = track(await startWebProcess(database, h, { SHUTDOWN_TIMEOUT_SECONDS: '20' }));
    const auth = await httpAgent(() => web.url).authHeaders();
    const body = JSON.stringify({ email: staff.email, password: STAFF_PASSWORD });
    const { port } = new URL(web.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
    });
    const closed = new Promise((r) => socket.once('close', r));
    // Headers and half the body: the request has reached the route and waits for the rest.
    socket.write(
      [
        'POST /api/staff/sign-in HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `Cookie: ${auth.cookie}`,
        `X-CSRF-Token: ${auth['x-csrf-token']}`,
        '',
        body.slice(0, 10),
      ].join('\r\n'),
    );
    await new Promise((r) => setTimeout(r, 300));
    web.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    expect(web.child.exitCode).toBeNull();
    await expect(fetch(`${web.url}/api/health`)).rejects.toThrow();

    socket.write(body.slice(10));
    // The answer closes the connection (a keep-alive client would hold the process open).
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      staff: { email: staff.email },
    });
    expect(await web.exited).toEqual({ code: 0, signal: null });
  });

  it('a worker stopped mid-batch hands its lease back; another resumes at once, long before it would run out', async () => {
    const CUSTOMERS = 1000;
    const { agent, batch, lease, mailsOfYard } = await confirmedBatch(CUSTOMERS);
    // A 60 s lease: a worker that kept it would hold the batch up for a minute.
    const env = { BULK_INVITE_LEASE_SECONDS: '60' };
    // It says when it is told to stop (info), so the test knows when to let its mail through.
    const first = track(spawnSlipway('worker', database, h, { ...env, LOG_LEVEL: 'info' }));
    await started(first);
    while (mailsOfYard().length < 150) await new Promise((r) => setTimeout(r, 20));
    // The mail server holds its answers from here until the first worker is told to stop, so
    // it cannot finish the batch first however fast it sends; it stops after those in flight.
    releaseMail = h.sink.hold();
    const held = await lease();
    expect(held.lease_owner).toContain(`:${first.pid}:`);

    const second = track(spawnSlipway('worker', database, h, env));
    await started(second);
    first.child.kill('SIGTERM');
    const told = Date.now() + 10_000;
    while (!first.output().includes('SIGTERM: no new connections')) {
      expect(Date.now(), first.output()).toBeLessThan(told);
      await new Promise((r) => setTimeout(r, 20));
    }
    releaseMail();
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const stoppedAt = Date.now();
    const sentByFirst = mailsOfYard().length;
    const handedBack = await lease();
    expect(handedBack.status).toBe('running');
    expect(handedBack.lease_owner === null || handedBack.lease_owner.includes(`:${second.pid}:`)).toBe(true);

    while (mailsOfYard().length === sentByFirst) {
      expect(Date.now() - stoppedAt).toBeLessThan(15_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    const resumedAfterMs = Date.now() - stoppedAt;
    const done = await waitForBatch(agent, batch.id, ['completed'], 60_000);
    const recipients = mailsOfYard().flatMap((m) => m.to);
    console.log(
      `graceful stop: first worker sent ${sentByFirst} and exited 0; the second sent its first mail ${resumedAfterMs} ms later (lease: 60 s); ${recipients.length} mails to ${new Set(recipients).size} customers`,
    );
    expect(resumedAfterMs).toBeLessThan(15_000);
    expect(done.progress).toMatchObject({ sent: CUSTOMERS, failed: 0, pending: 0, queued: 0 });
    // Stopped between sends, nothing in flight: no one is mailed twice.
    expect(recipients.length).toBe(CUSTOMERS);
    expect(new Set(recipients).size).toBe(CUSTOMERS);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 90_000);

  it('a worker stopped mid-import hands its lease back; another carries on at once, writing nothing twice', async () => {
    const ROWS = 2000;
    const { yard, staff } = await makeYard(database.db);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const csv = numberedCustomersCsv(ROWS, 40001, 'Stop');
    const job = await importPreview(agent, csv);
    expect((await agent.post(`/api/staff/imports/${job.id}/confirm`)).statusCode).toBe(200);
    const progress = async () =>
      ((await agent.get(`/api/staff/imports/${job.id}`)).json() as ImportSummary).progress.done;
    const env = { BULK_INVITE_LEASE_SECONDS: '60' };
    const first = track(spawnSlipway('worker', database, h, env));
    await started(first);
    while ((await progress()) < 200) await new Promise((r) => setTimeout(r, 20));
    // Stopped as soon as it has written a chunk; the second starts only then, so the first
    // cannot run the whole import while the second is still starting.
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const stoppedAt = Date.now();
    const byFirst = await progress();
    expect(byFirst).toBeLessThan(ROWS);
    const second = track(spawnSlipway('worker', database, h, env));
    await started(second);
    // Well under the 60 s a kept lease would hold it up, the second worker's start included.
    while ((await progress()) === byFirst) {
      expect(Date.now() - stoppedAt).toBeLessThan(45_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    console.log(
      `graceful stop: first worker wrote ${byFirst} of ${ROWS} customers; the second carried on ${Date.now() - stoppedAt} ms later (lease: 60 s)`,
    );
    const done = await waitForImport(agent, job.id, 'completed', 60_000);
    expect(done.progress).toMatchObject({ units: ROWS, done: ROWS, failed: 0, customersCreated: ROWS });
    const customers = await database.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('yard_id', '=', yard.id)
      .executeTakeFirstOrThrow();
    expect(Number(customers.n)).toBe(ROWS);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);

  it('past SHUTDOWN_TIMEOUT_SECONDS a worker stuck on a mail server logs what was left and exits 1', async () => {
    // A mail server that accepts connections and never says a word.
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const url = `smtp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      const { batch, lease } = await confirmedBatch(20);
      const worker = track(
        spawnSlipway(
          'worker',
          database,
          { sink: { url } },
          { SHUTDOWN_TIMEOUT_SECONDS: '2', LOG_LEVEL: 'error' },
        ),
      );
      await started(worker);
      while ((await lease()).lease_owner === null) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      const t0 = Date.now();
      worker.child.kill('SIGTERM');
      const exit = await worker.exited;
      expect(exit.code).toBe(1);
      expect(Date.now() - t0).toBeLessThan(6000);
      expect(worker.output()).toContain('not finished after 2 s');
      expect(worker.output()).toContain(`bulk-invite batch(es) ${batch.id}`);
      // Not handed back: a mail may be on its way; the lease runs out and another worker resumes.
      expect((await lease()).lease_owner).toContain(`:${worker.pid}:`);
    } finally {
      silent.close();
    }
  }, 90_000);
});
