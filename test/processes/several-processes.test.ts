import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import { previewOf, waitForBatch } from '../support/bulk-invites.js';
import { engines, openTestDatabase } from '../support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';
import type { Agent, Harness } from '../support/harness.js';
import { httpAgent, inTurn } from '../support/http-agent.js';
import { makeOrder, newKey, signedInCustomer } from '../support/order-fixtures.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { type SlipwayProcess, spawnSlipway, started, startWebProcess } from '../support/worker-process.js';

const BATCH = 400;
const INVITES = 12;
const PAYERS = 4;

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two `slipway web` and two `slipway worker` processes on one PostgreSQL database, mailing
 * into one SMTP server. Invites, card payments and a bulk batch go through both web
 * processes in turn; one worker is killed (SIGKILL) mid-batch and one web process while
 * payments are in flight. Nothing is lost, nobody is mailed twice beyond the mail in flight
 * when the worker died, and every answer is complete or a clean connection error.
 */
describe.runIf(engines().includes('postgres'))('several processes on one database [postgres]', () => {
  let database: Database;
  let sink: SmtpSink;
  const procs: SlipwayProcess[] = [];
  let webs: Array<SlipwayProcess & { url: string }>;
  let workers: SlipwayProcess[];

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    sink = await startSmtpSink();
    const env = { BULK_INVITE_LEASE_SECONDS: '3' };
    workers = [
      spawnSlipway('worker', database, { sink }, env),
      spawnSlipway('worker', database, { sink }, env),
    ];
    procs.push(...workers);
    webs = await Promise.all([startWebProcess(database, { sink }), startWebProcess(database, { sink })]);
    procs.push(...webs);
    await Promise.all(workers.map((w) => started(w)));
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await sink.close();
    await database.close();
  });

  it('nothing is lost when a worker and a web process are killed mid-work', async () => {
    const live = () => webs.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    const anyWeb = inTurn(() => live().map((w) => w.url));
    const viaWebs = { agent: () => httpAgent(anyWeb) } as unknown as Harness;
    const { yard, staff } = await makeYard(database.db);
    const office = httpAgent(anyWeb);
    await office.signInStaff(staff.email, STAFF_PASSWORD);

    // Invites, one customer at a time, through both web processes in turn.
    const invited = await Promise.all(
      Array.from({ length: INVITES }, () => makeCustomer(database.db, yard.id)),
    );
    for (const c of invited) {
      const res = await office.post(`/api/staff/customers/${c.id}/invites`);
      expect(res.statusCode, res.body).toBe(201);
    }
    // Customers with an open invoice each, signed in to the portal through either process.
    const payers: Array<{ agent: Agent; invoiceId: string; headers?: Record<string, string> }> = [];
    for (let i = 0; i < PAYERS; i++) {
      const me = await signedInCustomer(viaWebs, database.db, yard);
      const o = await makeOrder(database.db, yard.id, me.customer.id, { status: 'invoiced', invoice: true });
      payers.push({ agent: me.agent, invoiceId: o.invoice!.id });
    }
    for (const c of invited) await sink.waitForMail(c.email!, 1, 30_000);

    // A bulk batch, uploaded and confirmed through the web processes.
    await sql`
      INSERT INTO customers (yard_id, customer_number, first_name, last_name, email)
      SELECT ${yard.id}, 500000 + n, 'Many', 'Procs ' || n, 'procs-' || n || '@example.com'
      FROM generate_series(1, ${BATCH}) AS n`.execute(database.db);
    const csv = ['Customer number', ...Array.from({ length: BATCH }, (_, i) => String(500001 + i))].join(
      '\n',
    );
    const batch = await previewOf(office, csv);
    expect((await office.post(`/api/staff/invite-batches/${batch.id}/confirm`)).statusCode).toBe(200);
    const batchMails = () => sink.received.filter((m) => m.to[0].startsWith('procs-'));

    // SIGKILL the worker driving the batch once it is well under way.
    while (batchMails().length < 60) await wait(20);
    const owner = await database.db
      .selectFrom('invite_batches')
      .select('lease_owner')
      .where('id', '=', batch.id)
      .executeTakeFirstOrThrow();
    const victim = workers.find((w) => owner.lease_owner?.includes(`:${w.pid}:`));
    expect(victim, `lease held by ${owner.lease_owner}`).toBeDefined();
    victim!.child.kill('SIGKILL');
    await victim!.exited;
    // In flight when it died: invites it had queued and not recorded as sent whose mail the
    // server had already accepted (looked at before the lease runs out and another worker
    // sends the batch's unsent invites again).
    const queuedAtKill = await database.db
      .selectFrom('invite_batch_rows as r')
      .innerJoin('invites as i', 'i.id', 'r.invite_id')
      .innerJoin('customers as c', 'c.id', 'r.customer_id')
      .select('c.email')
      .where('r.batch_id', '=', batch.id)
      .where('r.result', '=', 'queued')
      .where('i.sent_at', 'is', null)
      .execute();
    await wait(1000);
    const accepted = new Set(batchMails().flatMap((m) => m.to));
    const inFlight = new Set(queuedAtKill.map((r) => r.email!).filter((e) => accepted.has(e)));

    // Card payments in flight on one web process when it is killed.
    const [doomed, survivor] = webs;
    const attempts = payers.flatMap((p, i) =>
      Array.from({ length: 6 }, (_, j) => ({ payer: p, key: newKey(), amountCents: 100 + i * 10 + j })),
    );
    const payOn = (web: string, a: (typeof attempts)[number]) =>
      fetch(`${web}/api/portal/${yard.slug}/invoices/${a.payer.invoiceId}/payments`, {
        method: 'POST',
        headers: {
          ...a.payer.headers,
          'content-type': 'application/json',
          'idempotency-key': a.key,
        },
        body: JSON.stringify({ amountCents: a.amountCents, cardNumber: '4242424242424242' }),
      }).then(async (res) => ({ status: res.status, text: await res.text() }));
    for (const p of payers) p.headers = await p.agent.authHeaders();
    let firstAnswer: () => void = () => {};
    const answered = new Promise<void>((r) => {
      firstAnswer = r;
    });
    const outcomes = attempts.map((a) =>
      payOn(doomed.url, a)
        .then((r) => {
          firstAnswer();
          return { ok: r };
        })
        .catch((err: Error) => ({ err })),
    );
    await Promise.race([answered, Promise.all(outcomes)]);
    doomed.child.kill('SIGKILL');
    const results = await Promise.all(outcomes);
    const complete = results.filter((r) => 'ok' in r);
    const dropped = results.filter((r) => 'err' in r);
    // A complete answer is a payment that went through; anything else is a dropped connection.
    for (const r of complete) {
      const { status, text } = (r as { ok: { status: number; text: string } }).ok;
      expect(status, text).toBe(200);
      expect(JSON.parse(text)).toMatchObject({ status: 'succeeded' });
    }
    expect(dropped.length).toBeGreaterThan(0);
    // The browser tries again with the same key on the process still up: paid once each.
    for (const [i, r] of results.entries()) {
      if ('ok' in r) continue;
      const again = await payOn(survivor.url, attempts[i]);
      expect(again.status, again.text).toBe(200);
    }
    for (const a of attempts) {
      const again = await payOn(survivor.url, a);
      expect(again.status, again.text).toBe(200);
      expect(JSON.parse(again.text)).toMatchObject({ status: 'succeeded' });
    }

    const done = await waitForBatch(office, batch.id, ['completed'], 60_000);
    await wait(500);
    const recipients = batchMails().flatMap((m) => m.to);
    const perCustomer = new Map<string, number>();
    for (const r of recipients) perCustomer.set(r, (perCustomer.get(r) ?? 0) + 1);
    const twice = [...perCustomer].filter(([, n]) => n > 1).map(([email]) => email);
    console.log(
      `several processes: worker killed with ${inFlight.size} mail(s) in flight (of ${queuedAtKill.length} queued, unsent); ` +
        `${twice.length} customer(s) mailed twice (${twice.join(', ') || 'none'}); ` +
        `web process killed with ${dropped.length} of ${attempts.length} payments in flight, ${complete.length} answered in full`,
    );
    expect(done.progress).toMatchObject({ sent: BATCH, failed: 0, pending: 0, queued: 0 });
    expect(perCustomer.size).toBe(BATCH);
    for (const email of twice) {
      expect(inFlight.has(email)).toBe(true);
      expect(perCustomer.get(email)).toBe(2);
    }
    expect(twice.length).toBeLessThanOrEqual(inFlight.size);

    // Every invite settled; each single invite mailed once.
    const unsettled = await database.db
      .selectFrom('invites')
      .select(['status'])
      .where('yard_id', '=', yard.id)
      .where('status', '!=', 'sent')
      .execute();
    expect(unsettled).toEqual([]);
    for (const c of invited) expect(sink.mailTo(c.email!)).toHaveLength(1);

    // Money: each key paid once, and every invoice's paid amount is the sum of its payments.
    const paid = await database.db
      .selectFrom('payments')
      .select(['invoice_id', 'amount_cents'])
      .where('yard_id', '=', yard.id)
      .execute();
    expect(paid.length).toBe(attempts.length);
    expect(paid.reduce((s, p) => s + p.amount_cents, 0)).toBe(
      attempts.reduce((s, a) => s + a.amountCents, 0),
    );
    const invoices = await database.db
      .selectFrom('invoices')
      .select(['id', 'paid_cents'])
      .where(
        'id',
        'in',
        payers.map((p) => p.invoiceId),
      )
      .execute();
    for (const inv of invoices) {
      const sum = paid.filter((p) => p.invoice_id === inv.id).reduce((s, p) => s + p.amount_cents, 0);
      expect(inv.paid_cents).toBe(sum);
    }
  }, 120_000);
});
