import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import {
  importPreview,
  oldSystemExport,
  uploadImport,
  waitForImport,
} from '../../../test/support/imports.js';
import { hostile } from '../bulk-invites/spreadsheet/hostile-files.js';

const MB = 1024 * 1024;

/** Another yard's imports, hostile files, and a customer whose write fails leaving nothing half-written. */
describeEachEngine('imports: yards, hostile files, one transaction per customer', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { env: { BULK_INVITE_MAX_BYTES: String(12 * MB) } });
  });
  afterAll(() => h.close());

  async function signedInStaff(role?: 'viewer' | 'technician') {
    const { yard, staff } = await makeYard(db().db);
    if (role) await db().db.updateTable('staff_users').set({ role }).where('id', '=', staff.id).execute();
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, agent };
  }
  const jobsOf = async (yardId: string) =>
    (await db().db.selectFrom('import_jobs').select('id').where('yard_id', '=', yardId).execute()).length;

  it("answers 404 for another yard's import on every route, and 403 to roles that do not keep records", async () => {
    const mine = await signedInStaff();
    const theirs = await signedInStaff();
    const job = await importPreview(mine.agent, oldSystemExport().csv);
    const other = theirs.agent;
    for (const res of [
      await other.get(`/api/staff/imports/${job.id}`),
      await other.get(`/api/staff/imports/${job.id}/rows`),
      await other.get(`/api/staff/imports/${job.id}/report.csv`),
      await other.request('PUT', `/api/staff/imports/${job.id}/mapping`, { mapping: job.mapping }),
      await other.post(`/api/staff/imports/${job.id}/confirm`),
      await other.post(`/api/staff/imports/${job.id}/discard`),
      await other.post(`/api/staff/imports/${job.id}/invite`),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
    }
    expect(((await other.get('/api/staff/imports')).json() as { imports: unknown[] }).imports).toEqual([]);
    expect((await mine.agent.get(`/api/staff/imports/${job.id}`)).json().status).toBe('preview');

    const viewer = await signedInStaff('viewer');
    const refused = await uploadImport(viewer.agent, { data: oldSystemExport().csv });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ROLE_FORBIDDEN');
  });

  it('refuses hostile files with a sentence saying what was exceeded, leaving no import behind', async () => {
    const { yard, agent } = await signedInStaff();
    const files: [Buffer, string, RegExp][] = [
      [await hostile.hugeColumn(), 'x.xlsx', /past Excel's last column/],
      [await hostile.rowBomb(2 * 1024 ** 3), 'x.xlsx', /more than 100 times/],
      [await hostile.sharedStringsBomb(500 * MB), 'x.xlsx', /more than 100 times/],
      [await hostile.billionLaughs(), 'x.xlsx', /document type declaration/],
      [hostile.blankRowsCsv(250_000), 'x.csv', /counting empty/],
      [hostile.wideCsvRow(5000), 'x.csv', /more than 64 cells/],
      [Buffer.from('%PDF-1.7 not a spreadsheet'), 'x.csv', /This is a PDF/],
      [Buffer.from('Email,Name\r\n'), 'x.csv', /no rows under its header/],
    ];
    for (const [data, fileName, message] of files) {
      const res = await uploadImport(agent, { data, fileName });
      expect(res.statusCode, `${fileName}: ${res.body}`).toBe(422);
      expect(res.json().message).toMatch(message);
    }
    const tooLarge = await uploadImport(agent, { data: Buffer.alloc(13 * MB, 'a'), fileName: 'x.csv' });
    expect(tooLarge.statusCode).toBe(413);
    expect(await jobsOf(yard.id)).toBe(0);
  }, 120_000);

  it('writes a customer with their boats all or nothing: a customer whose number was taken meanwhile is reported and nothing of theirs is written', async () => {
    const { yard, agent } = await signedInStaff();
    const csv = [
      'Customer #,Name,Email,Boat,HIN',
      '9001,Ada One,ada@example.com,First,HIN0001',
      '9001,Ada One,ada@example.com,Second,HIN0002',
      '9002,Bo Two,bo@example.com,Third,HIN0003',
    ].join('\n');
    const job = await importPreview(agent, csv);
    expect(job.preview).toMatchObject({ create: 3 });
    // Someone adds customer 9001 by hand between the preview and the run.
    await db()
      .db.insertInto('customers')
      .values({ yard_id: yard.id, customer_number: 9001, first_name: 'Hand', last_name: 'Made' })
      .execute();
    expect((await agent.post(`/api/staff/imports/${job.id}/confirm`)).statusCode).toBe(200);
    const done = await waitForImport(agent, job.id);
    expect(done.progress).toMatchObject({
      units: 2,
      done: 1,
      failed: 1,
      customersCreated: 1,
      boatsCreated: 1,
    });
    const boats = await db().db.selectFrom('boats').select('name').where('yard_id', '=', yard.id).execute();
    expect(boats.map((b) => b.name)).toEqual(['Third']);
    const audited = await db()
      .db.selectFrom('audit_log')
      .select('entity')
      .where('yard_id', '=', yard.id)
      .execute();
    expect(audited.length).toBe(2);
  });
});
