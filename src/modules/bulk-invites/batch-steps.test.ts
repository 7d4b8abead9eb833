import { beforeAll, expect, it } from 'vitest';
import { runnerContext } from '../../../test/support/bulk-invites.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard } from '../../../test/support/factories.js';
import { HOUR, manualClock } from '../../server/clock.js';
import { MailSendError, type OutgoingMail } from '../mail/mailer.js';
import type { BatchRun, RunnerContext } from './batch-run.js';
import { sendChunk } from './deliver-chunk.js';
import { queueChunk } from './queue-chunk.js';

/** The queue and deliver steps alone, on a real database, with a mailer the test controls. */
describeEachEngine('bulk invite steps', (db) => {
  const clock = manualClock(new Date());
  const sent: OutgoingMail[] = [];
  let refuse: ((to: string) => MailSendError | null) | null = null;
  let ctx: RunnerContext;

  beforeAll(() => {
    const mailer = {
      async send(mail: OutgoingMail) {
        const err = refuse?.(mail.to);
        if (err) throw err;
        sent.push(mail);
        return { messageId: String(sent.length), response: '250 ok' };
      },
      close() {},
    };
    ctx = runnerContext(db(), clock, mailer, 1);
  });

  /** A chunk sent and its rows settled, as the worker does, one after the other. */
  async function deliverChunk(...args: Parameters<typeof sendChunk>) {
    const { pauseReason, settle } = await sendChunk(...args);
    await settle();
    return { pauseReason };
  }

  async function batchOf(yardId: string, customers: (string | null)[]): Promise<BatchRun> {
    const batch = await db()
      .db.insertInto('invite_batches')
      .values({
        yard_id: yardId,
        source: 'upload',
        label: 'steps.csv',
        status: 'running',
        row_count: customers.length,
        created_at: clock.now(),
        confirmed_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .db.insertInto('invite_batch_rows')
      .values(
        customers.map((customerId, i) => ({
          batch_id: batch.id,
          row_number: i + 2,
          yard_id: yardId,
          customer_id: customerId,
          preview: 'will_invite' as const,
        })),
      )
      .execute();
    return { batchId: batch.id, yardId, confirmedBy: null };
  }

  const rowsOf = (batchId: string) =>
    db()
      .db.selectFrom('invite_batch_rows')
      .select(['row_number', 'result', 'result_reason', 'invite_id', 'finished_at'])
      .where('batch_id', '=', batchId)
      .orderBy('row_number')
      .execute();
  const inviteOf = (id: string) =>
    db().db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const allRows = async (run: BatchRun) =>
    (await ctx.rows.nextRows(run.yardId, run.batchId, 'pending', 1000)).map((r) => ({ ...r }));

  it('a chunk the unique index refuses is redone row by row: one invite per customer, the rest skipped', async () => {
    const { yard } = await makeYard(db().db);
    const c = await makeCustomer(db().db, yard.id);
    // The same customer twice in one chunk: the set-based insert trips invites_one_queued.
    const run = await batchOf(yard.id, [c.id, c.id]);
    const queued = await queueChunk(ctx, run, await allRows(run));
    expect(queued).toHaveLength(1);
    const rows = await rowsOf(run.batchId);
    expect(rows.map((r) => r.result)).toEqual(['queued', 'skipped']);
    expect(rows[1].result_reason).toMatch(/being sent right now/);
    expect((await inviteOf(queued[0].inviteId)).status).toBe('queued');
  });

  it('settles each row from what became of its invite, including invites handled elsewhere', async () => {
    const { yard } = await makeYard(db().db);
    const fresh = await makeCustomer(db().db, yard.id);
    const joined = await makeCustomer(db().db, yard.id);
    const sentBefore = await makeCustomer(db().db, yard.id);
    const changed = await makeCustomer(db().db, yard.id);
    const run = await batchOf(yard.id, [fresh.id, joined.id, sentBefore.id, changed.id]);
    const items = await queueChunk(ctx, run, await allRows(run));
    expect(items).toHaveLength(4);
    const [, joinedItem, sentItem, changedItem] = items;
    // Meanwhile: one customer joined the portal, a crashed worker sent one invite without
    // settling its row, and an email change revoked one.
    await db()
      .db.insertInto('portal_accounts')
      .values({
        yard_id: yard.id,
        customer_id: joined.id,
        login_email: joined.email!,
        password_hash: 'x',
        activated_at: clock.now(),
      })
      .execute();
    const crashedAt = new Date(clock.now().getTime() - HOUR);
    await db()
      .db.updateTable('invites')
      .set({ status: 'sent', sent_at: crashedAt, expires_at: clock.now() })
      .where('id', '=', sentItem.inviteId)
      .execute();
    await db()
      .db.updateTable('invites')
      .set({ status: 'revoked' })
      .where('id', '=', changedItem.inviteId)
      .execute();
    sent.length = 0;

    expect(await deliverChunk(ctx, run, items)).toEqual({ pauseReason: null });
    expect(sent.map((m) => m.to)).toEqual([fresh.email]);
    const rows = await rowsOf(run.batchId);
    expect(rows.map((r) => [r.result, r.result_reason])).toEqual([
      ['sent', null],
      ['skipped', 'The customer already has a portal account.'],
      ['sent', null],
      ['skipped', "The customer's email changed before sending."],
    ]);
    expect(rows[2].finished_at).toEqual(crashedAt);
    expect((await inviteOf(joinedItem.inviteId)).status).toBe('failed');
  });

  it('stops at the first temporary failure: that invite and the rest stay queued for after the pause', async () => {
    const { yard } = await makeYard(db().db);
    const customers = await Promise.all([1, 2, 3].map(() => makeCustomer(db().db, yard.id)));
    const run = await batchOf(
      yard.id,
      customers.map((c) => c.id),
    );
    const items = await queueChunk(ctx, run, await allRows(run));
    sent.length = 0;
    refuse = (to) => (to === customers[1].email ? new MailSendError(false, '421 try again later') : null);
    try {
      expect(await deliverChunk(ctx, run, items)).toEqual({ pauseReason: '421 try again later' });
    } finally {
      refuse = null;
    }
    expect(sent.map((m) => m.to)).toEqual([customers[0].email]);
    expect((await rowsOf(run.batchId)).map((r) => r.result)).toEqual(['sent', 'queued', 'queued']);
    expect((await inviteOf(items[1].inviteId)).status).toBe('queued');
  });
});
