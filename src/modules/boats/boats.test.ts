import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { signedInCustomer } from '../../../test/support/order-fixtures.js';
import { hashPassword } from '../accounts/password-hash.js';

describeEachEngine('boats', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  async function yardWithStaff(unit: 'ft' | 'm' = 'ft') {
    const { yard, staff } = await makeYard(db().db);
    await db().db.updateTable('yards').set({ length_unit: unit }).where('id', '=', yard.id).execute();
    const customer = await makeCustomer(db().db, yard.id);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard: { ...yard, length_unit: unit }, staff, customer, agent };
  }

  const boatRow = (id: string) =>
    db().db.selectFrom('boats').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audit = (boatId: string) =>
    db()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'boat')
      .where('entity_id', '=', boatId)
      .orderBy('at')
      .execute();

  const everything = {
    name: 'Sea Biscuit',
    make: 'Beneteau',
    model: 'Oceanis 40.1',
    year: 2021,
    length: 40.5,
    beam: 13.1,
    draft: 6.5,
    hullId: 'BEY12345D121',
    registration: 'FL 1234 AB',
    engines: [{ make: 'Yanmar', model: '4JH57', serial: 'YM-778812', hours: 412.5 }],
    location: { kind: 'slip', name: 'B-14' },
    notes: 'Keys in the office.\nShore power 30 A.',
  };

  it('staff create a boat with every field, read it back, and the customer profile lists it', async () => {
    const { customer, agent, staff } = await yardWithStaff();
    const res = await agent.post(`/api/staff/customers/${customer.id}/boats`, everything);
    expect(res.statusCode).toBe(201);
    const { boat, warnings } = res.json();
    expect(warnings).toEqual([]);
    expect(boat).toMatchObject({
      ...everything,
      customerId: customer.id,
      lengthUnit: 'ft',
      archivedAt: null,
    });
    expect((await agent.get(`/api/staff/boats/${boat.id}`)).json().boat).toEqual(boat);
    expect(await boatRow(boat.id)).toMatchObject({
      length_ft: '40.50',
      beam_ft: '13.10',
      draft_ft: '6.50',
      slip: 'B-14',
      location_kind: 'slip',
      hull_id: 'BEY12345D121',
    });
    const profile = (await agent.get(`/api/staff/customers/${customer.id}`)).json();
    expect(profile.boats).toEqual([
      expect.objectContaining({ id: boat.id, name: 'Sea Biscuit', archived: false }),
    ]);
    const [created] = await audit(boat.id);
    expect(created).toMatchObject({ action: 'created', actor_staff_id: staff.id, customer_id: customer.id });
    expect(created.changes).toMatchObject({ name: { before: null, after: 'Sea Biscuit' } });
  });

  it('a yard in metres: 12.5 m is stored in feet and shown as 12.5 m again', async () => {
    const { customer, agent } = await yardWithStaff('m');
    const res = await agent.post(`/api/staff/customers/${customer.id}/boats`, {
      name: 'Metric',
      length: 12.5,
      beam: 4.02,
      draft: 1.9,
    });
    expect(res.statusCode).toBe(201);
    const { boat } = res.json();
    expect(boat).toMatchObject({ length: 12.5, beam: 4.02, draft: 1.9, lengthUnit: 'm' });
    expect(await boatRow(boat.id)).toMatchObject({ length_ft: '41.01', beam_ft: '13.19', draft_ft: '6.23' });
    expect((await agent.get(`/api/staff/boats/${boat.id}`)).json().boat.length).toBe(12.5);
    // The limit is said in the yard's unit: 500 ft is 152.4 m.
    const tooLong = await agent.patch(`/api/staff/boats/${boat.id}`, { length: 160 });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().details.fields.length).toMatch(/at most 152.4 m/);
  });

  const bad: [string, object, string, RegExp][] = [
    ['year before 1900', { year: 1899 }, 'year', /1900 and/],
    ['year after next year', { year: new Date().getUTCFullYear() + 2 }, 'year', /1900 and/],
    ['fractional year', { year: 2001.5 }, 'year', /whole number/],
    ['length 0', { length: 0 }, 'length', /more than 0/],
    ['length over 500 ft', { length: 501 }, 'length', /at most 500 ft/],
    ['negative beam', { beam: -3 }, 'beam', /more than 0/],
    ['draft as text', { draft: 'deep' }, 'draft', /number/],
    ['hull ID with a line break', { hullId: 'ABC12345\nD404' }, 'hullId', /one line/],
    ['hull ID too long', { hullId: 'X'.repeat(21) }, 'hullId', /20 characters/],
    ['name with a control character', { name: 'Sea\u0007Biscuit' }, 'name', /control characters/],
    ['empty name', { name: '  ' }, 'name', /required/],
    ['notes too long', { notes: 'x'.repeat(2001) }, 'notes', /2000/],
    ['negative engine hours', { engines: [{ make: 'Volvo', hours: -1 }] }, 'engines.0.hours', /negative/],
    ['location without a name', { location: { kind: 'rack', name: '' } }, 'location.name', /Name the slip/],
    ['unknown location kind', { location: { kind: 'mooring', name: 'M1' } }, 'location.kind', /slip, a rack/],
  ];
  it.each(bad)('%s → 422 naming the field, nothing written', async (_what, body, field, message) => {
    const { customer, agent } = await yardWithStaff();
    const created = await agent.post(`/api/staff/customers/${customer.id}/boats`, {
      name: 'Steady',
      year: 2000,
    });
    const id = created.json().boat.id;
    const before = await boatRow(id);
    const res = await agent.patch(`/api/staff/boats/${id}`, { make: 'Changed', ...body });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('VALIDATION');
    expect(res.json().details.fields[field]).toMatch(message);
    expect(await boatRow(id)).toEqual(before);
    // Creating with the same value is refused the same way.
    const create = await agent.post(`/api/staff/customers/${customer.id}/boats`, { name: 'New', ...body });
    expect(create.statusCode).toBe(422);
    expect(create.json().details.fields[field]).toMatch(message);
  });

  it('a location kept by name only (demo, imported, older boats) is shown with the kind its name says', async () => {
    const { yard, customer, agent } = await yardWithStaff();
    const names = { 'Rack 214': 'rack', 'Mooring 12': 'slip', 'C-7': 'slip', 'Yard B-4': 'yard' } as const;
    for (const [name, kind] of Object.entries(names)) {
      const boat = await db()
        .db.insertInto('boats')
        .values({ yard_id: yard.id, customer_id: customer.id, name: `Boat ${name}`, slip: name })
        .returning('id')
        .executeTakeFirstOrThrow();
      const res = await agent.get(`/api/staff/boats/${boat.id}`);
      expect(res.json().boat.location, name).toEqual({ kind, name });
    }
  });

  it('a hull ID not in the US format is saved with a warning, a good one clears it', async () => {
    const { customer, agent } = await yardWithStaff();
    const res = await agent.post(`/api/staff/customers/${customer.id}/boats`, {
      name: 'Old Timer',
      hullId: 'abc123',
    });
    expect(res.statusCode).toBe(201);
    const { boat, warnings } = res.json();
    expect(boat.hullId).toBe('ABC123');
    expect(warnings).toEqual([{ field: 'hullId', message: expect.stringMatching(/ABC12345D404/) }]);
    expect((await agent.get(`/api/staff/boats/${boat.id}`)).json().warnings).toHaveLength(1);
    const fixed = await agent.patch(`/api/staff/boats/${boat.id}`, { hullId: 'ABC12345D404' });
    expect(fixed.json()).toMatchObject({ boat: { hullId: 'ABC12345D404' }, warnings: [] });
  });

  it('editing replaces the engines as a whole and records only what changed', async () => {
    const { customer, agent } = await yardWithStaff();
    const created = await agent.post(`/api/staff/customers/${customer.id}/boats`, {
      name: 'Twin',
      engines: [
        { make: 'Mercury', model: 'Verado', serial: 'M1', hours: 100 },
        { make: 'Mercury', model: 'Verado', serial: 'M2', hours: 101 },
      ],
    });
    const id = created.json().boat.id;
    const res = await agent.patch(`/api/staff/boats/${id}`, {
      make: 'Grady-White',
      engines: [{ make: 'Suzuki', model: 'DF350', serial: 'S9', hours: 0 }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().boat.engines).toEqual([{ make: 'Suzuki', model: 'DF350', serial: 'S9', hours: 0 }]);
    const rows = await db().db.selectFrom('boat_engines').selectAll().where('boat_id', '=', id).execute();
    expect(rows.map((r) => r.serial)).toEqual(['S9']);
    const updated = (await audit(id)).find((a) => a.action === 'updated');
    expect(Object.keys(updated!.changes).sort()).toEqual(['engines', 'make']);
    // Leaving engines out keeps them.
    await agent.patch(`/api/staff/boats/${id}`, { notes: 'Covered' });
    expect((await agent.get(`/api/staff/boats/${id}`)).json().boat.engines).toHaveLength(1);
    // Clearing a field with '' or null.
    const cleared = await agent.patch(`/api/staff/boats/${id}`, { make: '', engines: [], location: null });
    expect(cleared.json().boat).toMatchObject({ make: null, engines: [], location: null });
  });

  it('a boat moves to another customer of the yard; its orders stay with the customer they were made out to', async () => {
    const { yard, customer, agent } = await yardWithStaff();
    const buyer = await makeCustomer(db().db, yard.id);
    const id = (await agent.post(`/api/staff/customers/${customer.id}/boats`, { name: 'Sold' })).json().boat
      .id;
    const order = await agent.post('/api/staff/orders', {
      customerId: customer.id,
      boatId: id,
      title: 'Survey',
    });
    expect(order.statusCode).toBe(201);

    const res = await agent.post(`/api/staff/boats/${id}/transfer`, { customerId: buyer.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().boat.customerId).toBe(buyer.id);
    const buyerProfile = (await agent.get(`/api/staff/customers/${buyer.id}`)).json();
    expect(buyerProfile.boats.map((b: { id: string }) => b.id)).toEqual([id]);
    const sellerProfile = (await agent.get(`/api/staff/customers/${customer.id}`)).json();
    expect(sellerProfile.boats).toEqual([]);
    expect(sellerProfile.orders.map((o: { id: string }) => o.id)).toEqual([order.json().id]);
    const logged = await audit(id);
    expect(logged.filter((a) => a.action.startsWith('transferred')).map((a) => a.customer_id)).toEqual(
      expect.arrayContaining([customer.id, buyer.id]),
    );

    const same = await agent.post(`/api/staff/boats/${id}/transfer`, { customerId: buyer.id });
    expect(same.statusCode).toBe(422);
    expect(same.json().details.fields.customerId).toMatch(/already belongs/);
  });

  it("another yard's boat or customer is not found, and nothing changes", async () => {
    const mine = await yardWithStaff();
    const theirs = await yardWithStaff();
    const theirBoat = (
      await theirs.agent.post(`/api/staff/customers/${theirs.customer.id}/boats`, { name: 'Theirs' })
    ).json().boat.id;
    const myBoat = (
      await mine.agent.post(`/api/staff/customers/${mine.customer.id}/boats`, { name: 'Mine' })
    ).json().boat.id;
    const before = await boatRow(theirBoat);
    expect((await mine.agent.get(`/api/staff/boats/${theirBoat}`)).statusCode).toBe(404);
    expect((await mine.agent.patch(`/api/staff/boats/${theirBoat}`, { name: 'Taken' })).statusCode).toBe(404);
    expect((await mine.agent.post(`/api/staff/boats/${theirBoat}/archive`)).statusCode).toBe(404);
    expect(
      (await mine.agent.post(`/api/staff/boats/${theirBoat}/transfer`, { customerId: mine.customer.id }))
        .statusCode,
    ).toBe(404);
    expect(
      (await mine.agent.post(`/api/staff/customers/${theirs.customer.id}/boats`, { name: 'Sneaky' }))
        .statusCode,
    ).toBe(404);
    // My boat to their customer: their customer is not found at my yard.
    const out = await mine.agent.post(`/api/staff/boats/${myBoat}/transfer`, {
      customerId: theirs.customer.id,
    });
    expect(out.statusCode).toBe(404);
    expect(await boatRow(theirBoat)).toEqual(before);
    expect((await boatRow(myBoat)).customer_id).toBe(mine.customer.id);
  });

  it('an archived boat leaves the portal and keeps its history; restoring brings it back', async () => {
    const { yard, agent } = await yardWithStaff();
    const { customer, agent: portal } = await signedInCustomer(h, db().db, yard);
    const id = (await agent.post(`/api/staff/customers/${customer.id}/boats`, { name: 'Retired' })).json()
      .boat.id;
    await agent.post('/api/staff/orders', { customerId: customer.id, boatId: id, title: 'Winterize' });
    const portalBoats = async () =>
      (await portal.get(`/api/portal/${yard.slug}/me`)).json().boats.map((b: { name: string }) => b.name);
    expect(await portalBoats()).toEqual(['Retired']);

    // Each change a minute after the last, as staff make them: the history reads in time order.
    h.clock.advance(60_000);
    const res = await agent.post(`/api/staff/boats/${id}/archive`);
    expect(res.statusCode).toBe(200);
    expect(res.json().boat.archivedAt).not.toBeNull();
    expect(await portalBoats()).toEqual([]);
    const me = (await portal.get(`/api/portal/${yard.slug}/me`)).json();
    expect(me.orders.map((o: { boatName: string }) => o.boatName)).toEqual(['Retired']);
    const profile = (await agent.get(`/api/staff/customers/${customer.id}`)).json();
    expect(profile.boats).toEqual([expect.objectContaining({ id, archived: true })]);
    // No new order picks it, and the portal's service request cannot name it.
    const order = await agent.post('/api/staff/orders', {
      customerId: customer.id,
      boatId: id,
      title: 'Again',
    });
    expect(order.statusCode).toBe(422);
    expect(order.json().details.fields.boatId).toMatch(/archived/);

    h.clock.advance(60_000);
    await agent.post(`/api/staff/boats/${id}/restore`);
    expect(await portalBoats()).toEqual(['Retired']);
    expect((await audit(id)).map((a) => a.action)).toEqual(['created', 'archived', 'restored']);
  });

  it('a viewer reads a boat but cannot change it; signed out is 401', async () => {
    const { yard, customer, agent } = await yardWithStaff();
    const id = (await agent.post(`/api/staff/customers/${customer.id}/boats`, { name: 'Look' })).json().boat
      .id;
    const email = `viewer-${Math.random().toString(36).slice(2)}@yard.test`;
    await db()
      .db.insertInto('staff_users')
      .values({
        yard_id: yard.id,
        email,
        name: 'Vi',
        role: 'viewer',
        password_hash: await hashPassword(STAFF_PASSWORD),
      })
      .execute();
    const viewer = h.agent();
    await viewer.signInStaff(email, STAFF_PASSWORD);
    expect((await viewer.get(`/api/staff/boats/${id}`)).statusCode).toBe(200);
    expect((await viewer.patch(`/api/staff/boats/${id}`, { name: 'Nope' })).statusCode).toBe(403);
    expect(
      (await viewer.post(`/api/staff/customers/${customer.id}/boats`, { name: 'Nope' })).statusCode,
    ).toBe(403);
    expect((await h.agent().get(`/api/staff/boats/${id}`)).statusCode).toBe(401);
    expect((await boatRow(id)).name).toBe('Look');
  });
});
