import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { approval } from '../../../test/support/estimate-fixtures.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';

describeEachEngine('estimates in the portal, and the staff Orders section', (db, engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function setup() {
    const { yard, staff } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const o = await makeOrder(db().db, yard.id, me.customer.id, {
      status: 'estimate_sent',
      estimate: 'sent',
    });
    return { yard, staff, me, o };
  }

  it('accepting records who, when, the IP and a frozen snapshot, and moves the order on', async () => {
    const { yard, staff, me, o } = await setup();
    const before = (await me.agent.get(`/api/portal/${yard.slug}/orders/${o.order.id}`)).json();
    expect(before.estimates[0].canRespond).toBe(true);
    expect(before.estimates[0].lineItems).toHaveLength(2);

    const res = await me.agent.post(
      `/api/portal/${yard.slug}/estimates/${o.estimate!.id}/accept`,
      approval(),
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.order.status).toBe('in_progress');
    expect(body.estimates[0].status).toBe('accepted');
    expect(body.estimates[0].acceptance.totalCents).toBe(73_887);
    expect(body.statusHistory.at(-1)).toMatchObject({
      from: 'estimate_sent',
      to: 'in_progress',
      by: 'customer',
    });

    const snap = await db()
      .db.selectFrom('estimate_acceptances')
      .selectAll()
      .where('estimate_id', '=', o.estimate!.id)
      .executeTakeFirstOrThrow();
    expect(snap.account_id).toBe(me.account.id);
    expect(snap.customer_id).toBe(me.customer.id);
    expect(snap.ip).toBeTruthy();
    expect(snap.total_cents).toBe(73_887);
    expect(snap.line_items).toEqual([
      expect.objectContaining({ description: 'Haul and block', totalCents: 45_000 }),
      expect.objectContaining({ description: 'Bottom paint (gal)', totalCents: 26_997, quantity: '3.00' }),
    ]);
    // The yard cannot change what was accepted.
    await expect(
      db().db.updateTable('estimate_acceptances').set({ total_cents: 1 }).where('id', '=', snap.id).execute(),
    ).rejects.toThrow(/cannot be changed/);

    // Only once.
    const again = await me.agent.post(
      `/api/portal/${yard.slug}/estimates/${o.estimate!.id}/accept`,
      approval(),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ESTIMATE_ALREADY_ANSWERED');

    // The yard sees it at once: the Orders section and the customer's timeline.
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const list = (await agent.get('/api/staff/orders?status=in_progress')).json();
    expect(list.counts.in_progress).toBe(1);
    expect(list.orders[0]).toMatchObject({
      id: o.order.id,
      estimateStatus: 'accepted',
      customer: { id: me.customer.id, name: expect.any(String) },
    });
    const profile = (await agent.get(`/api/staff/customers/${me.customer.id}`)).json();
    const ev = profile.timeline.find((e: { kind: string }) => e.kind === 'estimate_accepted');
    expect(ev.summary).toContain('$738.87');
  });

  it('concurrent accepts: exactly one wins', async () => {
    const { yard, me, o } = await setup();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        me.agent.post(`/api/portal/${yard.slug}/estimates/${o.estimate!.id}/accept`, approval()),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) expect(r.statusCode).toBe(409);
    const n = await db()
      .db.selectFrom('estimate_acceptances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('estimate_id', '=', o.estimate!.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    const history = await db()
      .db.selectFrom('order_status_history')
      .selectAll()
      .where('order_id', '=', o.order.id)
      .execute();
    expect(history).toHaveLength(1);
  });

  /** PostgreSQL only: until some session of this database waits for a row lock. */
  const someoneWaitsForALock = () =>
    expect
      .poll(
        async () =>
          Number(
            (
              await sql<{ n: string }>`select count(*) as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'`.execute(db().db)
            ).rows[0].n,
          ),
        { timeout: 5_000 },
      )
      .toBeGreaterThan(0);

  // Staff sending an estimate lock the order, then the estimate; answering must take them in
  // the same order, or the two deadlock. (PGlite has one connection: nothing runs concurrently.)
  it.skipIf(engine === 'pglite')(
    'accepting waits for the order lock before it takes the estimate',
    async () => {
      const { yard, me, o } = await setup();
      let accepting: ReturnType<typeof me.agent.post> | undefined;
      await db()
        .db.transaction()
        .execute(async (trx) => {
          await trx.selectFrom('orders').select('id').where('id', '=', o.order.id).forUpdate().execute();
          accepting = me.agent.post(
            `/api/portal/${yard.slug}/estimates/${o.estimate!.id}/accept`,
            approval(),
          );
          await someoneWaitsForALock();
          // The answer holds nothing yet: the estimate is free to lock, as sendEstimate does next.
          await trx
            .selectFrom('estimates')
            .select('id')
            .where('id', '=', o.estimate!.id)
            .forUpdate()
            .noWait()
            .execute();
        });
      const res = await accepting!;
      expect(res.statusCode, res.body).toBe(200);
    },
  );

  it('declining with a reason declines the order; then it can be neither accepted nor declined again', async () => {
    const { yard, staff, me, o } = await setup();
    const res = await me.agent.post(`/api/portal/${yard.slug}/estimates/${o.estimate!.id}/decline`, {
      reason: 'Going with a cheaper paint',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().estimates[0]).toMatchObject({
      status: 'declined',
      declineReason: 'Going with a cheaper paint',
    });
    expect(res.json().order.status).toBe('declined');
    const accept = await me.agent.post(
      `/api/portal/${yard.slug}/estimates/${o.estimate!.id}/accept`,
      approval(),
    );
    expect(accept.statusCode).toBe(409);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const list = (await agent.get('/api/staff/orders')).json();
    expect(list.orders.find((r: { id: string }) => r.id === o.order.id).estimateStatus).toBe('declined');
    const profile = (await agent.get(`/api/staff/customers/${me.customer.id}`)).json();
    expect(profile.timeline.map((e: { summary: string }) => e.summary).join('\n')).toContain('cheaper paint');
  });

  it('a changed estimate must be sent again before it can be accepted', async () => {
    const { yard, staff, me, o } = await setup();
    await db()
      .db.updateTable('line_items')
      .set({ unit_price_cents: 50_000, total_cents: 50_000 })
      .where('estimate_id', '=', o.estimate!.id)
      .where('position', '=', 1)
      .execute();
    const detail = (await me.agent.get(`/api/portal/${yard.slug}/orders/${o.order.id}`)).json();
    expect(detail.estimates[0].canRespond).toBe(false);
    expect(detail.estimates[0].blockedReason).toMatch(/changed/);
    const blocked = await me.agent.post(
      `/api/portal/${yard.slug}/estimates/${o.estimate!.id}/accept`,
      approval(),
    );
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('ESTIMATE_CHANGED');

    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const sent = await agent.post(`/api/staff/orders/${o.order.id}/send-estimate`);
    expect(sent.statusCode, sent.body).toBe(200);
    const [mail] = await h.sink.waitForMail(me.customer.email!, 1);
    expect(mail.parsed.text).toContain(`/portal/${yard.slug}/orders/${o.order.id}`);

    const ok = await me.agent.post(`/api/portal/${yard.slug}/estimates/${o.estimate!.id}/accept`, approval());
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('an expired estimate cannot be accepted', async () => {
    const { yard, me, o } = await setup();
    await db()
      .db.updateTable('estimates')
      .set({ valid_until: '2020-01-01' })
      .where('id', '=', o.estimate!.id)
      .execute();
    const res = await me.agent.post(
      `/api/portal/${yard.slug}/estimates/${o.estimate!.id}/accept`,
      approval(),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/expired/);
  });

  it('staff send an invoice: it is issued, the order invoiced, the customer emailed a link', async () => {
    const { yard, staff } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const o = await makeOrder(db().db, yard.id, me.customer.id, { status: 'in_progress', invoice: true });
    await db().db.updateTable('invoices').set({ status: 'draft' }).where('id', '=', o.invoice!.id).execute();
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const res = await agent.post(`/api/staff/orders/${o.order.id}/send-invoice`);
    expect(res.statusCode, res.body).toBe(200);
    const [mail] = await h.sink.waitForMail(me.customer.email!, 1);
    expect(mail.parsed.subject).toContain(`Invoice #${o.order.number}`);
    expect(mail.parsed.text).toContain('$738.87');
    const list = (await agent.get('/api/staff/orders?status=invoiced')).json();
    expect(list.orders.map((r: { id: string }) => r.id)).toContain(o.order.id);
    expect(list.orders[0].balanceCents).toBe(73_887);
  });

  it('order history filters by boat and status', async () => {
    const { yard, me, o } = await setup();
    const other = await makeOrder(db().db, yard.id, me.customer.id, { status: 'completed' });
    const all = (await me.agent.get(`/api/portal/${yard.slug}/orders`)).json();
    expect(all.orders).toHaveLength(2);
    const byBoat = (await me.agent.get(`/api/portal/${yard.slug}/orders?boatId=${o.boat.id}`)).json();
    expect(byBoat.orders.map((x: { id: string }) => x.id)).toEqual([o.order.id]);
    const byStatus = (await me.agent.get(`/api/portal/${yard.slug}/orders?status=completed`)).json();
    expect(byStatus.orders.map((x: { id: string }) => x.id)).toEqual([other.order.id]);
    const bad = await me.agent.get(`/api/portal/${yard.slug}/orders?status=bogus`);
    expect(bad.statusCode).toBe(422);
  });
});
