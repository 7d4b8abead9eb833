import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { multipartBody, SAMPLE_PHOTOS, type UploadPart } from '../../../test/support/photos.js';
import { signedInStaff } from '../../../test/support/staff-links.js';

const photo = (fileName: string, contentType: string, data: Buffer): UploadPart => ({
  name: 'photos',
  file: { fileName, contentType, data },
});

/** Waits until the worker finished the order-email job about this update (sent or skipped). */
async function jobDone(h: Harness, updateId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { rows } = await sql<{ state: string }>`
      SELECT state FROM pgboss.job WHERE name = 'order-email' AND data->>'updateId' = ${updateId}`.execute(
      h.deps.database.db,
    );
    if (rows.some((r) => r.state === 'completed')) return;
    if (Date.now() > deadline)
      throw new Error(`order-email job for ${updateId}: ${rows.map((r) => r.state)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachEngine('job updates', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  /** A yard, its signed-in customer with an order, and an office member who posts. */
  async function setUp() {
    const { yard, staff } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const { order, boat } = await makeOrder(db().db, yard.id, me.customer.id, { status: 'in_progress' });
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const post = (agent = office, parts: UploadPart[], orderId = order.id) => {
      const { payload, contentType } = multipartBody(parts);
      return agent.postRaw(`/api/staff/orders/${orderId}/updates`, payload, contentType);
    };
    return { yard, staff, me, order, boat, office, post };
  }

  async function written(orderId: string) {
    const n = async (q: Promise<{ n: number }[]>) => Number((await q)[0].n);
    const k = db().db;
    return {
      updates: await n(
        k
          .selectFrom('order_updates')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('order_id', '=', orderId)
          .execute(),
      ),
      photos: await n(
        k
          .selectFrom('order_update_photos')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('order_id', '=', orderId)
          .execute(),
      ),
      audit: await n(
        k
          .selectFrom('audit_log')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('order_id', '=', orderId)
          .where('action', '=', 'update_posted')
          .execute(),
      ),
    };
  }

  it('staff post an update with photos: the customer sees it on the order and boat pages, and is emailed it, escaped', async () => {
    const { yard, me, order, boat, post } = await setUp();
    const text =
      'Hull pressure-washed. <b>Blister</b> found near the keel & we will look tomorrow.\nPhotos below.';
    const res = await post(undefined, [
      { name: 'body', value: text },
      photo('keel.jpg', 'image/jpeg', SAMPLE_PHOTOS.jpeg),
      photo('IMG_0042.HEIC', 'image/heic', SAMPLE_PHOTOS.heic),
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const update = res.json().update;
    expect(update).toMatchObject({ body: text, postedBy: 'Dana Whitfield', orderId: order.id });
    expect(update.photos.map((p: { fileName: string }) => p.fileName)).toEqual(['keel.jpg', 'IMG_0042.HEIC']);
    expect(await written(order.id)).toEqual({ updates: 1, photos: 2, audit: 1 });

    // The customer: on the order page, first name only, with the photos behind their own addresses.
    const portal = `/api/portal/${yard.slug}`;
    const mine = await me.agent.get(`${portal}/orders/${order.id}/updates`);
    expect(mine.statusCode, mine.body).toBe(200);
    const [seen] = mine.json().updates;
    expect(seen).toMatchObject({ id: update.id, body: text, postedBy: 'Dana' });
    const img = await me.agent.get(seen.photos[0].url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.headers['content-security-policy']).toContain('sandbox');
    expect(img.headers['content-disposition']).toBe('inline; filename="keel.jpg"');
    expect(img.rawPayload.equals(SAMPLE_PHOTOS.jpeg)).toBe(true);
    // …and on the boat's page.
    const onBoat = await me.agent.get(`${portal}/boats/${boat.id}/updates`);
    expect(onBoat.statusCode, onBoat.body).toBe(200);
    expect(onBoat.json().updates.map((u: { id: string }) => u.id)).toEqual([update.id]);

    const [mail] = await h.sink.waitForMail(me.customer.email!, 1);
    expect(mail.parsed.subject).toContain(`Update on order #${order.number}`);
    expect(mail.parsed.text).toContain('Blister</b> found near the keel & we will look tomorrow.');
    expect(mail.parsed.text).toContain(`${TEST_PUBLIC_URL}/portal/${yard.slug}/orders/${order.id}`);
    const html = String(mail.parsed.html);
    expect(html).toContain('&lt;b&gt;Blister&lt;/b&gt; found near the keel &amp; we will look tomorrow.');
    expect(html).not.toContain('<b>Blister');
    expect(mail.parsed.attachments).toEqual([]);
  });

  it('a photo whose bytes are not the image it claims is refused, and nothing is written or mailed', async () => {
    const { order, post } = await setUp();
    const res = await post(undefined, [
      { name: 'body', value: 'Antifouling done.' },
      photo('fine.png', 'image/png', SAMPLE_PHOTOS.png),
      photo('notes.jpg', 'image/jpeg', Buffer.from('<html><script>alert(1)</script></html>')),
    ]);
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json().code).toBe('PHOTO_CONTENT');
    expect(await written(order.id)).toEqual({ updates: 0, photos: 0, audit: 0 });
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'order-email' AND data->>'kind' = 'job_update'
        AND data->>'yardId' = (SELECT yard_id::text FROM orders WHERE id = ${order.id})`.execute(db().db);
    expect(Number(rows[0].n)).toBe(0);
    // Seven photos are more than an update takes.
    const many = await post(undefined, [
      { name: 'body', value: 'Lots of photos' },
      ...Array.from({ length: 7 }, (_, i) => photo(`p${i}.jpg`, 'image/jpeg', SAMPLE_PHOTOS.jpeg)),
    ]);
    expect(many.statusCode, many.body).toBe(413);
    expect(many.json().code).toBe('TOO_MANY_PHOTOS');
    const empty = await post(undefined, [photo('a.jpg', 'image/jpeg', SAMPLE_PHOTOS.jpeg)]);
    expect(empty.statusCode, empty.body).toBe(422);
    expect(await written(order.id)).toEqual({ updates: 0, photos: 0, audit: 0 });
  });

  it('viewers cannot post; technicians post only on orders assigned to them; another yard’s order is not found', async () => {
    const { yard, order, post } = await setUp();
    const parts = [{ name: 'body', value: 'Engine mounts checked.' }];
    const viewer = await signedInStaff(h, db().db, yard.id, 'viewer', 'Vera Lookout');
    const refused = await post(viewer.agent, parts);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().code).toBe('ROLE_FORBIDDEN');
    // A viewer still reads them.
    expect((await viewer.agent.get(`/api/staff/orders/${order.id}/updates`)).statusCode).toBe(200);

    const tech = await signedInStaff(h, db().db, yard.id, 'technician', 'Theo Brightwater');
    const notMine = await post(tech.agent, parts);
    expect(notMine.statusCode, notMine.body).toBe(404);
    expect((await tech.agent.get(`/api/staff/orders/${order.id}/updates`)).statusCode).toBe(404);
    expect(await written(order.id)).toEqual({ updates: 0, photos: 0, audit: 0 });
    await db().db.updateTable('orders').set({ assigned_to: tech.id }).where('id', '=', order.id).execute();
    const assigned = await post(tech.agent, parts);
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect(assigned.json().update.postedBy).toBe('Theo Brightwater');

    const other = await makeYard(db().db, 'Other Marina');
    const stranger = h.agent();
    await stranger.signInStaff(other.staff.email, STAFF_PASSWORD);
    const elsewhere = await post(stranger, parts);
    expect(elsewhere.statusCode, elsewhere.body).toBe(404);
    expect((await stranger.get(`/api/staff/orders/${order.id}/updates`)).statusCode).toBe(404);
    expect(await written(order.id)).toEqual({ updates: 1, photos: 0, audit: 1 });
  });

  it('the portal shows a customer only the updates of their own orders and boats', async () => {
    const { yard, order, boat, post } = await setUp();
    const posted = await post(undefined, [
      { name: 'body', value: 'Shaft seal replaced.' },
      photo('seal.png', 'image/png', SAMPLE_PHOTOS.png),
    ]);
    expect(posted.statusCode, posted.body).toBe(201);
    const photoUrl = posted.json().update.photos[0].url as string;
    const photoId = photoUrl.split('/').at(-1);

    const neighbour = await signedInCustomer(h, db().db, yard);
    const theirs = await makeOrder(db().db, yard.id, neighbour.customer.id, { status: 'in_progress' });
    const portal = `/api/portal/${yard.slug}`;
    expect((await neighbour.agent.get(`${portal}/orders/${order.id}/updates`)).statusCode).toBe(404);
    expect((await neighbour.agent.get(`${portal}/boats/${boat.id}/updates`)).statusCode).toBe(404);
    expect(
      (await neighbour.agent.get(`${portal}/orders/${order.id}/update-photos/${photoId}`)).statusCode,
    ).toBe(404);
    // The photo under their own order's address is not theirs either.
    expect(
      (await neighbour.agent.get(`${portal}/orders/${theirs.order.id}/update-photos/${photoId}`)).statusCode,
    ).toBe(404);
    const own = await neighbour.agent.get(`${portal}/orders/${theirs.order.id}/updates`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().updates).toEqual([]);
    const ownBoat = await neighbour.agent.get(`${portal}/boats/${theirs.boat.id}/updates`);
    expect(ownBoat.json().updates).toEqual([]);
  });

  it('no email when the customer turned job updates off; the update still shows in the portal', async () => {
    const { yard, me, order, post } = await setUp();
    const portal = `/api/portal/${yard.slug}`;
    const off = await me.agent.patch(`${portal}/me/notifications`, { jobUpdates: false });
    expect(off.statusCode, off.body).toBe(200);
    const res = await post(undefined, [{ name: 'body', value: 'Bottom paint, second coat on.' }]);
    expect(res.statusCode, res.body).toBe(201);
    await jobDone(h, res.json().update.id);
    expect(h.sink.mailTo(me.customer.email!)).toEqual([]);
    const seen = await me.agent.get(`${portal}/orders/${order.id}/updates`);
    expect(seen.json().updates.map((u: { body: string }) => u.body)).toEqual([
      'Bottom paint, second coat on.',
    ]);

    // Turned back on, the next update is mailed.
    h.clock.advance(60_000);
    await me.agent.patch(`${portal}/me/notifications`, { jobUpdates: true });
    const again = await post(undefined, [{ name: 'body', value: 'Launched and running.' }]);
    expect(again.statusCode, again.body).toBe(201);
    const [mail] = await h.sink.waitForMail(me.customer.email!, 1);
    expect(mail.parsed.text).toContain('Launched and running.');
  });
});
