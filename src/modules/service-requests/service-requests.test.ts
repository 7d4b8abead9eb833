import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeOrderHistory, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { multipartBody, SAMPLE_PHOTOS, type UploadPart } from '../../../test/support/photos.js';
import { makePortalCustomer, signInCustomer } from '../../../test/support/portal-accounts.js';
import { MAX_PHOTO_BYTES } from './photo-check.js';

const photo = (fileName: string, contentType: string, data: Buffer): UploadPart => ({
  name: 'photos',
  file: { fileName, contentType, data },
});

describeEachEngine('requesting service from the portal', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function signedIn() {
    const { yard, staff } = await makeYard(db().db);
    const { customer } = await makePortalCustomer(db().db, yard.id);
    const history = await makeOrderHistory(db().db, yard.id, customer.id);
    const agent = h.agent();
    await signInCustomer(agent, yard.slug, customer.email!);
    const send = (parts: UploadPart[]) => {
      const { payload, contentType } = multipartBody(parts);
      return agent.postRaw(`/api/portal/${yard.slug}/service-requests`, payload, contentType);
    };
    return { yard, staff, customer, boat: history.boat, agent, send };
  }

  async function counts(yardId: string) {
    const [orders, boats, photos] = await Promise.all([
      db().db.selectFrom('orders').select('id').where('yard_id', '=', yardId).execute(),
      db().db.selectFrom('boats').select('id').where('yard_id', '=', yardId).execute(),
      db().db.selectFrom('service_request_photos').select('id').where('yard_id', '=', yardId).execute(),
    ]);
    return { orders: orders.length, boats: boats.length, photos: photos.length };
  }

  it('creates a requested order at once, with photos, seen by the customer and by staff', async () => {
    const { yard, staff, customer, boat, agent, send } = await signedIn();
    const res = await send([
      { name: 'boatId', value: boat.id },
      { name: 'description', value: 'Port engine overheats at cruising speed.\nPlease check the impeller.' },
      { name: 'preferredFrom', value: '2030-04-01' },
      { name: 'preferredTo', value: '2030-04-10' },
      photo('engine.jpg', 'image/jpeg', SAMPLE_PHOTOS.jpeg),
      photo('IMG_0042.HEIC', 'image/heic', SAMPLE_PHOTOS.heic),
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      order: { status: 'requested', title: 'Port engine overheats at cruising speed.', boatName: boat.name },
      photoCount: 2,
    });

    const me = (await agent.get(`/api/portal/${yard.slug}/me`)).json();
    expect(me.orders.find((o: { id: string }) => o.id === body.order.id)).toMatchObject({
      id: body.order.id,
      status: 'requested',
      boatName: boat.name,
    });

    const s = h.agent();
    await s.signInStaff(staff.email, STAFF_PASSWORD);
    const profile = (await s.get(`/api/staff/customers/${customer.id}`)).json();
    expect(profile.orders.map((o: { id: string }) => o.id)).toContain(body.order.id);
    const event = profile.timeline.find((e: { kind: string }) => e.kind === 'service_requested');
    expect(event.summary).toContain(`#${body.order.number}`);

    const photos = await db()
      .db.selectFrom('service_request_photos')
      .selectAll()
      .where('order_id', '=', body.order.id)
      .orderBy('position')
      .execute();
    expect(photos.map((p) => [p.content_type, p.size_bytes])).toEqual([
      ['image/jpeg', SAMPLE_PHOTOS.jpeg.length],
      ['image/heic', SAMPLE_PHOTOS.heic.length],
    ]);
    expect(Buffer.from(photos[0].data).equals(SAMPLE_PHOTOS.jpeg)).toBe(true);
    // The request's details and photos, for the customer and for staff.
    const mine = await agent.get(`/api/portal/${yard.slug}/service-requests/${body.order.id}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ preferredFrom: '2030-04-01', preferredTo: '2030-04-10' });
    expect(mine.json().photos.map((p: { fileName: string }) => p.fileName)).toEqual([
      'engine.jpg',
      'IMG_0042.HEIC',
    ]);
    const img = await agent.get(mine.json().photos[0].url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.rawPayload.equals(SAMPLE_PHOTOS.jpeg)).toBe(true);
    const forStaff = await s.get(`/api/staff/orders/${body.order.id}/service-request`);
    expect(forStaff.statusCode, forStaff.body).toBe(200);
    const staffImg = await s.get(forStaff.json().photos[1].url);
    expect(staffImg.headers['content-type']).toBe('image/heic');
    expect(staffImg.rawPayload.equals(SAMPLE_PHOTOS.heic)).toBe(true);

    const history = await db()
      .db.selectFrom('order_status_history')
      .selectAll()
      .where('order_id', '=', body.order.id)
      .execute();
    expect(history.map((r) => [r.from_status, r.to_status])).toEqual([[null, 'requested']]);
    const details = await db()
      .db.selectFrom('service_requests')
      .selectAll()
      .where('order_id', '=', body.order.id)
      .executeTakeFirstOrThrow();
    expect([String(details.preferred_from).slice(0, 10), String(details.preferred_to).slice(0, 10)]).toEqual([
      '2030-04-01',
      '2030-04-10',
    ]);
  });

  it('adds a new boat with the request, and numbers orders one after another', async () => {
    const { yard, agent, send } = await signedIn();
    const first = await send([
      { name: 'newBoatName', value: 'Sea Biscuit' },
      { name: 'newBoatMake', value: 'Grady-White' },
      { name: 'newBoatModel', value: 'Freedom 235' },
      { name: 'newBoatYear', value: '2021' },
      { name: 'newBoatLength', value: '23.5' },
      { name: 'title', value: 'Spring commissioning' },
      { name: 'description', value: 'Launch, fluids, safety gear check.' },
    ]);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().order).toMatchObject({ title: 'Spring commissioning', boatName: 'Sea Biscuit' });
    const me = (await agent.get(`/api/portal/${yard.slug}/me`)).json();
    expect(me.boats.find((b: { name: string }) => b.name === 'Sea Biscuit')).toMatchObject({
      make: 'Grady-White',
      year: 2021,
      lengthFt: '23.5',
    });
    const second = await send([
      { name: 'boatId', value: me.boats[0].id },
      { name: 'description', value: 'Second request, same week.' },
    ]);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().order.number).toBe(first.json().order.number + 1);
  });

  it('refuses bad uploads with a clear answer and writes nothing', async () => {
    const { yard, boat, send } = await signedIn();
    const before = await counts(yard.id);
    const base: UploadPart[] = [
      { name: 'boatId', value: boat.id },
      { name: 'description', value: 'Replace the cracked windshield.' },
    ];
    const cases: Array<[UploadPart[], number, string, RegExp]> = [
      [
        [
          ...base,
          photo('huge.jpg', 'image/jpeg', Buffer.concat([SAMPLE_PHOTOS.jpeg, Buffer.alloc(MAX_PHOTO_BYTES)])),
        ],
        413,
        'PHOTO_TOO_LARGE',
        /larger than 10 MB/,
      ],
      [
        [...base, photo('anim.gif', 'image/gif', Buffer.from('GIF89a....'))],
        415,
        'PHOTO_TYPE',
        /JPEG, PNG, WebP or HEIC/,
      ],
      [
        [...base, photo('invoice.jpg', 'image/jpeg', Buffer.from('%PDF-1.7 not an image'))],
        415,
        'PHOTO_CONTENT',
        /does not contain/,
      ],
      [
        [...base, photo('png.jpg', 'image/jpeg', SAMPLE_PHOTOS.png)],
        415,
        'PHOTO_CONTENT',
        /does not contain/,
      ],
      [
        [...base, ...Array.from({ length: 6 }, (_, i) => photo(`p${i}.png`, 'image/png', SAMPLE_PHOTOS.png))],
        413,
        'TOO_MANY_PHOTOS',
        /at most 5/,
      ],
      [[{ name: 'boatId', value: boat.id }], 422, 'VALIDATION', /Describe the work/],
      [
        [{ name: 'description', value: 'No boat chosen at all.' }],
        422,
        'VALIDATION',
        /Choose one of your boats/,
      ],
      [
        [
          ...base,
          { name: 'preferredFrom', value: '2030-05-10' },
          { name: 'preferredTo', value: '2030-05-01' },
        ],
        422,
        'VALIDATION',
        /cannot be before/,
      ],
    ];
    for (const [parts, status, code, message] of cases) {
      const res = await send(parts);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
      expect(res.json().message).toMatch(message);
    }
    expect(await counts(yard.id)).toEqual(before);
  });

  it("refuses another customer's boat, JSON bodies and signed-out visitors, writing nothing", async () => {
    const { yard, agent, send } = await signedIn();
    const { customer: other } = await makePortalCustomer(db().db, yard.id);
    const theirs = await makeOrderHistory(db().db, yard.id, other.id);
    const before = await counts(yard.id);
    const res = await send([
      { name: 'boatId', value: theirs.boat.id },
      { name: 'description', value: 'Use the neighbour boat please.' },
    ]);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(theirs.boat.name);
    const json = await agent.post(`/api/portal/${yard.slug}/service-requests`, {
      boatId: theirs.boat.id,
      description: 'as json',
    });
    expect(json.statusCode).toBe(415);
    const { payload, contentType } = multipartBody([{ name: 'description', value: 'signed out request' }]);
    const anon = await h.agent().postRaw(`/api/portal/${yard.slug}/service-requests`, payload, contentType);
    expect(anon.statusCode).toBe(401);
    const noCsrf = await agent.postRaw(`/api/portal/${yard.slug}/service-requests`, payload, contentType, {
      csrf: false,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(await counts(yard.id)).toEqual(before);
  });

  it('answers 400, not 500, to a multipart body the parser cannot read', async () => {
    const { yard, boat, agent } = await signedIn();
    const before = await counts(yard.id);
    const { payload } = multipartBody([{ name: 'boatId', value: boat.id }]);
    const noBoundary = await agent.postRaw(
      `/api/portal/${yard.slug}/service-requests`,
      payload,
      'multipart/form-data',
    );
    expect(noBoundary.statusCode, noBoundary.body).toBe(400);
    expect(noBoundary.json().message).toMatch(/could not be read/);
    expect(await counts(yard.id)).toEqual(before);
  });

  it("another customer, another yard's staff and signed-out visitors cannot see a request or its photos", async () => {
    const { yard, boat, send } = await signedIn();
    const created = await send([
      { name: 'boatId', value: boat.id },
      { name: 'description', value: 'VictimMarker2290 needs a new bimini.' },
      photo('bimini.png', 'image/png', SAMPLE_PHOTOS.png),
    ]);
    expect(created.statusCode, created.body).toBe(201);
    const orderId = created.json().order.id as string;
    const owner = (
      await db()
        .db.selectFrom('service_request_photos')
        .select('id')
        .where('order_id', '=', orderId)
        .executeTakeFirstOrThrow()
    ).id;
    const neighbour = await makePortalCustomer(db().db, yard.id);
    const n = h.agent();
    await signInCustomer(n, yard.slug, neighbour.customer.email!);
    const otherYard = await makeYard(db().db);
    const s = h.agent();
    await s.signInStaff(otherYard.staff.email, STAFF_PASSWORD);
    const portalUrls = [
      `/api/portal/${yard.slug}/service-requests/${orderId}`,
      `/api/portal/${yard.slug}/service-requests/${orderId}/photos/${owner}`,
    ];
    const staffUrls = [
      `/api/staff/orders/${orderId}/service-request`,
      `/api/staff/orders/${orderId}/service-request/photos/${owner}`,
    ];
    for (const url of portalUrls) {
      const res = await n.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('VictimMarker2290');
      expect((await h.agent().get(url)).statusCode, url).toBe(401);
    }
    for (const url of staffUrls) {
      const res = await s.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('VictimMarker2290');
      expect((await h.agent().get(url)).statusCode, url).toBe(401);
    }
  });
});
