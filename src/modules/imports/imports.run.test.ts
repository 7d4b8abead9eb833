import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import {
  importPreview,
  importRows,
  OLD_SYSTEM_HEADER,
  oldSystemExport,
  uploadImport,
  waitForImport,
} from '../../../test/support/imports.js';

describeEachEngine('imports: from another system to customers and boats', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function signedInStaff() {
    const { yard, staff } = await makeYard(db().db, 'Harbor Point Marine');
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, agent };
  }
  const count = async (table: 'customers' | 'boats' | 'audit_log', yardId: string) =>
    Number(
      (
        await db()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('yard_id', '=', yardId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('guesses the mapping, previews every row, writes customers and boats with audit rows, and changes nothing when imported again', async () => {
    const { yard, agent } = await signedInStaff();
    const { csv, expected } = oldSystemExport();
    const uploaded = await uploadImport(agent, { data: csv, fileName: 'old-system.csv' });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const job = uploaded.json();
    expect(job.status).toBe('mapping');
    expect(job.headers.customers).toEqual(OLD_SYSTEM_HEADER);
    expect(job.mapping.customers).toEqual([
      'customerNumber',
      'firstName',
      'lastName',
      'email',
      'phone',
      'street',
      'city',
      'state',
      'postalCode',
      'boatName',
      'make',
      'model',
      'year',
      'length',
      'beam',
      'hullId',
      'slip',
      'notes',
    ]);
    expect(job.samples.customers[0][1]).toBe('Skipper1');

    const mapped = await agent.request('PUT', `/api/staff/imports/${job.id}/mapping`, {
      mapping: job.mapping,
      save: true,
    });
    expect(mapped.statusCode, mapped.body).toBe(200);
    const preview = mapped.json();
    expect(preview.status).toBe('preview');
    expect(preview.preview).toEqual({
      create: expected.create,
      update: 0,
      no_change: 0,
      duplicate: expected.duplicate,
      invalid: expected.invalid,
    });
    const problems = await importRows(agent, job.id, 'invalid');
    expect(problems.map((r) => [r.rowNumber, r.reason])).toEqual([
      [expected.badEmailRow, expect.stringMatching(/"E-mail Address".*not a valid email address/)],
      [expected.badYearRow, expect.stringMatching(/"Year".*"1492".*not a year/)],
    ]);
    const [duplicate] = await importRows(agent, job.id, 'duplicate');
    expect(duplicate.rowNumber).toBe(expected.duplicateRow);
    expect(duplicate.reason).toContain(`row ${expected.duplicateOf}`);
    expect(await count('customers', yard.id)).toBe(0);

    const confirmed = await agent.post(`/api/staff/imports/${job.id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const done = await waitForImport(agent, job.id);
    expect(done.progress).toMatchObject({
      units: expected.customers,
      done: expected.customers,
      failed: 0,
      customersCreated: expected.customers,
      boatsCreated: expected.boats,
    });
    expect(await count('customers', yard.id)).toBe(expected.customers);
    expect(await count('boats', yard.id)).toBe(expected.boats);
    const first = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('yard_id', '=', yard.id)
      .where('customer_number', '=', 7001)
      .executeTakeFirstOrThrow();
    expect(first).toMatchObject({
      first_name: 'Skipper1',
      email: 'skipper1@example.com',
      phone_e164: '+13055551001',
    });
    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['entity', 'action', 'actor_kind'])
      .where('yard_id', '=', yard.id)
      .execute();
    expect(audit.length).toBe(expected.customers + expected.boats);
    expect(new Set(audit.map((a) => `${a.entity}:${a.action}:${a.actor_kind}`))).toEqual(
      new Set(['customer:imported:staff', 'boat:imported:staff']),
    );

    const report = await agent.get(`/api/staff/imports/${job.id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('skipper-at-example.com');
    expect(report.body).toContain('not a valid email address');

    // The same file again: the saved mapping is used and every row is "no change".
    const again = await uploadImport(agent, { data: csv, fileName: 'old-system.csv' });
    expect(again.statusCode, again.body).toBe(201);
    const second = again.json();
    expect(second.mappingSaved).toBe(true);
    expect(second.status).toBe('preview');
    expect(second.preview).toEqual({
      create: 0,
      update: 0,
      no_change: expected.create,
      duplicate: expected.duplicate,
      invalid: expected.invalid,
    });
    expect((await agent.post(`/api/staff/imports/${second.id}/confirm`)).statusCode).toBe(200);
    const secondDone = await waitForImport(agent, second.id);
    expect(secondDone.progress).toMatchObject({ customersCreated: 0, customersUpdated: 0, boatsCreated: 0 });
    expect(await count('customers', yard.id)).toBe(expected.customers);
    expect(await count('boats', yard.id)).toBe(expected.boats);
    expect(await count('audit_log', yard.id)).toBe(expected.customers + expected.boats);

    // Invite them: a bulk-invite preview of every imported customer.
    const invite = await agent.post(`/api/staff/imports/${job.id}/invite`);
    expect(invite.statusCode, invite.body).toBe(201);
    const batch = await agent.get(`/api/staff/invite-batches/${invite.json().batchId}`);
    expect(batch.json()).toMatchObject({ status: 'preview', rowCount: expected.customers });
    expect(batch.json().preview.will_invite).toBe(expected.customers);
  });

  it('finds existing customers by number, then email, then phone (further contacts too), and names the fields it updates', async () => {
    const { yard, agent } = await signedInStaff();
    const byNumber = await makeCustomer(db().db, yard.id, { first_name: 'Nina', email: 'nina@example.com' });
    const byEmail = await makeCustomer(db().db, yard.id, { first_name: 'Eli', email: 'eli@example.com' });
    const byPhone = await makeCustomer(db().db, yard.id, { first_name: 'Pia', email: null });
    await db()
      .db.insertInto('customer_contacts')
      .values({
        yard_id: yard.id,
        customer_id: byPhone.id,
        kind: 'phone',
        value: '305-555-0199',
        phone_e164: '+13055550199',
      })
      .execute();
    const csv = [
      'Customer #,First Name,Last Name,Email,Phone,City,Boat,LOA',
      `${byNumber.customer_number},Nina,${byNumber.last_name},nina@example.com,,Miami,,`,
      `,Eli,${byEmail.last_name},ELI@example.com,,,Osprey,31`,
      `,Pia,${byPhone.last_name},,(305) 555-0199,,,`,
      ',New,Person,new@example.com,,,,',
      ',Bad,Phone,bad@example.com,305-555-01,,,',
      ',Ctl,Char,ctl@example.com,,Mi\u0007ami,,',
    ].join('\n');
    const job = await importPreview(agent, csv);
    const rows = await importRows(agent, job.id);
    const by = (n: number) => rows.find((r) => r.rowNumber === n);
    expect(by(2)).toMatchObject({ outcome: 'update', customerId: byNumber.id });
    expect(by(2)?.reason).toMatch(/found by number\): city/);
    expect(by(3)).toMatchObject({ outcome: 'update', customerId: byEmail.id });
    expect(by(3)?.reason).toMatch(/found by email\): new boat "Osprey"/);
    expect(by(4)).toMatchObject({ outcome: 'no_change', customerId: byPhone.id });
    expect(by(5)).toMatchObject({ outcome: 'create' });
    expect(by(6)?.outcome).toBe('invalid');
    expect(by(6)?.reason).toContain(
      'Column "Phone" holds "305-555-01": 305-555-01 is not a complete phone number for the United States; check the digits.',
    );
    expect(by(7)?.outcome).toBe('invalid');
    expect(by(7)?.reason).toMatch(/"City".*control characters/);
  });

  it('joins a boats file to a customers file by the customer key', async () => {
    const { yard, agent } = await signedInStaff();
    const customers = [
      'Owner ID,Name,Email',
      'C-1,"Rivera, Ana",ana@example.com',
      'C-2,Ben Ode,ben@example.com',
    ].join('\n');
    const boats = [
      'Owner ID,Vessel Name,Make,Length',
      'C-1,Marlin,Bertram,9.5 m',
      'C-2,Tern,Boston Whaler,17',
      'C-9,Ghost,,20',
    ].join('\n');
    const job = await importPreview(agent, customers, boats);
    expect(job.mapping.boats).toEqual(['customerKey', 'boatName', 'make', 'length']);
    expect(job.preview).toMatchObject({ create: 4, invalid: 1 });
    const ghost = (await importRows(agent, job.id, 'invalid'))[0];
    expect(ghost).toMatchObject({ file: 'boats', rowNumber: 4 });
    expect(ghost.reason).toContain('"C-9"');
    expect((await agent.post(`/api/staff/imports/${job.id}/confirm`)).statusCode).toBe(200);
    await waitForImport(agent, job.id);
    const ana = await db()
      .db.selectFrom('customers')
      .innerJoin('boats', 'boats.customer_id', 'customers.id')
      .select(['customers.first_name', 'customers.last_name', 'boats.name', 'boats.length_ft'])
      .where('customers.yard_id', '=', yard.id)
      .where('customers.email', '=', 'ana@example.com')
      .executeTakeFirstOrThrow();
    expect(ana).toMatchObject({ first_name: 'Ana', last_name: 'Rivera', name: 'Marlin' });
    expect(Number(ana.length_ft)).toBeCloseTo(31.17, 2);
  });
});
