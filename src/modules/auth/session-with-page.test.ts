import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { orderYard } from '../../../test/support/order-editing-fixtures.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { signedInStaff } from '../../../test/support/staff-links.js';
import { statementCounter } from '../../../test/support/statement-counter.js';

/**
 * The busiest pages (the portal's `/me` and order history, the staff customer profile) read
 * the session and the page in one statement (docs/operations.md, "Measured throughput"):
 * one round trip to the database per request, and the same refusals as before.
 */
describeEachEngine('the session and the page in one statement', (get) => {
  const counter = statementCounter();
  let h: Harness;
  beforeAll(async () => {
    const database = get();
    h = await startHarness({ ...database, db: database.db.withPlugin(counter.plugin) }, { worker: false });
  });
  afterAll(() => h.close());

  /** Statements one request sends, after a first one has warmed the yard cache. */
  async function statementsOf<R extends { statusCode: number; body: string }>(request: () => Promise<R>) {
    const first = await request();
    counter.reset();
    const res = await request();
    expect(res.statusCode, res.body).toBe(first.statusCode);
    return { taken: counter.taken(), res };
  }

  it("the portal's home and order history: one statement each, showing the customer's own records", async () => {
    const db = get().db;
    const y = await orderYard(h, db);
    const me = await signedInCustomer(h, db, y.yard);
    const { order } = await makeOrder(db, y.yard.id, me.customer.id, { estimate: 'sent', invoice: true });
    await makeOrder(db, y.yard.id, y.customer.id); // someone else's

    const home = await statementsOf(() => me.agent.get(`/api/portal/${y.yard.slug}/me`));
    expect(home.taken).toBe(1);
    const body = home.res.json();
    expect(body.customer.email).toBe(me.customer.email);
    expect(body.orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(body.access.records).toEqual([
      expect.objectContaining({ customerId: me.customer.id, acting: true }),
    ]);

    const history = await statementsOf(() => me.agent.get(`/api/portal/${y.yard.slug}/orders`));
    expect(history.taken).toBe(1);
    expect(history.res.json().orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
    const filtered = await statementsOf(() =>
      me.agent.get(`/api/portal/${y.yard.slug}/orders?status=completed`),
    );
    expect(filtered.taken).toBe(1);
    expect(filtered.res.json().orders).toEqual([]);

    // Signed out, or a session of this yard's portal used at another yard's: refused.
    await me.agent.post(`/api/portal/${y.yard.slug}/sign-out`, {});
    expect((await me.agent.get(`/api/portal/${y.yard.slug}/me`)).statusCode).toBe(401);
    expect((await me.agent.get(`/api/portal/${y.yard.slug}/orders`)).statusCode).toBe(401);
  });

  it('the staff customer profile: one statement, the role checked, a technician only through an assigned order', async () => {
    const db = get().db;
    const y = await orderYard(h, db);
    const profile = `/api/staff/customers/${y.customer.id}`;
    const owner = await statementsOf(() => y.agent.get(profile));
    expect(owner.taken).toBe(1);
    expect(owner.res.json().customer.email).toBe(y.customer.email);

    const viewer = await signedInStaff(h, db, y.yard.id, 'viewer');
    expect((await statementsOf(() => viewer.agent.get(profile))).res.statusCode).toBe(200);

    // A technician without an order of this customer: 404, as another yard's customer.
    const tech = await signedInStaff(h, db, y.yard.id, 'technician');
    expect((await tech.agent.get(profile)).statusCode).toBe(404);
    await db
      .insertInto('orders')
      .values({
        yard_id: y.yard.id,
        customer_id: y.customer.id,
        boat_id: y.boat.id,
        number: 9100,
        title: 'Impeller',
        status: 'in_progress',
        assigned_to: tech.id,
      })
      .execute();
    const techPage = await statementsOf(() => tech.agent.get(profile));
    expect(techPage.res.statusCode).toBe(200);
    expect(techPage.res.json().orders.map((o: { title: string }) => o.title)).toEqual(['Impeller']);

    // Another yard's staff: 404; deactivated: 401 at once; signed out: 401.
    const other = await orderYard(h, db);
    expect((await other.agent.get(profile)).statusCode).toBe(404);
    await db
      .updateTable('staff_users')
      .set({ deactivated_at: new Date() })
      .where('id', '=', viewer.id)
      .execute();
    expect((await viewer.agent.get(profile)).statusCode).toBe(401);
    expect((await h.agent().get(profile)).statusCode).toBe(401);
    // Signed out, the parameters are not looked at: 401, as on every other staff route.
    const malformed = await h.agent().get('/api/staff/customers/not-a-customer-id');
    expect(malformed.statusCode).toBe(401);
    expect(malformed.json().code).toBe('UNAUTHENTICATED');
  });
});
