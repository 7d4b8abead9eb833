import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/databases.js';
import { makeCustomer, makeYard } from '../../test/support/factories.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { inviteJobsDone } from '../../test/support/invites.js';
import { linkTokenIn, makePortalCustomer } from '../../test/support/portal-accounts.js';
import type { Database } from '../db/connection.js';
import { createAccountMail, workAccountEmails } from '../modules/accounts/account-mail.js';
import { createPasswordResets, workResetRequests } from '../modules/accounts/password-reset.service.js';
import { workInviteEmails, workInviteRequests } from '../modules/invites/invite-worker.js';
import { HOUR } from '../server/clock.js';
import { QUEUES } from './queue.js';

/**
 * "Forgot password?" and "send me a new invite link" are answered by the web process
 * and worked by the worker through the queue: nothing runs in the background of a request.
 */
async function invitedTwoDaysAgo(db: () => Database, h: Harness, yardId: string) {
  const c = await makeCustomer(db().db, yardId);
  const at = new Date(h.clock.now().getTime() - 48 * HOUR);
  await db()
    .db.insertInto('invites')
    .values({
      yard_id: yardId,
      customer_id: c.id,
      email: c.email!,
      status: 'sent',
      created_at: at,
      sent_at: at,
      expires_at: new Date(at.getTime() + 7 * 24 * HOUR),
    })
    .execute();
  return c;
}

describeEachEngine('visitors’ requests wait in the queue for a worker', (db) => {
  async function jobStates(name: string, yardId: string) {
    const { rows } = await sql<{ state: string }>`
      SELECT state FROM pgboss.job WHERE name = ${name} AND data->>'yardId' = ${yardId}`.execute(db().db);
    return rows.map((r) => r.state).sort();
  }

  it('with no worker running nothing is looked up or sent; a worker started later sends it', async () => {
    const h = await startHarness(db(), { worker: false });
    try {
      const { yard } = await makeYard(db().db);
      const { customer } = await makePortalCustomer(db().db, yard.id);
      const invited = await invitedTwoDaysAgo(db, h, yard.id);
      const unknown = `nobody-${Date.now()}@example.com`;
      const portal = `/api/portal/${yard.slug}`;
      const known = await h.agent().post(`${portal}/password/forgot`, { email: customer.email });
      const stranger = await h.agent().post(`${portal}/password/forgot`, { email: unknown });
      const again = await h.agent().post(`${portal}/invite/request-new`, { email: invited.email });
      const notInvited = await h.agent().post(`${portal}/invite/request-new`, { email: unknown });
      for (const res of [known, stranger, again, notInvited]) expect(res.statusCode, res.body).toBe(202);
      // Known or not, each request did the same thing: one job queued, nothing else.
      expect(await jobStates(QUEUES.passwordResetRequest, yard.id)).toEqual(['created', 'created']);
      expect(await jobStates(QUEUES.inviteRequest, yard.id)).toEqual(['created', 'created']);
      await new Promise((r) => setTimeout(r, 1500));
      expect(h.sink.received).toHaveLength(0);
      const resets = db().db.selectFrom('password_resets').select('id').where('yard_id', '=', yard.id);
      expect(await resets.execute()).toHaveLength(0);
      const invites = db().db.selectFrom('invites').select('status').where('customer_id', '=', invited.id);
      expect(await invites.execute()).toEqual([{ status: 'sent' }]);

      // The worker role starts: the requests are worked and the mail goes out.
      const boss = h.deps.boss;
      await workResetRequests(boss, createPasswordResets(h.deps), { pollingIntervalSeconds: 0.5 });
      await workAccountEmails(boss, createAccountMail(h.deps), { pollingIntervalSeconds: 0.5 });
      await workInviteRequests(boss, h.invites, { pollingIntervalSeconds: 0.5 });
      await workInviteEmails(boss, h.invites, { pollingIntervalSeconds: 0.5 });
      const [reset] = await h.sink.waitForMail(customer.email!, 1);
      expect(linkTokenIn(reset, 'reset').token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await h.sink.waitForMail(invited.email!, 1);
      await inviteJobsDone(boss);
      expect(await resets.execute()).toHaveLength(1);
      expect((await invites.execute()).map((i) => i.status).sort()).toEqual(['sent', 'superseded']);
      expect(h.sink.mailTo(unknown)).toHaveLength(0);
      expect(await jobStates(QUEUES.passwordResetRequest, yard.id)).toEqual(['completed', 'completed']);
      expect(await jobStates(QUEUES.inviteRequest, yard.id)).toEqual(['completed', 'completed']);
    } finally {
      await h.close();
    }
  });
});

describeEachEngine('visitors’ requests: a failed send is retried', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it('a reset email that fails to send (mail server down) is retried and arrives once it is back', async () => {
    const { yard } = await makeYard(db().db);
    const { customer } = await makePortalCustomer(db().db, yard.id);
    await h.sink.stop();
    try {
      const res = await h.agent().post(`/api/portal/${yard.slug}/password/forgot`, { email: customer.email });
      expect(res.statusCode).toBe(202);
      // The worker issued the link; its email failed and waits for a retry.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await sql<{ state: string }>`
          SELECT j.state FROM pgboss.job j JOIN password_resets r ON r.id::text = j.data->>'resetId'
          WHERE j.name = ${QUEUES.accountEmail} AND r.yard_id = ${yard.id}`.execute(db().db);
        if (rows.some((r) => r.state === 'retry')) break;
        if (Date.now() > deadline) throw new Error(`reset email job is ${rows.map((r) => r.state)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(h.sink.mailTo(customer.email!)).toHaveLength(0);
    } finally {
      await h.sink.start();
    }
    const [mail] = await h.sink.waitForMail(customer.email!, 1, 30_000);
    expect(linkTokenIn(mail, 'reset').token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('an invite request whose email fails to send is retried until the mail server is back', async () => {
    const { yard } = await makeYard(db().db);
    const invited = await invitedTwoDaysAgo(db, h, yard.id);
    await h.sink.stop();
    try {
      const res = await h
        .agent()
        .post(`/api/portal/${yard.slug}/invite/request-new`, { email: invited.email });
      expect(res.statusCode).toBe(202);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await sql<{ state: string }>`
          SELECT j.state FROM pgboss.job j JOIN invites i ON i.id::text = j.data->>'inviteId'
          WHERE j.name = ${QUEUES.inviteEmail} AND i.customer_id = ${invited.id}`.execute(db().db);
        if (rows.some((r) => r.state === 'retry')) break;
        if (Date.now() > deadline) throw new Error(`invite email job is ${rows.map((r) => r.state)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await h.sink.start();
    }
    await h.sink.waitForMail(invited.email!, 1, 30_000);
  });
});
