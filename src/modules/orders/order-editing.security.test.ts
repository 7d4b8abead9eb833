import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newOrder, orderYard } from '../../../test/support/order-editing-fixtures.js';
import { multipartBody, SAMPLE_PHOTOS } from '../../../test/support/photos.js';
import { makePortalCustomer, signInCustomer } from '../../../test/support/portal-accounts.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every route of staff order editing, the catalog and the order page, with a body that would work. */
const routes = (ids: { orderId: string; jobId: string; customerId: string; boatId: string }) =>
  [
    ['GET', `/api/staff/orders/${ids.orderId}`, undefined],
    ['PATCH', `/api/staff/orders/${ids.orderId}`, { title: 'Taken over' }],
    [
      'PUT',
      `/api/staff/orders/${ids.orderId}/lines`,
      { lines: [{ kind: 'fee', description: 'x', quantity: '1', unitPriceCents: 1 }] },
    ],
    ['POST', `/api/staff/orders/${ids.orderId}/lines/from-catalog`, { jobId: ids.jobId }],
    ['POST', `/api/staff/orders/${ids.orderId}/status`, { to: 'in_progress' }],
    ['PATCH', `/api/staff/catalog/${ids.jobId}`, { name: 'Taken over' }],
    ['DELETE', `/api/staff/catalog/${ids.jobId}`, undefined],
    ['POST', '/api/staff/orders', { customerId: ids.customerId, boatId: ids.boatId, title: 'Taken over' }],
  ] as [Method, string, object | undefined][];

describeEachEngine('staff order page and editing: who may see and change what', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  async function victim() {
    const f = await orderYard(h, db().db);
    const order = await newOrder(f.agent, f.customer.id, f.boat.id, {
      lines: [{ kind: 'labor', description: 'VictimMarker5521', quantity: '1', unitPriceCents: 100 }],
    });
    const job = (
      await f.agent.post('/api/staff/catalog', {
        name: 'VictimMarker5521 job',
        lines: [{ kind: 'fee', description: 'Fee', quantity: '1', unitPriceCents: 100 }],
      })
    ).json();
    return { ...f, order, job };
  }

  it('signed out: 401 on every route, before the input is read', async () => {
    const v = await victim();
    const ids = { orderId: v.order.id, jobId: v.job.id, customerId: v.customer.id, boatId: v.boat.id };
    for (const [method, url, body] of [
      ...routes(ids),
      ['GET', '/api/staff/catalog', undefined] as const,
      ['POST', '/api/staff/catalog', { name: 'x' }] as const,
    ]) {
      const res = await h.agent().request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it("staff of another yard get 404 on every route for this yard's ids, and nothing changes", async () => {
    const v = await victim();
    const attacker = await orderYard(h, db().db);
    const ownOrder = await newOrder(attacker.agent, attacker.customer.id, attacker.boat.id);
    const ids = { orderId: v.order.id, jobId: v.job.id, customerId: v.customer.id, boatId: v.boat.id };
    for (const [method, url, body] of routes(ids)) {
      const res = await attacker.agent.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).not.toContain('VictimMarker5521');
    }
    // Their own order, the victim's catalog job: not found either.
    const cross = await attacker.agent.post(`/api/staff/orders/${ownOrder.id}/lines/from-catalog`, {
      jobId: v.job.id,
    });
    expect(cross.statusCode).toBe(404);
    expect((await attacker.agent.get('/api/staff/catalog?archived=true')).json().jobs).toEqual([]);

    const page = (await v.agent.get(`/api/staff/orders/${v.order.id}`)).json();
    expect(page.order).toMatchObject({ title: 'Spring commissioning', status: 'open_estimate' });
    expect(page.lines.map((l: { description: string }) => l.description)).toEqual(['VictimMarker5521']);
    const jobs = (await v.agent.get('/api/staff/catalog')).json().jobs;
    expect(jobs).toMatchObject([{ name: 'VictimMarker5521 job', archivedAt: null }]);
    const orders = await db().db.selectFrom('orders').select('id').where('yard_id', '=', v.yard.id).execute();
    expect(orders).toHaveLength(1);
  });

  it('shows a portal request with its photos, served only to staff of this yard', async () => {
    const { yard, staff } = await makeYard(db().db);
    const { customer } = await makePortalCustomer(db().db, yard.id);
    const boat = await db()
      .db.insertInto('boats')
      .values({ yard_id: yard.id, customer_id: customer.id, name: 'Kestrel', length_ft: '28.5' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const portal = h.agent();
    await signInCustomer(portal, yard.slug, customer.email!);
    const { payload, contentType } = multipartBody([
      { name: 'boatId', value: boat.id },
      { name: 'description', value: 'Bilge pump runs every few minutes.' },
      { name: 'preferredFrom', value: '2030-04-01' },
      { name: 'photos', file: { fileName: 'bilge.png', contentType: 'image/png', data: SAMPLE_PHOTOS.png } },
    ]);
    const requested = await portal.postRaw(`/api/portal/${yard.slug}/service-requests`, payload, contentType);
    expect(requested.statusCode, requested.body).toBe(201);
    const orderId = requested.json().order.id as string;

    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const res = await agent.get(`/api/staff/orders/${orderId}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.order.status).toBe('requested');
    expect(page.customer).toMatchObject({ id: customer.id, email: customer.email });
    expect(page.boat).toMatchObject({ name: 'Kestrel', lengthFt: '28.5' });
    expect(page.statusHistory[0]).toMatchObject({ from: null, to: 'requested', by: 'the customer' });
    expect(page.serviceRequest).toMatchObject({
      description: 'Bilge pump runs every few minutes.',
      preferredFrom: '2030-04-01',
    });
    expect(page.allowedMoves).toContain('open_estimate');
    expect(page.timeline.map((t: { kind: string }) => t.kind)).toEqual(
      expect.arrayContaining(['status', 'service_requested']),
    );
    const [photo] = page.serviceRequest.photos;
    for (const url of [photo.url, photo.thumbnailUrl]) {
      const img = await agent.get(url);
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toBe('image/png');
      expect(img.headers['cache-control']).toMatch(/^private/);
      expect(img.headers['x-content-type-options']).toBe('nosniff');
      expect(img.rawPayload.equals(SAMPLE_PHOTOS.png)).toBe(true);
    }

    // The customer's profile names the order on the request's timeline entry, for its link.
    const profile = (await agent.get(`/api/staff/customers/${customer.id}`)).json();
    const event = profile.timeline.find((e: { kind: string }) => e.kind === 'service_requested');
    expect(event.orderNumber).toBe(page.order.number);
    expect(profile.orders.map((o: { id: string }) => o.id)).toContain(orderId);

    const other = await makeYard(db().db);
    const stranger = h.agent();
    await stranger.signInStaff(other.staff.email, STAFF_PASSWORD);
    expect((await stranger.get(photo.url)).statusCode).toBe(404);
    expect((await stranger.get(`/api/staff/orders/${orderId}`)).statusCode).toBe(404);
    expect((await h.agent().get(photo.url)).statusCode).toBe(401);
  });
});
