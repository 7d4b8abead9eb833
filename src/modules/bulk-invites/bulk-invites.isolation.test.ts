import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uploadTemplate } from '../../../test/support/bulk-invites.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeOrderHistory, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Agent, type Harness, startHarness } from '../../../test/support/harness.js';
import { multipartBody } from '../../../test/support/photos.js';
import { makePortalCustomer, signInCustomer } from '../../../test/support/portal-accounts.js';

/**
 * An upload must never make other work wait: neither the same yard's (a service request
 * numbers a new order) nor another yard's (its customer list), whether the client sends
 * slowly or the file takes long to match.
 */
describeEachEngine('a bulk invite upload and everyone else', (db) => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => h.close());

  async function twoYards() {
    const a = await makeYard(db().db, 'Uploading Marina');
    const staffA = h.agent();
    await staffA.signInStaff(a.staff.email, STAFF_PASSWORD);
    const { customer } = await makePortalCustomer(db().db, a.yard.id);
    const { boat } = await makeOrderHistory(db().db, a.yard.id, customer.id);
    const portal = h.agent();
    await signInCustomer(portal, a.yard.slug, customer.email!);

    const b = await makeYard(db().db, 'Other Marina');
    await makeCustomer(db().db, b.yard.id, { last_name: 'Otheryard' });
    const staffB = h.agent();
    await staffB.signInStaff(b.staff.email, STAFF_PASSWORD);

    /** The same yard's service request and the other yard's customer list, both answered. */
    const otherWork = async () => {
      const { payload, contentType } = multipartBody([
        { name: 'boatId', value: boat.id },
        { name: 'description', value: 'Bottom paint before launch.' },
      ]);
      const [request, list] = await Promise.all([
        portal.postRaw(`/api/portal/${a.yard.slug}/service-requests`, payload, contentType),
        staffB.get('/api/staff/customers?q=otheryard'),
      ]);
      expect(request.statusCode, request.body).toBe(201);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().customers.map((c: { lastName: string }) => c.lastName)).toEqual(['Otheryard']);
      return request.json().order.number as number;
    };
    return { yardA: a.yard, staffA, otherWork };
  }

  /** Sends the upload's first half now and the rest when `release` resolves, over a real socket. */
  async function slowUpload(agent: Agent, file: Buffer, release: Promise<void>) {
    const { payload, contentType } = multipartBody([
      { name: 'file', file: { fileName: 'customers.csv', contentType: 'text/csv', data: file } },
    ]);
    const headers = { ...(await agent.authHeaders()), 'content-type': contentType };
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${base}/api/staff/invite-batches`, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(payload.length) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(payload.subarray(0, payload.length >> 1));
      release.then(() => req.end(payload.subarray(payload.length >> 1)));
    });
  }

  it('a client sending its file slowly holds nothing the others need', async () => {
    const { staffA, otherWork } = await twoYards();
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const file = Buffer.from(`Email\r\n${'nobody@example.test\r\n'.repeat(2000)}`);
    const upload = slowUpload(staffA, file, released);
    let uploadDone = false;
    void upload.then(() => {
      uploadDone = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    await otherWork();
    await otherWork();
    expect(uploadDone).toBe(false);
    release();
    const res = await upload;
    expect(res.status, res.body).toBe(201);
  });

  it('a file being matched does not hold the yard row, a connection or PGlite between its thousands', async () => {
    const { yardA, staffA, otherWork } = await twoYards();
    const rows = 40_000;
    const file = Array.from({ length: rows }, (_, i) => `nobody.${i}@example.test`).join('\r\n');
    const upload = uploadTemplate(staffA, `Email\r\n${file}\r\n`);
    let uploadDone = false;
    void upload.then(() => {
      uploadDone = true;
    });
    // The definite signal that matching has begun: the batch exists, still `preparing`.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const preparing = await db()
        .db.selectFrom('invite_batches')
        .select('id')
        .where('yard_id', '=', yardA.id)
        .where('status', '=', 'preparing')
        .executeTakeFirst();
      if (preparing) break;
      expect(uploadDone, 'the upload finished before it was seen preparing').toBe(false);
      if (Date.now() > deadline) throw new Error('the upload was never seen preparing');
      await new Promise((r) => setTimeout(r, 20));
    }
    const started = performance.now();
    const first = await otherWork();
    const second = await otherWork();
    console.log(
      `while a 40,000-row file was matched: a service request and another yard's list, twice, in ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(second).toBe(first + 1);
    expect(uploadDone, 'the other requests waited for the upload').toBe(false);
    const res = await upload;
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'preview', rowCount: rows });
  });

  it('answers "busy, retry" to a second upload of the same yard while the first is read', async () => {
    const { staffA } = await twoYards();
    const file = `Email\r\n${Array.from({ length: 20_000 }, (_, i) => `n${i}@example.test`).join('\r\n')}\r\n`;
    const [one, two] = await Promise.all([uploadTemplate(staffA, file), uploadTemplate(staffA, file)]);
    const statuses = [one.statusCode, two.statusCode].sort();
    expect(statuses).toEqual([201, 503]);
    const busy = one.statusCode === 503 ? one : two;
    expect(busy.json()).toMatchObject({ code: 'BUSY' });
    expect(busy.json().message).toMatch(/Another file of this yard is being read/);
    expect(busy.headers['retry-after']).toBe('5');
    // Once the first is done, the same file goes through.
    expect((await uploadTemplate(staffA, file)).statusCode).toBe(201);
  });
});
