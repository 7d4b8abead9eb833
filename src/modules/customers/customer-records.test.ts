// Longer than 300 lines: create, edit, archive and their permissions share one harness, since
// opening PGlite and PostgreSQL per file takes seconds on a busy machine.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { allRows, csvOf, previewOf, TEMPLATE_HEADER } from '../../../test/support/bulk-invites.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makePortalCustomer } from '../../../test/support/portal-accounts.js';

describeEachEngine('customers kept by hand: create, edit, archive', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  async function staffAgent() {
    const { yard, staff } = await makeYard(db().db);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, agent };
  }
  const auditOf = (customerId: string) =>
    db().db.selectFrom('audit_log').selectAll().where('customer_id', '=', customerId).orderBy('at').execute();

  it('creates a customer with every field, numbered by the yard counter, and audits it', async () => {
    const { yard, agent } = await staffAgent();
    const existing = await makeCustomer(db().db, yard.id);
    const res = await agent.post('/api/staff/customers', {
      firstName: 'Ava',
      lastName: 'Thompson',
      company: 'Thompson Charters',
      email: 'Ava.Thompson@Example.com',
      phone: '(305) 555-0142',
      phoneType: 'mobile',
      otherEmails: [{ value: 'office@thompson-charters.test', label: 'work' }],
      otherPhones: [{ value: '786 555 0199', label: 'home' }],
      street: '1 Dock Rd',
      city: 'Miami',
      state: 'FL',
      postalCode: '33101',
      notes: 'Prefers calls after 5pm.\nGate code 1234.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, customerNumber } = res.json();
    expect(customerNumber).toBe(existing.customer_number + 1);

    const profile = (await agent.get(`/api/staff/customers/${id}`)).json();
    expect(profile.customer).toMatchObject({
      firstName: 'Ava',
      email: 'ava.thompson@example.com',
      phone: '(305) 555-0142',
      city: 'Miami',
    });
    expect(profile.details).toMatchObject({
      phoneType: 'mobile',
      notes: 'Prefers calls after 5pm.\nGate code 1234.',
      otherEmails: [{ value: 'office@thompson-charters.test', label: 'work' }],
      otherPhones: [{ value: '786 555 0199', label: 'home' }],
      archivedAt: null,
    });
    const row = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.phone_e164).toBe('+13055550142');
    expect(row.phone_digits).toBe('3055550142');
    const contact = await db()
      .db.selectFrom('customer_contacts')
      .selectAll()
      .where('customer_id', '=', id)
      .where('kind', '=', 'phone')
      .executeTakeFirstOrThrow();
    expect(contact.phone_e164).toBe('+17865550199');

    const audit = await auditOf(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'created', entity: 'customer', actor_kind: 'staff' });
    expect(audit[0].changes.first_name).toEqual({ before: null, after: 'Ava' });
    expect(audit[0].changes.other_phones.after).toEqual(['786 555 0199 (home)']);

    // The next one without a number gets the next one.
    const next = await agent.post('/api/staff/customers', { lastName: 'Okafor', phone: '' });
    expect(next.json().customerNumber).toBe(customerNumber + 1);
  });

  it('refuses bad phones, control characters, oversized notes and a taken number, naming the field', async () => {
    const { yard, agent } = await staffAgent();
    const taken = await makeCustomer(db().db, yard.id);
    const before = await db()
      .db.selectFrom('customers')
      .select('id')
      .where('yard_id', '=', yard.id)
      .execute();

    const badPhone = await agent.post('/api/staff/customers', { firstName: 'Bo', phone: '305-555-01' });
    expect(badPhone.statusCode).toBe(422);
    expect(badPhone.json().message).toBe(
      'Phone: 305-555-01 is not a complete phone number for the United States; check the digits.',
    );
    expect(badPhone.json().details.fields.phone).toBeTruthy();

    const badOther = await agent.post('/api/staff/customers', {
      firstName: 'Bo',
      otherPhones: [
        { value: '(305) 555-0142', label: 'work' },
        { value: '12', label: 'home' },
      ],
    });
    expect(badOther.statusCode).toBe(422);
    expect(Object.keys(badOther.json().details.fields)).toEqual(['otherPhones.1.value']);

    const badType = await agent.post('/api/staff/customers', { firstName: 'Bo', phoneType: 'pager' });
    expect(badType.statusCode).toBe(422);
    expect(badType.json().details.fields.phoneType).toMatch(/mobile, home, work or other/);

    const control = await agent.post('/api/staff/customers', { firstName: 'Bo\u0007b' });
    expect(control.statusCode).toBe(422);
    expect(control.json().details.fields.firstName).toMatch(/control characters/);
    const notesControl = await agent.post('/api/staff/customers', { firstName: 'Bo', notes: 'ok\u001b[2J' });
    expect(notesControl.json().details.fields.notes).toMatch(/no other control characters/);
    const longNotes = await agent.post('/api/staff/customers', { firstName: 'Bo', notes: 'x'.repeat(4001) });
    expect(longNotes.statusCode).toBe(422);
    expect(longNotes.json().details.fields.notes).toMatch(/at most 4000/);

    const noName = await agent.post('/api/staff/customers', { email: 'someone@example.com' });
    expect(noName.statusCode).toBe(422);
    expect(noName.json().details.fields.firstName).toMatch(/first or last name, or a company/);

    const dup = await agent.post('/api/staff/customers', {
      firstName: 'Bo',
      customerNumber: taken.customer_number,
      phone: '',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('CUSTOMER_NUMBER_TAKEN');
    expect(dup.json().details.fields.customerNumber).toMatch(String(taken.customer_number));

    const after = await db().db.selectFrom('customers').select('id').where('yard_id', '=', yard.id).execute();
    expect(after).toHaveLength(before.length);
  });

  it('warns about a customer already on file by email or phone, primary or further, unless told to go ahead', async () => {
    const { yard, agent } = await staffAgent();
    const ann = await makeCustomer(db().db, yard.id, { first_name: 'Ann', email: 'ann@example.com' });
    const byContact = await agent.post('/api/staff/customers', {
      firstName: 'Pat',
      phone: '',
      otherPhones: [{ value: '(786) 555-0111', label: 'work' }],
    });
    expect(byContact.statusCode).toBe(201);
    // Another yard's identical customer is never a match.
    const { yard: other } = await makeYard(db().db);
    await makeCustomer(db().db, other.id, { email: 'zed@example.com' });

    const byEmail = await agent.post('/api/staff/customers', {
      firstName: 'Annie',
      email: 'ANN@example.com',
    });
    expect(byEmail.statusCode).toBe(409);
    expect(byEmail.json().code).toBe('POSSIBLE_DUPLICATE');
    expect(byEmail.json().details.matches).toEqual([
      {
        id: ann.id,
        customerNumber: ann.customer_number,
        name: `Ann ${ann.last_name}`,
        matched: ['email'],
        archived: false,
      },
    ]);
    expect(byEmail.json().message).toContain(`customer ${ann.customer_number}`);

    const byPhone = await agent.post('/api/staff/customers', { firstName: 'Kim', phone: '+1 786-555-0111' });
    expect(byPhone.statusCode).toBe(409);
    expect(byPhone.json().details.matches[0]).toMatchObject({
      id: byContact.json().id,
      matched: ['phone'],
    });
    expect(
      (await agent.post('/api/staff/customers', { firstName: 'Zed', email: 'zed@example.com', phone: '' }))
        .statusCode,
    ).toBe(201);

    const anyway = await agent.post('/api/staff/customers', {
      firstName: 'Annie',
      email: 'ann@example.com',
      allowDuplicate: true,
    });
    expect(anyway.statusCode).toBe(201);
  });

  it('edits every field, replaces the contact lists, audits what changed and refuses another yard', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id);
    const res = await agent.patch(`/api/staff/customers/${c.id}`, {
      company: 'Heron Marine',
      phone: '786-555-0123',
      phoneType: 'work',
      notes: 'Owns two boats.',
      customerNumber: 98765,
      otherEmails: [{ value: 'heron@example.com', label: 'work' }],
      otherPhones: [{ value: '(305) 555-0199', label: 'mobile' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().customer).toMatchObject({ company: 'Heron Marine', customerNumber: 98765 });
    expect(res.json().details).toMatchObject({
      phoneType: 'work',
      notes: 'Owns two boats.',
      otherEmails: [{ value: 'heron@example.com', label: 'work' }],
    });
    const removed = await agent.patch(`/api/staff/customers/${c.id}`, { otherPhones: [] });
    expect(removed.json().details.otherPhones).toEqual([]);
    expect(removed.json().details.otherEmails).toHaveLength(1);

    const audit = await auditOf(c.id);
    expect(audit.map((a) => a.action)).toEqual(['updated', 'updated']);
    expect(audit[0].changes.customer_number).toEqual({ before: c.customer_number, after: 98765 });
    expect(audit[0].changes.phone_e164).toEqual({ before: c.phone_e164, after: '+17865550123' });
    expect(Object.keys(audit[1].changes)).toEqual(['other_phones']);

    const bad = await agent.patch(`/api/staff/customers/${c.id}`, { otherPhones: [{ value: '305-555-01' }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.fields['otherPhones.0.value']).toBeTruthy();

    const taken = await makeCustomer(db().db, yard.id);
    const clash = await agent.patch(`/api/staff/customers/${c.id}`, {
      customerNumber: taken.customer_number,
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('CUSTOMER_NUMBER_TAKEN');

    const { yard: other } = await makeYard(db().db);
    const theirs = await makeCustomer(db().db, other.id);
    for (const res of [
      await agent.patch(`/api/staff/customers/${theirs.id}`, { company: 'Mine now' }),
      await agent.post(`/api/staff/customers/${theirs.id}/archive`),
      await agent.post(`/api/staff/customers/${theirs.id}/restore`),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    const untouched = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    expect(untouched.company).toBeNull();
    expect(untouched.archived_at).toBeNull();
  });

  it('an edit cannot leave a customer without a name or a company', async () => {
    const { agent } = await staffAgent();
    const created = await agent.post('/api/staff/customers', { company: 'Acme Marine' });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    const nameless = await agent.patch(`/api/staff/customers/${id}`, { company: null });
    expect(nameless.statusCode).toBe(422);
    expect(nameless.json().details.fields.firstName).toMatch(/first or last name, or a company/);
    const row = await db()
      .db.selectFrom('customers')
      .select('company')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.company).toBe('Acme Marine');
    // The edit form sends every field: a customer known by their company alone can be edited.
    const whole = await agent.patch(`/api/staff/customers/${id}`, {
      firstName: '',
      lastName: '',
      company: 'Acme Marine Ltd',
    });
    expect(whole.statusCode, whole.body).toBe(200);
    expect(whole.json().customer.company).toBe('Acme Marine Ltd');
    // Giving a name while clearing the company is fine.
    const named = await agent.patch(`/api/staff/customers/${id}`, { company: null, lastName: 'Reyes' });
    expect(named.statusCode, named.body).toBe(200);
  });

  it('archived customers keep their records, cannot be invited, and come back on restore', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id);
    const archived = await agent.post(`/api/staff/customers/${c.id}/archive`);
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json().details.archivedAt).not.toBeNull();

    const invite = await agent.post(`/api/staff/customers/${c.id}/invites`);
    expect(invite.statusCode).toBe(409);
    expect(invite.json().code).toBe('CUSTOMER_ARCHIVED');
    expect(
      await db().db.selectFrom('invites').select('id').where('customer_id', '=', c.id).execute(),
    ).toHaveLength(0);

    h.clock.advance(60_000); // a minute later: the history reads in time order
    const restored = await agent.post(`/api/staff/customers/${c.id}/restore`);
    expect(restored.json().details.archivedAt).toBeNull();
    expect((await agent.post(`/api/staff/customers/${c.id}/invites`)).statusCode).toBe(201);

    const audit = await auditOf(c.id);
    expect(audit.map((a) => a.action)).toEqual(['archived', 'restored']);

    // A bulk invite reports an archived customer's row instead of inviting them.
    const gone = await makeCustomer(db().db, yard.id);
    await agent.post(`/api/staff/customers/${gone.id}/archive`);
    const batch = await previewOf(agent, csvOf([TEMPLATE_HEADER, [gone.customer_number, '', '', '', '']]));
    expect(batch.preview.archived).toBe(1);
    expect(batch.preview.will_invite).toBe(0);
    const [row] = await allRows(agent, batch.id);
    expect(row.previewReason).toMatch(/is archived/);
    expect(audit[0].changes.archived_at.before).toBeNull();
  });

  it('a viewer may look but not create, edit, archive or merge', async () => {
    const { yard } = await staffAgent();
    const { customer } = await makePortalCustomer(db().db, yard.id);
    const viewer = await db()
      .db.insertInto('staff_users')
      .values({
        yard_id: yard.id,
        email: `viewer-${customer.id.slice(0, 8)}@example.com`,
        name: 'Val Viewer',
        role: 'viewer',
        password_hash: (
          await db()
            .db.selectFrom('staff_users')
            .select('password_hash')
            .where('yard_id', '=', yard.id)
            .executeTakeFirstOrThrow()
        ).password_hash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const agent = h.agent();
    await agent.signInStaff(viewer.email, STAFF_PASSWORD);
    expect((await agent.get(`/api/staff/customers/${customer.id}`)).statusCode).toBe(200);
    for (const res of [
      await agent.post('/api/staff/customers', { firstName: 'No' }),
      await agent.patch(`/api/staff/customers/${customer.id}`, { company: 'No' }),
      await agent.post(`/api/staff/customers/${customer.id}/archive`),
      await agent.post(`/api/staff/customers/${customer.id}/merge`, { mergeId: customer.id }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('ROLE_FORBIDDEN');
    }
  });
});
