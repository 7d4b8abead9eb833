import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeOrderHistory, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';

/** GET /api/staff/customers: the total, the suggestion and the filters as staff meet them. */
describeEachEngine('the staff customer list over HTTP', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('answers with a total, a suggestion and filtered pages, only of the yard signed in', async () => {
    const { yard, staff } = await makeYard(db().db, 'Harbor Point Marine');
    const other = await makeYard(db().db, 'Other Marina');
    await makeCustomer(db().db, yard.id, { first_name: 'Ava', last_name: 'Thompson', email: 'ava@h.test' });
    await makeCustomer(db().db, yard.id, {
      first_name: 'Savannah',
      last_name: 'Jackson',
      email: 'sj@h.test',
    });
    const owing = await makeCustomer(db().db, yard.id, { first_name: 'Fay', last_name: 'Owing' });
    await makeOrderHistory(db().db, yard.id, owing.id);
    const theirs = await makeCustomer(db().db, other.yard.id, { first_name: 'Ava', last_name: 'Otheryard' });
    await makeOrderHistory(db().db, other.yard.id, theirs.id);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);

    const ava = (await agent.get('/api/staff/customers?q=ava')).json();
    expect(ava.customers.map((c: { lastName: string }) => c.lastName)).toEqual(['Thompson', 'Jackson']);
    expect(ava).toMatchObject({ total: 2, totalMore: false, suggestion: null });

    const typo = (await agent.get('/api/staff/customers?q=Thomson')).json();
    expect(typo).toMatchObject({ customers: [], total: 0, suggestion: 'Thompson' });

    const due = (await agent.get('/api/staff/customers?balance=due')).json();
    expect(due.customers.map((c: { id: string }) => c.id)).toEqual([owing.id]);
    expect(due.total).toBe(1);

    const page = (await agent.get('/api/staff/customers?limit=1')).json();
    expect(page.total).toBe(3);
    const next = (await agent.get(`/api/staff/customers?limit=1&after=${page.nextCursor}`)).json();
    expect(next.total).toBeNull();
    expect(next.customers).toHaveLength(1);

    const bad = await agent.get('/api/staff/customers?portal=maybe');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toMatch(/portal is one of in_portal, invited, not_invited, no_email/);
    const badArchived = await agent.get('/api/staff/customers?archived=yes');
    expect(badArchived.statusCode).toBe(422);
    expect(badArchived.json().message).toMatch(/archived is true or false/);
  });
});
