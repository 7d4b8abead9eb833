import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { signedInCustomer } from '../../../test/support/order-fixtures.js';
import { signedInStaff } from '../../../test/support/staff-links.js';

// A boat's live yard status (docs/boat-status.md): set by staff, kept as a timeline, audited,
// read by the customer on the portal home and on the boat's own page.
describeEachEngine('boat yard status', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  /** A yard, its owner signed in, a customer signed in to the portal with a boat and an order on it. */
  async function yardWithBoat() {
    const { yard, staff } = await makeYard(db().db);
    const owner = h.agent();
    await owner.signInStaff(staff.email, STAFF_PASSWORD);
    const portal = await signedInCustomer(h, db().db, yard);
    const boat = (
      await owner.post(`/api/staff/customers/${portal.customer.id}/boats`, {
        name: 'Blue Heron',
        make: 'Catalina',
        length: 34.5,
        engines: [{ make: 'Yanmar', hours: 1200 }],
        location: { kind: 'rack', name: 'R-7' },
        notes: 'Owner keeps the keys.',
      })
    ).json().boat;
    const order = (
      await owner.post('/api/staff/orders', {
        customerId: portal.customer.id,
        boatId: boat.id,
        title: 'Bottom paint',
      })
    ).json();
    return { yard, staff, owner, portal, boat, order };
  }

  const events = (boatId: string) =>
    db()
      .db.selectFrom('boat_status_events')
      .selectAll()
      .where('boat_id', '=', boatId)
      .orderBy('at')
      .execute();

  it('staff set the status in one request: the boat row, a timeline row with who and when, and an audit row', async () => {
    const { owner, staff, boat, portal, yard } = await yardWithBoat();
    const res = await owner.post(`/api/staff/boats/${boat.id}/status`, {
      status: 'hauled',
      note: 'Travel lift 2',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'hauled',
      events: [{ status: 'hauled', byName: staff.name, note: 'Travel lift 2' }],
    });
    const row = await db()
      .db.selectFrom('boats')
      .selectAll()
      .where('id', '=', boat.id)
      .executeTakeFirstOrThrow();
    expect(row.yard_status).toBe('hauled');
    expect(row.yard_status_at?.toISOString()).toBe(h.clock.now().toISOString());
    expect(await events(boat.id)).toEqual([
      expect.objectContaining({
        status: 'hauled',
        set_by: staff.id,
        note: 'Travel lift 2',
        yard_id: yard.id,
      }),
    ]);
    const audit = await db()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', boat.id)
      .where('action', '=', 'status_set')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({
        actor_staff_id: staff.id,
        customer_id: portal.customer.id,
        changes: {
          yard_status: { before: null, after: 'hauled' },
          note: { before: null, after: 'Travel lift 2' },
        },
      }),
    ]);
    // The customer sees it on the portal home, with the boat.
    const me = (await portal.agent.get(`/api/portal/${yard.slug}/me`)).json();
    expect(me.boats).toEqual([expect.objectContaining({ id: boat.id, yardStatus: 'hauled' })]);
  });

  it('the timeline reads newest first; the same status again changes nothing', async () => {
    const { owner, boat } = await yardWithBoat();
    for (const status of ['hauled', 'in_shop', 'in_paint', 'launched']) {
      h.clock.advance(60_000);
      expect((await owner.post(`/api/staff/boats/${boat.id}/status`, { status })).statusCode).toBe(200);
    }
    h.clock.advance(60_000);
    const again = await owner.post(`/api/staff/boats/${boat.id}/status`, { status: 'launched' });
    expect(again.statusCode).toBe(200);
    const read = (await owner.get(`/api/staff/boats/${boat.id}/status`)).json();
    expect(read.status).toBe('launched');
    expect(read.events.map((e: { status: string }) => e.status)).toEqual([
      'launched',
      'in_paint',
      'in_shop',
      'hauled',
    ]);
    expect(await events(boat.id)).toHaveLength(4);
    const bad = await owner.post(`/api/staff/boats/${boat.id}/status`, { status: 'sunk' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toMatch(/in_water, hauled/);
  });

  it('a viewer reads the status but is refused setting it; office sets it', async () => {
    const { owner, boat, yard } = await yardWithBoat();
    await owner.post(`/api/staff/boats/${boat.id}/status`, { status: 'on_hard' });
    const viewer = await signedInStaff(h, db().db, yard.id, 'viewer');
    expect((await viewer.agent.get(`/api/staff/boats/${boat.id}/status`)).json().status).toBe('on_hard');
    const refused = await viewer.agent.post(`/api/staff/boats/${boat.id}/status`, { status: 'in_water' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ROLE_FORBIDDEN');
    const office = await signedInStaff(h, db().db, yard.id, 'office');
    h.clock.advance(60_000);
    expect(
      (await office.agent.post(`/api/staff/boats/${boat.id}/status`, { status: 'in_water' })).statusCode,
    ).toBe(200);
    expect((await events(boat.id)).map((e) => e.status)).toEqual(['on_hard', 'in_water']);
  });

  it('a technician sets the status of a boat on an order assigned to them; any other boat is not found', async () => {
    const { owner, boat, order, yard, portal } = await yardWithBoat();
    const tech = await signedInStaff(h, db().db, yard.id, 'technician');
    const other = (
      await owner.post(`/api/staff/customers/${portal.customer.id}/boats`, { name: 'Not Theirs' })
    ).json().boat;
    expect(
      (await tech.agent.post(`/api/staff/boats/${boat.id}/status`, { status: 'hauled' })).statusCode,
    ).toBe(404);
    expect((await tech.agent.get(`/api/staff/boats/${boat.id}/status`)).statusCode).toBe(404);
    expect((await owner.patch(`/api/staff/orders/${order.id}`, { assignedTo: tech.id })).statusCode).toBe(
      200,
    );
    const set = await tech.agent.post(`/api/staff/boats/${boat.id}/status`, { status: 'hauled' });
    expect(set.statusCode).toBe(200);
    expect(set.json().events[0]).toMatchObject({ status: 'hauled', byName: 'Pat technician' });
    expect(
      (await tech.agent.post(`/api/staff/boats/${other.id}/status`, { status: 'hauled' })).statusCode,
    ).toBe(404);
    expect(await events(other.id)).toEqual([]);
  });

  it("another yard's boat is not found, for staff and in the portal, and nothing is written", async () => {
    const mine = await yardWithBoat();
    const theirs = await yardWithBoat();
    const res = await mine.owner.post(`/api/staff/boats/${theirs.boat.id}/status`, { status: 'hauled' });
    expect(res.statusCode).toBe(404);
    expect((await mine.owner.get(`/api/staff/boats/${theirs.boat.id}/status`)).statusCode).toBe(404);
    expect(await events(theirs.boat.id)).toEqual([]);
    expect(
      (await mine.portal.agent.get(`/api/portal/${mine.yard.slug}/boats/${theirs.boat.id}`)).statusCode,
    ).toBe(404);
  });

  it("the boat's portal page: its record in the yard's unit, status and timeline without staff notes, its orders; another customer's boat is 404", async () => {
    const { owner, boat, order, yard, portal } = await yardWithBoat();
    await owner.post(`/api/staff/boats/${boat.id}/status`, {
      status: 'hauled',
      note: 'Check the keel bolts',
    });
    h.clock.advance(60_000);
    await owner.post(`/api/staff/boats/${boat.id}/status`, { status: 'on_hard' });
    const res = await portal.agent.get(`/api/portal/${yard.slug}/boats/${boat.id}`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.boat).toMatchObject({
      name: 'Blue Heron',
      make: 'Catalina',
      length: 34.5,
      lengthUnit: 'ft',
      engines: [{ make: 'Yanmar', hours: 1200 }],
      location: { kind: 'rack', name: 'R-7' },
    });
    expect(page.boat.notes).toBeUndefined();
    expect(page.status.status).toBe('on_hard');
    expect(page.status.events.map((e: { status: string }) => e.status)).toEqual(['on_hard', 'hauled']);
    expect(JSON.stringify(page)).not.toMatch(/keel bolts|Owner keeps/);
    expect(page.orders).toEqual([expect.objectContaining({ id: order.id, title: 'Bottom paint' })]);

    // A second customer of the same yard, signed in: the first one's boat is not theirs.
    const neighbour = await signedInCustomer(h, db().db, yard);
    expect((await neighbour.agent.get(`/api/portal/${yard.slug}/boats/${boat.id}`)).statusCode).toBe(404);
    // Archived boats leave the portal, their page too.
    await owner.post(`/api/staff/boats/${boat.id}/archive`);
    expect((await portal.agent.get(`/api/portal/${yard.slug}/boats/${boat.id}`)).statusCode).toBe(404);
    expect((await h.agent().get(`/api/portal/${yard.slug}/boats/${boat.id}`)).statusCode).toBe(401);
  });
});
