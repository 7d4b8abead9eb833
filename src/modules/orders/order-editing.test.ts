import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newOrder, orderYard } from '../../../test/support/order-editing-fixtures.js';
import { signedInCustomer } from '../../../test/support/order-fixtures.js';
import { LIMITS } from './money.js';

describeEachEngine('staff create and edit orders and their lines', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  const ordersOf = (yardId: string) =>
    db().db.selectFrom('orders').select(['id', 'status']).where('yard_id', '=', yardId).execute();
  const linesOf = (orderId: string) =>
    db()
      .db.selectFrom('line_items')
      .select(['description', 'quantity', 'total_cents'])
      .where('order_id', '=', orderId)
      .orderBy('position')
      .execute();

  it('creates an order with exact totals: fractional quantities, per-foot from the boat, a discount, tax per class', async () => {
    const { staff, customer, boat, agent } = await orderYard(h, db().db);
    const created = await newOrder(agent, customer.id, boat.id, {
      description: 'Get her ready for May.',
      scheduledFor: '2030-04-20',
      promisedOn: '2030-05-01',
      lines: [
        {
          kind: 'labor',
          description: 'Commissioning',
          quantity: '1.5',
          unitPriceCents: 14_500,
          technician: 'Ray',
        },
        {
          kind: 'part',
          description: 'Zinc anodes',
          quantity: '3',
          unitPriceCents: 8_999,
          partNumber: 'Z-22',
        },
        { kind: 'per_foot', description: 'Launch', unitPriceCents: 1_400 },
        { kind: 'fee', description: 'Environmental fee', quantity: '1', unitPriceCents: 3_500 },
        {
          kind: 'discount',
          description: 'Loyalty',
          quantity: '1',
          unitPriceCents: -2_500,
          taxClass: 'labor',
        },
        { kind: 'part', description: 'Grease', quantity: '0.25', unitPriceCents: 333, optional: true },
      ],
    });
    expect(created.status).toBe('open_estimate');

    const page = (await agent.get(`/api/staff/orders/${created.id}`)).json();
    expect(page.order).toMatchObject({
      number: created.number,
      title: 'Spring commissioning',
      description: 'Get her ready for May.',
      status: 'open_estimate',
      scheduledFor: '2030-04-20',
      promisedOn: '2030-05-01',
    });
    expect(
      page.lines.map((l: { quantity: string; totalCents: number }) => [l.quantity, l.totalCents]),
    ).toEqual([
      ['1.5', 21_750],
      ['3', 26_997],
      ['34.5', 48_300], // 34.5 ft from the boat × $14.00
      ['1', 3_500],
      ['1', -2_500],
      ['0.25', 83], // 83.25 rounds once, to 83
    ]);
    expect(page.lines[0].technician).toBe('Ray');
    expect(page.lines[1].partNumber).toBe('Z-22');
    expect(page.lines[5].optional).toBe(true);
    // labour (21,750 − 2,500) × 5 % = 962.5 → 963; parts 27,080 × 7 % = 1,895.6 → 1,896;
    // fees 51,800 × 2.5 % = 1,295.
    expect(page.totals).toEqual({
      subtotalCents: 98_130,
      taxByClass: { labor: 963, parts: 1_896, fees: 1_295 },
      taxCents: 4_154,
      totalCents: 102_284,
      rates: { labor: 500, parts: 700, fees: 250 },
    });
    expect(page.statusHistory).toEqual([
      expect.objectContaining({ from: null, to: 'open_estimate', by: staff.name, note: 'Order opened' }),
    ]);
    expect(page.customer).toMatchObject({ id: customer.id, email: customer.email });
    expect(page.boat).toMatchObject({ id: boat.id, name: 'Windfall', lengthFt: '34.5' });
  });

  it("the customer's history of an order staff opened starts once, with its first status", async () => {
    const { yard, agent } = await orderYard(h, db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const boat = await db()
      .db.insertInto('boats')
      .values({ yard_id: yard.id, customer_id: me.customer.id, name: 'Kestrel' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const o = await newOrder(agent, me.customer.id, boat.id);
    expect((await agent.post(`/api/staff/orders/${o.id}/status`, { to: 'in_progress' })).statusCode).toBe(
      200,
    );
    const res = await me.agent.get(`/api/portal/${yard.slug}/orders/${o.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .statusHistory.map((s: { from: string | null; to: string; note: string | null }) => [
          s.from,
          s.to,
          s.note,
        ]),
    ).toEqual([
      [null, 'open_estimate', 'Order opened'],
      ['open_estimate', 'in_progress', null],
    ]);
  });

  it('replaces the lines in one go and edits the details', async () => {
    const { customer, boat, agent } = await orderYard(h, db().db);
    const o = await newOrder(agent, customer.id, boat.id, {
      lines: [{ kind: 'fee', description: 'Haul', quantity: '1', unitPriceCents: 10_000 }],
    });
    const put = await agent.put(`/api/staff/orders/${o.id}/lines`, {
      lines: [
        { kind: 'labor', description: 'Wax', quantity: '2.25', unitPriceCents: 9_900 },
        { kind: 'per_foot', description: 'Storage', quantity: '40', unitPriceCents: 250 },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    // 2.25 × 99.00 = 222.75 (labour 5 % = 11.1375 → 11.14); 40 × 2.50 = 100 (fees 2.5 % = 2.50)
    expect(put.json().totals).toMatchObject({ subtotalCents: 32_275, taxCents: 1_364, totalCents: 33_639 });
    expect((await linesOf(o.id)).map((l) => l.description)).toEqual(['Wax', 'Storage']);

    const patch = await agent.patch(`/api/staff/orders/${o.id}`, {
      title: 'Winter storage',
      promisedOn: null,
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().order).toMatchObject({ title: 'Winter storage', promisedOn: null });

    const cleared = await agent.put(`/api/staff/orders/${o.id}/lines`, { lines: [] });
    expect(cleared.json().totals.totalCents).toBe(0);
    expect(await linesOf(o.id)).toEqual([]);
  });

  it('refuses bad input with a 4xx that says what is wrong, and writes nothing', async () => {
    const { yard, customer, boat, agent } = await orderYard(h, db().db);
    const other = await makeCustomer(db().db, yard.id);
    const othersBoat = await db()
      .db.insertInto('boats')
      .values({ yard_id: yard.id, customer_id: other.id, name: 'Not Yours' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const shortBoat = await db()
      .db.insertInto('boats')
      .values({ yard_id: yard.id, customer_id: customer.id, name: 'No Length' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const { yard: otherYard } = await makeYard(db().db);
    const strangerCustomer = await makeCustomer(db().db, otherYard.id);
    const strangerBoat = await db()
      .db.insertInto('boats')
      .values({ yard_id: otherYard.id, customer_id: strangerCustomer.id, name: 'Elsewhere' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const missing = '00000000-0000-4000-8000-000000000000';
    const labor = (quantity: string, unitPriceCents = 10_000) => ({
      kind: 'labor',
      description: 'Rig check',
      quantity,
      unitPriceCents,
    });

    const cases: [object, number, string, RegExp][] = [
      [{ lines: [labor('2'), labor('-1')] }, 422, 'LINE_INVALID', /Line 2 .*more than zero/],
      [
        { lines: [labor('1', LIMITS.maxUnitPriceCents + 1)] },
        422,
        'LINE_INVALID',
        /Line 1 .*at most \$100,000/,
      ],
      [{ lines: [labor('1.234')] }, 422, 'LINE_INVALID', /two decimals/],
      [
        { lines: [{ kind: 'discount', description: 'x', quantity: '1', unitPriceCents: 500 }] },
        422,
        'LINE_INVALID',
        /take money off/,
      ],
      [{ customerId: missing }, 404, 'NOT_FOUND', /customer/i],
      [{ boatId: missing }, 404, 'NOT_FOUND', /boat/i],
      [{ customerId: strangerCustomer.id, boatId: strangerBoat.id }, 404, 'NOT_FOUND', /customer/i],
      [{ boatId: strangerBoat.id }, 404, 'NOT_FOUND', /boat/i],
      [{ boatId: othersBoat.id }, 422, 'BOAT_OF_ANOTHER_CUSTOMER', /another customer/],
      [
        { boatId: shortBoat.id, lines: [{ kind: 'per_foot', description: 'Haul', unitPriceCents: 1_000 }] },
        422,
        'BOAT_LENGTH_MISSING',
        /length overall first/,
      ],
      [{ title: '' }, 422, 'VALIDATION', /title/],
      [{ catalogJobId: missing }, 404, 'NOT_FOUND', /catalog job/],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await agent.post('/api/staff/orders', {
        customerId: customer.id,
        boatId: boat.id,
        title: 'Rigging',
        ...body,
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().code).toBe(code);
      expect(res.json().message).toMatch(message);
    }
    expect(await ordersOf(yard.id)).toEqual([]);
    // Nothing refused took a number: the first order the yard makes is still its first.
    const first = await newOrder(agent, customer.id, boat.id, { lines: [labor('1')] });
    expect(first.number).toBe(1001);

    const before = await linesOf(first.id);
    for (const lines of [[labor('1'), labor('-2')], [labor('1', 20_000_000)]]) {
      const res = await agent.put(`/api/staff/orders/${first.id}/lines`, { lines });
      expect(res.statusCode).toBe(422);
      expect(res.json().message).toMatch(/^Line \d/);
    }
    const tooMany = Array.from({ length: LIMITS.maxLines + 1 }, () => labor('1'));
    expect((await agent.put(`/api/staff/orders/${first.id}/lines`, { lines: tooMany })).statusCode).toBe(422);
    expect(await linesOf(first.id)).toEqual(before);

    // Cancelled: lines and details are closed (409) until the order is reopened.
    expect((await agent.post(`/api/staff/orders/${first.id}/status`, { to: 'cancelled' })).statusCode).toBe(
      200,
    );
    const closed = await agent.put(`/api/staff/orders/${first.id}/lines`, { lines: [labor('3')] });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('ORDER_CLOSED');
    expect((await agent.patch(`/api/staff/orders/${first.id}`, { title: 'New' })).statusCode).toBe(409);
    expect(await linesOf(first.id)).toEqual(before);
    expect(
      (await agent.post(`/api/staff/orders/${first.id}/status`, { to: 'open_estimate' })).statusCode,
    ).toBe(200);
    expect((await agent.put(`/api/staff/orders/${first.id}/lines`, { lines: [labor('3')] })).statusCode).toBe(
      200,
    );
  });

  it('100 concurrent creates get 100 distinct numbers in one run', async () => {
    const { customer, boat, agent } = await orderYard(h, db().db);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => newOrder(agent, customer.id, boat.id)),
    );
    const numbers = results.map((r) => r.number).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(100);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => numbers[0] + i));
  });
});
