// Longer than most files: one suite of the messages module's rules, sharing its harness.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import {
  file,
  INBOUND_DOMAIN,
  INBOUND_TOKEN,
  mailJobDone,
  PDF,
  postMessage,
  replyMime,
} from '../../../test/support/messages.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { SAMPLE_PHOTOS } from '../../../test/support/photos.js';
import { signedInStaff } from '../../../test/support/staff-links.js';

describeEachEngine('messages', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), {
      config: { inboundEmail: { domain: INBOUND_DOMAIN, token: INBOUND_TOKEN } },
    });
  });
  afterAll(() => h.close());

  async function setUp() {
    const { yard, staff } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const { order } = await makeOrder(db().db, yard.id, me.customer.id, { status: 'in_progress' });
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const portal = `/api/portal/${yard.slug}`;
    return { yard, staff, me, order, office, portal };
  }

  const inbound = (raw: Buffer, token = INBOUND_TOKEN) =>
    h.app.inject({
      method: 'POST',
      url: '/api/inbound/email',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${token}` },
      payload: raw,
    });

  const count = async (table: 'messages' | 'message_attachments', yardId: string) =>
    Number(
      (
        await db()
          .db.selectFrom(table)
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('yard_id', '=', yardId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('customer writes, the yard is emailed; staff reply, the customer is emailed; the reply by email lands in the thread, quote stripped', async () => {
    const { yard, staff, me, order, office, portal } = await setUp();
    const sent = await postMessage(me.agent, `${portal}/orders/${order.id}/messages`, [
      { name: 'body', value: 'Can you check the <b>bilge pump</b> too?' },
      file('pump.jpg', 'image/jpeg', SAMPLE_PHOTOS.jpeg),
      file('manual.pdf', 'application/pdf', PDF),
    ]);
    expect(sent.statusCode, sent.body).toBe(201);
    const msg = sent.json().message;
    expect(msg.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['pump.jpg', 'manual.pdf']);

    // The yard's email is told, with a signed reply address for the yard's side.
    const [toYard] = await h.sink.waitForMail(yard.email!, 1);
    expect(toYard.parsed.subject).toContain(`about order #${order.number}`);
    expect(toYard.parsed.text).toContain('Can you check the <b>bilge pump</b> too?');
    expect(String(toYard.parsed.html)).toContain('&lt;b&gt;bilge pump&lt;/b&gt;');
    expect(toYard.parsed.text).toContain(`${TEST_PUBLIC_URL}/app/messages/orders/${order.id}`);
    expect(toYard.parsed.replyTo?.value[0].address).toMatch(
      /^reply\+s\.[0-9a-f]{32}\.[0-9a-f]{20}@reply\.slipway\.test$/,
    );

    // The staff inbox: one thread, one unread message; the nav count says one thread.
    const inbox = await office.get('/api/staff/messages');
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect(inbox.json().unreadThreads).toBe(1);
    expect(inbox.json().threads[0]).toMatchObject({ orderId: order.id, unread: 1, lastAuthor: 'customer' });
    const thread = await office.get(`/api/staff/orders/${order.id}/messages`);
    expect(thread.json().messages).toHaveLength(1);
    // Files are served as themselves only.
    const [photo, pdf] = thread.json().messages[0].attachments;
    const img = await office.get(photo.url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.headers['content-security-policy']).toContain('sandbox');
    expect(img.headers['content-disposition']).toBe('inline; filename="pump.jpg"');
    const doc = await me.agent.get(msg.attachments[1].url);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-disposition']).toBe('attachment; filename="manual.pdf"');
    expect(doc.rawPayload.equals(PDF)).toBe(true);
    expect((await office.get(pdf.url)).statusCode).toBe(200);
    // Read marker: staff read it, the count is 0.
    expect((await office.post(`/api/staff/orders/${order.id}/messages/read`)).statusCode).toBe(204);
    expect((await office.get('/api/staff/messages/unread')).json().unreadThreads).toBe(0);

    // Staff reply a minute later: the customer is emailed with their own signed reply address.
    h.clock.advance(60_000);
    const reply = await postMessage(office, `/api/staff/orders/${order.id}/messages`, [
      { name: 'body', value: 'Yes, we will look at it on Thursday.' },
    ]);
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().message.authorName).toBe(staff.name);
    const [toCustomer] = await h.sink.waitForMail(me.customer.email!, 1);
    expect(toCustomer.parsed.subject).toBe(`New message from ${yard.name} about order #${order.number}`);
    expect(toCustomer.parsed.text).toContain(
      `${TEST_PUBLIC_URL}/portal/${yard.slug}/messages/orders/${order.id}`,
    );
    const replyTo = toCustomer.parsed.replyTo!.value[0].address!;
    expect(replyTo).toMatch(/^reply\+c\./);
    const list = await me.agent.get(`${portal}/messages`);
    expect(list.json().unreadThreads).toBe(1);
    expect(list.json().threads.find((t: { orderId: string }) => t.orderId === order.id).unread).toBe(1);

    // The customer answers the email: the new text lands, the quoted history does not.
    h.clock.advance(60_000);
    const back = await inbound(
      replyMime({
        from: me.customer.email!.toUpperCase(),
        to: replyTo,
        text: [
          'Thursday works, thanks.',
          'I will leave the keys at the office.',
          '',
          '-- ',
          'Ava, sent from my phone',
          '',
          `On Thu, Dec 3, 2026 at 9:00 AM ${yard.name} <portal@slipway.local> wrote:`,
          '> Yes, we will look at it on Thursday.',
        ].join('\r\n'),
      }),
    );
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toEqual({ accepted: true });
    const after = await me.agent.get(`${portal}/orders/${order.id}/messages`);
    const last = after.json().messages.at(-1);
    expect(last).toMatchObject({
      author: 'customer',
      via: 'email',
      body: 'Thursday works, thanks.\nI will leave the keys at the office.',
    });
    // …and staff see it as unread, and the yard is told of it too.
    expect((await office.get('/api/staff/messages/unread')).json().unreadThreads).toBe(1);
    await h.sink.waitForMail(yard.email!, 2);

    h.clock.advance(60_000);
    // Staff answer by email to the yard's reply address, from a staff member's own address.
    const yardReplyTo = toYard.parsed.replyTo!.value[0].address!;
    const staffBack = await inbound(
      replyMime({ from: staff.email, to: yardReplyTo, text: 'Keys received.\n\n> quoted' }),
    );
    expect(staffBack.json()).toEqual({ accepted: true });
    const final = await office.get(`/api/staff/orders/${order.id}/messages`);
    expect(final.json().messages.at(-1)).toMatchObject({
      author: 'staff',
      via: 'email',
      body: 'Keys received.',
    });
  });

  it('forged signatures, wrong senders, unknown threads and auto-replies are dropped; the route needs its token', async () => {
    const { yard, me, office, portal } = await setUp();
    const first = await postMessage(office, `/api/staff/customers/${me.customer.id}/messages`, [
      { name: 'body', value: 'Your winter storage contract is ready.' },
    ]);
    expect(first.statusCode, first.body).toBe(201);
    const [mail] = await h.sink.waitForMail(me.customer.email!, 1);
    const replyTo = mail.parsed.replyTo!.value[0].address!;
    const before = await count('messages', yard.id);

    const forged = replyTo.replace(
      /\.([0-9a-f]{20})@/,
      (_m, sig: string) => `.${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}@`,
    );
    const otherThread = replyTo.replace(/^reply\+c\.[0-9a-f]{32}/, `reply+c.${'1'.repeat(32)}`);
    const yardSide = replyTo.replace(/^reply\+c\./, 'reply+s.');
    for (const raw of [
      replyMime({ from: me.customer.email!, to: forged, text: 'forged' }),
      replyMime({ from: 'mallory@evil.example', to: replyTo, text: 'wrong sender' }),
      replyMime({ from: me.customer.email!, to: otherThread, text: 'unknown thread' }),
      // The customer's signed address with the side changed: the signature no longer fits.
      replyMime({ from: me.customer.email!, to: yardSide, text: 'side swapped' }),
      replyMime({ from: me.customer.email!, to: `office@${yard.slug}.test`, text: 'not ours' }),
      replyMime({
        from: me.customer.email!,
        to: replyTo,
        text: 'I am away',
        headers: 'Auto-Submitted: auto-replied',
      }),
      replyMime({ from: me.customer.email!, to: replyTo, text: '> only a quote' }),
    ]) {
      const res = await inbound(raw);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ accepted: false });
    }
    expect(await count('messages', yard.id)).toBe(before);
    // Without the token, or with another: refused before the email is read.
    const good = replyMime({ from: me.customer.email!, to: replyTo, text: 'ok' });
    expect((await inbound(good, 'x'.repeat(40))).statusCode).toBe(401);
    const none = await h.app.inject({
      method: 'POST',
      url: '/api/inbound/email',
      headers: { 'content-type': 'message/rfc822' },
      payload: good,
    });
    expect(none.statusCode).toBe(401);
    expect(await count('messages', yard.id)).toBe(before);
    // The general thread shows in the portal with its one message.
    const general = await me.agent.get(`${portal}/messages/general`);
    expect(general.json().messages.map((m: { body: string }) => m.body)).toEqual([
      'Your winter storage contract is ready.',
    ]);
  });

  it('threads are the yard’s and the customer’s own: anyone else gets 404; technicians see only orders assigned to them', async () => {
    const a = await setUp();
    const b = await setUp();
    const neighbour = await signedInCustomer(h, db().db, a.yard);
    const sent = await postMessage(a.me.agent, `${a.portal}/orders/${a.order.id}/messages`, [
      { name: 'body', value: 'Private note' },
      file('p.png', 'image/png', SAMPLE_PHOTOS.png),
    ]);
    expect(sent.statusCode, sent.body).toBe(201);
    const fileId = sent.json().message.attachments[0].id as string;
    // Another customer of the same yard.
    expect((await neighbour.agent.get(`${a.portal}/orders/${a.order.id}/messages`)).statusCode).toBe(404);
    const write = await postMessage(neighbour.agent, `${a.portal}/orders/${a.order.id}/messages`, [
      { name: 'body', value: 'Sneaky' },
    ]);
    expect(write.statusCode).toBe(404);
    expect((await neighbour.agent.get(`${a.portal}/message-attachments/${fileId}`)).statusCode).toBe(404);
    expect(
      (await neighbour.agent.get(`${a.portal}/messages`))
        .json()
        .threads.every((t: { orderId: string | null }) => t.orderId === null),
    ).toBe(true);
    // Another yard's staff and customer.
    expect((await b.office.get(`/api/staff/orders/${a.order.id}/messages`)).statusCode).toBe(404);
    expect((await b.office.get(`/api/staff/customers/${a.me.customer.id}/messages`)).statusCode).toBe(404);
    expect((await b.office.get(`/api/staff/message-attachments/${fileId}`)).statusCode).toBe(404);
    expect((await b.office.get('/api/staff/messages')).json().threads).toEqual([]);
    expect((await b.me.agent.get(`${b.portal}/orders/${a.order.id}/messages`)).statusCode).toBe(404);
    expect((await b.me.agent.get(`${b.portal}/message-attachments/${fileId}`)).statusCode).toBe(404);

    // A technician: nothing until the order is assigned to them; never the general thread.
    const tech = await signedInStaff(h, db().db, a.yard.id, 'technician');
    expect((await tech.agent.get('/api/staff/messages')).json().threads).toEqual([]);
    expect((await tech.agent.get(`/api/staff/orders/${a.order.id}/messages`)).statusCode).toBe(404);
    expect((await tech.agent.get(`/api/staff/message-attachments/${fileId}`)).statusCode).toBe(404);
    await db().db.updateTable('orders').set({ assigned_to: tech.id }).where('id', '=', a.order.id).execute();
    expect((await tech.agent.get('/api/staff/messages')).json().threads).toHaveLength(1);
    expect((await tech.agent.get(`/api/staff/orders/${a.order.id}/messages`)).statusCode).toBe(200);
    expect((await tech.agent.get(`/api/staff/message-attachments/${fileId}`)).statusCode).toBe(200);
    expect((await tech.agent.get(`/api/staff/customers/${a.me.customer.id}/messages`)).statusCode).toBe(404);
    // A viewer reads but cannot write.
    const viewer = await signedInStaff(h, db().db, a.yard.id, 'viewer');
    expect((await viewer.agent.get(`/api/staff/orders/${a.order.id}/messages`)).statusCode).toBe(200);
    const vw = await postMessage(viewer.agent, `/api/staff/orders/${a.order.id}/messages`, [
      { name: 'body', value: 'x' },
    ]);
    expect(vw.statusCode).toBe(403);
  });

  it('files are checked by their bytes and counted; a refused file writes nothing', async () => {
    const { yard, me, order, portal } = await setUp();
    const url = `${portal}/orders/${order.id}/messages`;
    const fake = await postMessage(me.agent, url, [
      { name: 'body', value: 'see attached' },
      file('invoice.pdf', 'application/pdf', Buffer.from('<html><script>alert(1)</script></html>')),
    ]);
    expect(fake.statusCode, fake.body).toBe(415);
    expect(fake.json().code).toBe('ATTACHMENT_CONTENT');
    const exe = await postMessage(me.agent, url, [
      { name: 'body', value: 'see attached' },
      file('run.exe', 'application/x-msdownload', Buffer.from('MZ')),
    ]);
    expect(exe.json().code).toBe('ATTACHMENT_TYPE');
    const many = await postMessage(me.agent, url, [
      { name: 'body', value: 'lots' },
      ...Array.from({ length: 6 }, (_, i) => file(`p${i}.jpg`, 'image/jpeg', SAMPLE_PHOTOS.jpeg)),
    ]);
    expect(many.statusCode).toBe(413);
    expect(many.json().code).toBe('TOO_MANY_ATTACHMENTS');
    const empty = await postMessage(me.agent, url, [file('a.jpg', 'image/jpeg', SAMPLE_PHOTOS.jpeg)]);
    expect(empty.statusCode).toBe(422);
    expect(await count('messages', yard.id)).toBe(0);
    expect(await count('message_attachments', yard.id)).toBe(0);
  });

  it('a customer who turned messages off is not emailed; the message still shows in the portal', async () => {
    const { me, order, office, portal } = await setUp();
    const off = await me.agent.patch(`${portal}/me/notifications`, { messages: false });
    expect(off.statusCode, off.body).toBe(200);
    const res = await postMessage(office, `/api/staff/orders/${order.id}/messages`, [
      { name: 'body', value: 'Launched!' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    await mailJobDone(h, res.json().message.id);
    expect(h.sink.mailTo(me.customer.email!)).toHaveLength(0);
    const seen = await me.agent.get(`${portal}/orders/${order.id}/messages`);
    expect(seen.json().messages[0]).toMatchObject({ body: 'Launched!', authorName: 'Dana' });
  });

  it('an order’s thread follows the order when its customer is merged into another', async () => {
    const { yard, me, order, office, portal } = await setUp();
    const kept = await signedInCustomer(h, db().db, yard);
    const sent = await postMessage(me.agent, `${portal}/orders/${order.id}/messages`, [
      { name: 'body', value: 'Before the merge' },
    ]);
    expect(sent.statusCode, sent.body).toBe(201);
    const merged = await office.post(`/api/staff/customers/${kept.customer.id}/merge`, {
      mergeId: me.customer.id,
      keepAccountOf: 'kept',
    });
    expect(merged.statusCode, merged.body).toBe(200);
    h.clock.advance(60_000);
    // The kept customer reads and writes in it; the staff thread names them.
    const seen = await kept.agent.get(`${portal}/orders/${order.id}/messages`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().messages.map((m: { body: string }) => m.body)).toEqual(['Before the merge']);
    const more = await postMessage(kept.agent, `${portal}/orders/${order.id}/messages`, [
      { name: 'body', value: 'After the merge' },
    ]);
    expect(more.statusCode, more.body).toBe(201);
    const list = await kept.agent.get(`${portal}/messages`);
    expect(list.json().threads.some((t: { orderId: string }) => t.orderId === order.id)).toBe(true);
    const staffView = await office.get(`/api/staff/orders/${order.id}/messages`);
    expect(staffView.json().thread.customerId).toBe(kept.customer.id);
    expect(staffView.json().messages).toHaveLength(2);
  });
});
