import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newOrder, orderYard } from '../../../test/support/order-editing-fixtures.js';
import { signedInStaff } from '../../../test/support/staff-links.js';

const haulAndLaunch = {
  name: 'Haul and launch',
  description: 'Travel-lift haul, pressure wash, block; launch when done.',
  lines: [
    { kind: 'per_foot', description: 'Haul, wash and block (per ft)', unitPriceCents: 1_400 },
    { kind: 'per_foot', description: 'Launch (per ft)', unitPriceCents: 600 },
    { kind: 'fee', description: 'Environmental fee', quantity: '1', unitPriceCents: 2_500, optional: true },
  ],
};

describeEachEngine('the service catalog', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('lists, adds, edits and archives jobs; their lines are checked like an order', async () => {
    const { agent } = await orderYard(h, db().db);
    const created = await agent.post('/api/staff/catalog', haulAndLaunch);
    expect(created.statusCode, created.body).toBe(201);
    const job = created.json();
    expect(job.lines[0]).toMatchObject({
      kind: 'per_foot',
      quantity: null,
      taxClass: 'fees',
      optional: false,
    });
    expect(job.lines[2]).toMatchObject({ optional: true, quantity: '1' });

    const same = await agent.post('/api/staff/catalog', { ...haulAndLaunch, name: 'HAUL AND LAUNCH' });
    expect(same.statusCode).toBe(409);
    expect(same.json().code).toBe('CATALOG_NAME_TAKEN');

    const bad = await agent.post('/api/staff/catalog', {
      name: 'Oil change',
      lines: [{ kind: 'part', description: 'Oil', quantity: '-4', unitPriceCents: 900 }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toMatch(/^Line 1 \("Oil"\)/);

    const edited = await agent.patch(`/api/staff/catalog/${job.id}`, {
      name: 'Haul and launch (power)',
      lines: haulAndLaunch.lines.slice(0, 2),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().lines).toHaveLength(2);
    const list = (await agent.get('/api/staff/catalog')).json();
    expect(list.jobs.map((j: { name: string }) => j.name)).toEqual(['Haul and launch (power)']);

    const archived = await agent.delete(`/api/staff/catalog/${job.id}`);
    expect(archived.statusCode).toBe(200);
    expect((await agent.get('/api/staff/catalog')).json().jobs).toEqual([]);
    const all = (await agent.get('/api/staff/catalog?archived=true')).json();
    expect(all.jobs[0].archivedAt).not.toBeNull();
    // The name is free again once archived.
    expect((await agent.post('/api/staff/catalog', haulAndLaunch)).statusCode).toBe(201);
  });

  it("adds a job's lines to an order in one call, per-foot lines taking the boat's length", async () => {
    const { customer, boat, agent } = await orderYard(h, db().db);
    const job = (await agent.post('/api/staff/catalog', haulAndLaunch)).json();
    const order = await newOrder(agent, customer.id, boat.id, {
      lines: [{ kind: 'labor', description: 'Inspect', quantity: '0.5', unitPriceCents: 12_000 }],
    });
    const res = await agent.post(`/api/staff/orders/${order.id}/lines/from-catalog`, { jobId: job.id });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(
      body.lines.map((l: { description: string; quantity: string }) => [l.description, l.quantity]),
    ).toEqual([
      ['Inspect', '0.5'],
      ['Haul, wash and block (per ft)', '34.5'],
      ['Launch (per ft)', '34.5'],
      ['Environmental fee', '1'],
    ]);
    // 6,000 labour (5 % = 300) + 48,300 + 20,700 + 2,500 fees (2.5 % = 1,787.5 → 1,788)
    expect(body.totals).toMatchObject({ subtotalCents: 77_500, taxCents: 2_088, totalCents: 79_588 });

    // Opening an order with a job fills it the same way.
    const withJob = await newOrder(agent, customer.id, boat.id, { catalogJobId: job.id });
    const page = (await agent.get(`/api/staff/orders/${withJob.id}`)).json();
    expect(page.lines).toHaveLength(3);
    expect(page.totals.subtotalCents).toBe(71_500);

    // An archived job is gone for adding; the order keeps what it got.
    await agent.delete(`/api/staff/catalog/${job.id}`);
    const gone = await agent.post(`/api/staff/orders/${order.id}/lines/from-catalog`, { jobId: job.id });
    expect(gone.statusCode).toBe(404);
    expect((await agent.get(`/api/staff/orders/${order.id}`)).json().lines).toHaveLength(4);
  });

  it('a boat without a length cannot take a per-foot job; nothing is added', async () => {
    const { customer, agent } = await orderYard(h, db().db);
    const boat = await db()
      .db.insertInto('boats')
      .values({ yard_id: customer.yard_id, customer_id: customer.id, name: 'Unmeasured' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const job = (await agent.post('/api/staff/catalog', haulAndLaunch)).json();
    const order = await newOrder(agent, customer.id, boat.id);
    const res = await agent.post(`/api/staff/orders/${order.id}/lines/from-catalog`, { jobId: job.id });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('BOAT_LENGTH_MISSING');
    expect((await agent.get(`/api/staff/orders/${order.id}`)).json().lines).toEqual([]);
  });

  it('a technician reads the jobs without money, the office with it; adding one to their order prices it from the catalog', async () => {
    const { yard, customer, boat, agent } = await orderYard(h, db().db);
    const oilChange = {
      name: 'Oil change',
      lines: [
        {
          kind: 'labor',
          description: 'Change oil and filter',
          quantity: '1.5',
          unitPriceCents: 12_000,
          technician: 'Theo',
        },
        {
          kind: 'part',
          description: 'Oil filter',
          quantity: '1',
          unitPriceCents: 2_450,
          partNumber: 'YM-119305',
        },
        { kind: 'per_foot', description: 'Shrink wrap (per ft)', unitPriceCents: 1_100, optional: true },
      ],
    };
    const job = (await agent.post('/api/staff/catalog', oilChange)).json();
    const office = await signedInStaff(h, db().db, yard.id, 'office');
    const tech = await signedInStaff(h, db().db, yard.id, 'technician', 'Theo Brightwater');

    const officeList = await office.agent.get('/api/staff/catalog');
    expect(officeList.statusCode).toBe(200);
    expect(officeList.json().prices).toBe(true);
    expect(officeList.json().jobs[0].lines.map((l: { unitPriceCents: number }) => l.unitPriceCents)).toEqual([
      12_000, 2_450, 1_100,
    ]);

    const techList = await tech.agent.get('/api/staff/catalog?archived=true');
    expect(techList.statusCode).toBe(200);
    expect(techList.json().prices).toBe(false);
    // No amount anywhere in the answer, not only in the field the page reads.
    expect(techList.body).not.toMatch(/unitPriceCents|12000|2450|1100|Cents/);
    expect(techList.json().jobs).toEqual([
      {
        id: job.id,
        name: 'Oil change',
        description: null,
        archivedAt: null,
        updatedAt: job.updatedAt,
        lines: [
          expect.objectContaining({
            kind: 'labor',
            description: 'Change oil and filter',
            quantity: '1.5',
            technician: 'Theo',
          }),
          expect.objectContaining({
            kind: 'part',
            description: 'Oil filter',
            quantity: '1',
            partNumber: 'YM-119305',
          }),
          expect.objectContaining({
            kind: 'per_foot',
            description: 'Shrink wrap (per ft)',
            quantity: null,
            optional: true,
          }),
        ],
      },
    ]);

    // On an order assigned to them, "add from catalog" takes the prices from the stored job.
    const order = await newOrder(agent, customer.id, boat.id);
    expect((await agent.patch(`/api/staff/orders/${order.id}`, { assignedTo: tech.id })).statusCode).toBe(
      200,
    );
    const added = await tech.agent.post(`/api/staff/orders/${order.id}/lines/from-catalog`, {
      jobId: job.id,
    });
    expect(added.statusCode, added.body).toBe(200);
    const lines = (await agent.get(`/api/staff/orders/${order.id}`)).json().lines;
    expect(
      lines.map((l: { description: string; unitPriceCents: number }) => [l.description, l.unitPriceCents]),
    ).toEqual([
      ['Change oil and filter', 12_000],
      ['Oil filter', 2_450],
      ['Shrink wrap (per ft)', 1_100],
    ]);
  });
});
