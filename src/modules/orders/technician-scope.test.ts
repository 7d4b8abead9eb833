import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newOrder, orderYard } from '../../../test/support/order-editing-fixtures.js';
import { signedInStaff } from '../../../test/support/staff-links.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';

const LINES = {
  lines: [{ kind: 'labor', description: 'Replace impeller', quantity: '1.5', unitPriceCents: 12_000 }],
};

describeEachEngine('technicians and assigned orders', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  /** A yard with two orders of two customers; the first is assigned to Theo, a technician. */
  async function yardWithTechnician() {
    const y = await orderYard(h, db().db);
    const theo = await signedInStaff(h, db().db, y.yard.id, 'technician', 'Theo Brightwater');
    const other = await signedInStaff(h, db().db, y.yard.id, 'technician', 'Ines Calloway');
    const mine = await newOrder(y.agent, y.customer.id, y.boat.id, { title: 'Impeller and belts' });
    const stranger = await makeCustomer(db().db, y.yard.id, { last_name: 'Oyelaran' });
    const strangerBoat = await db()
      .db.insertInto('boats')
      .values({ yard_id: y.yard.id, customer_id: stranger.id, name: 'Kittiwake' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const notMine = await newOrder(y.agent, stranger.id, strangerBoat.id, { title: 'Bottom paint' });
    const res = await y.agent.patch(`/api/staff/orders/${mine.id}`, { assignedTo: theo.id });
    expect(res.statusCode, res.body).toBe(200);
    return { ...y, theo, other, mine, notMine, stranger };
  }

  it('the owner assigns an order to a technician: the order page and the list show the assignee, the audit log records it', async () => {
    const y = await yardWithTechnician();
    const page = await y.agent.get(`/api/staff/orders/${y.mine.id}`);
    expect(page.json().order.assignee).toEqual({ id: y.theo.id, name: 'Theo Brightwater' });
    expect(page.json().assignableStaff.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['Theo Brightwater', 'Ines Calloway', y.staff.name]),
    );
    const list = await y.agent.get('/api/staff/orders');
    const rows = list.json().orders as { id: string; assignee: { name: string } | null }[];
    expect(rows.find((r) => r.id === y.mine.id)?.assignee).toMatchObject({ name: 'Theo Brightwater' });
    expect(rows.find((r) => r.id === y.notMine.id)?.assignee).toBeNull();
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['action', 'actor_name', 'changes'])
      .where('order_id', '=', y.mine.id)
      .where('action', '=', 'assigned')
      .execute();
    expect(audit).toEqual([
      {
        action: 'assigned',
        actor_name: y.staff.name,
        changes: { assignedTo: { before: null, after: y.theo.id } },
      },
    ]);

    // Unassigned again: Theo loses the order at once.
    const cleared = await y.agent.patch(`/api/staff/orders/${y.mine.id}`, { assignedTo: null });
    expect(cleared.json().order.assignee).toBeNull();
    expect((await y.theo.agent.get(`/api/staff/orders/${y.mine.id}`)).statusCode).toBe(404);
  });

  it('refuses to assign a deactivated staff member, another yard’s staff or a technician’s own request; nothing changes', async () => {
    const y = await yardWithTechnician();
    const elsewhere = await makeYard(db().db);
    const gone = await signedInStaff(h, db().db, y.yard.id, 'technician', 'Gone Fishing');
    await db()
      .db.updateTable('staff_users')
      .set({ deactivated_at: new Date() })
      .where('id', '=', gone.id)
      .execute();
    for (const assignedTo of [elsewhere.staff.id, gone.id]) {
      const res = await y.agent.patch(`/api/staff/orders/${y.notMine.id}`, { assignedTo });
      expect(res.statusCode).toBe(422);
      expect(res.json().details.fields).toHaveProperty('assignedTo');
    }
    const bad = await y.agent.patch(`/api/staff/orders/${y.notMine.id}`, { assignedTo: 'theo' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.fields).toHaveProperty('assignedTo');
    // A technician cannot hand themselves an order.
    const self = await y.theo.agent.patch(`/api/staff/orders/${y.notMine.id}`, { assignedTo: y.theo.id });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('ROLE_FORBIDDEN');
    // Another yard's order: 404, as for every record of another yard.
    const otherYardOrder = await db()
      .db.insertInto('orders')
      .values({
        yard_id: elsewhere.yard.id,
        customer_id: (await makeCustomer(db().db, elsewhere.yard.id)).id,
        number: 1,
        title: 'Theirs',
        status: 'in_progress',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const foreign = await y.agent.patch(`/api/staff/orders/${otherYardOrder.id}`, { assignedTo: y.theo.id });
    expect(foreign.statusCode).toBe(404);
    const rows = await db()
      .db.selectFrom('orders')
      .select('assigned_to')
      .where('id', 'in', [y.notMine.id, otherYardOrder.id])
      .execute();
    expect(rows.map((r) => r.assigned_to)).toEqual([null, null]);
  });

  it('a technician’s orders list holds only the orders assigned to them, counts and totals included', async () => {
    const y = await yardWithTechnician();
    const list = (await y.theo.agent.get('/api/staff/orders')).json();
    expect(list.orders.map((o: { id: string }) => o.id)).toEqual([y.mine.id]);
    expect(list.totals.count).toBe(1);
    expect(Object.values(list.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1);
    const searched = (await y.theo.agent.get('/api/staff/orders?q=Oyelaran')).json();
    expect(searched.orders).toEqual([]);
    const other = (await y.other.agent.get('/api/staff/orders')).json();
    expect(other.orders).toEqual([]);
    // The office sees both.
    expect((await y.agent.get('/api/staff/orders')).json().orders).toHaveLength(2);
  });

  it('a technician opens and works on an assigned order; another order answers 404 and is not changed', async () => {
    const y = await yardWithTechnician();
    const t = y.theo.agent;
    expect((await t.get(`/api/staff/orders/${y.mine.id}`)).statusCode).toBe(200);
    const lines = await t.put(`/api/staff/orders/${y.mine.id}/lines`, LINES);
    expect(lines.statusCode, lines.body).toBe(200);
    const moves = (await t.get(`/api/staff/orders/${y.mine.id}`)).json().allowedMoves as string[];
    const moved = await t.post(`/api/staff/orders/${y.mine.id}/status`, { to: moves[0] });
    expect(moved.statusCode, moved.body).toBe(200);

    const before = await db()
      .db.selectFrom('orders')
      .selectAll()
      .where('id', '=', y.notMine.id)
      .executeTakeFirstOrThrow();
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['PUT', '/lines', LINES],
      ['POST', '/status', { to: moves[0] }],
      ['GET', '/estimates', undefined],
      ['GET', '/billing', undefined],
      ['GET', '/service-request', undefined],
    ] as const) {
      const res = await t.request(method, `/api/staff/orders/${y.notMine.id}${path}`, body);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    const after = await db()
      .db.selectFrom('orders')
      .selectAll()
      .where('id', '=', y.notMine.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const strayLines = await db()
      .db.selectFrom('line_items')
      .select('id')
      .where('order_id', '=', y.notMine.id)
      .execute();
    expect(strayLines).toEqual([]);
  });

  it('a technician finds only the customers of their assigned orders, and opens only those', async () => {
    const y = await yardWithTechnician();
    const t = y.theo.agent;
    const listed = await t.get('/api/staff/customers');
    expect(listed.statusCode, listed.body).toBe(200);
    const all = listed.json();
    expect(all.customers.map((c: { id: string }) => c.id)).toEqual([y.customer.id]);
    expect(
      (await t.get(`/api/staff/customers?q=${encodeURIComponent(y.customer.last_name)}`)).json().customers,
    ).toHaveLength(1);
    expect((await t.get('/api/staff/customers?q=Oyelaran')).json().customers).toEqual([]);
    // Their customer's page shows only the orders assigned to them.
    const second = await newOrder(y.agent, y.customer.id, y.boat.id, { title: 'Winter storage' });
    const profile = await t.get(`/api/staff/customers/${y.customer.id}`);
    expect(profile.statusCode).toBe(200);
    expect(profile.json().orders.map((o: { id: string }) => o.id)).toEqual([y.mine.id]);
    const full = (await y.agent.get(`/api/staff/customers/${y.customer.id}`)).json();
    expect(full.orders.map((o: { id: string }) => o.id).sort()).toEqual([y.mine.id, second.id].sort());
    const hidden = await t.get(`/api/staff/customers/${y.stranger.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('NOT_FOUND');
    // A viewer reads every customer of the yard.
    const viewer = await signedInStaff(h, db().db, y.yard.id, 'viewer', 'Vera Lookout');
    expect((await viewer.agent.get(`/api/staff/customers/${y.stranger.id}`)).statusCode).toBe(200);
  });

  it("a technician's view of a customer's timeline holds what the customer did about their orders only", async () => {
    const y = await yardWithTechnician();
    const second = await newOrder(y.agent, y.customer.id, y.boat.id, { title: 'Winter storage' });
    const numbers = Object.fromEntries(
      (
        await db()
          .db.selectFrom('orders')
          .select(['id', 'number'])
          .where('id', 'in', [y.mine.id, second.id])
          .execute()
      ).map((o) => [o.id, o.number]),
    );
    const events = portalEventsRepo(db().db);
    const add = (kind: Parameters<typeof events.add>[0]['kind'], detail: Record<string, unknown>) => {
      h.clock.advance(1000);
      return events.add({ yardId: y.yard.id, customerId: y.customer.id, kind, at: h.clock.now(), detail });
    };
    await add('signed_in', {});
    await add('estimate_declined', {
      orderNumber: numbers[y.mine.id],
      estimateNumber: 5001,
      reason: 'later',
    });
    await add('estimate_accepted', { orderNumber: numbers[second.id], estimateNumber: 5002 });
    await add('payment_received', { invoiceNumber: 7001, amountCents: 5_000 });

    const kinds = async (agent: typeof y.agent) =>
      (
        (await agent.get(`/api/staff/customers/${y.customer.id}`)).json().timeline as {
          kind: string;
          orderNumber: number | null;
        }[]
      )
        .filter((e) => e.kind !== 'invited' && e.kind !== 'invite_sent')
        .map((e) => [e.kind, e.orderNumber]);
    expect(await kinds(y.theo.agent)).toEqual([['estimate_declined', numbers[y.mine.id]]]);
    expect((await kinds(y.agent)).map(([k]) => k)).toEqual([
      'payment_received',
      'estimate_accepted',
      'estimate_declined',
      'signed_in',
    ]);
  });
});
