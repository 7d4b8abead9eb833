import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allRows,
  csvOf,
  previewOf,
  TEMPLATE_HEADER,
  uploadTemplate,
  waitForBatch,
} from '../../../test/support/bulk-invites.js';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { inviteSettled } from '../../../test/support/invites.js';
import { makePortalCustomer } from '../../../test/support/portal-accounts.js';
import { HOUR } from '../../server/clock.js';

describeEachEngine('bulk invites: upload and preview', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { env: { BULK_INVITE_MAX_BYTES: '20000', BULK_INVITE_MAX_ROWS: '50' } });
  });
  afterAll(() => h.close());

  async function signedInStaff() {
    const { yard, staff } = await makeYard(db().db);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, agent };
  }

  const invitesOf = async (yardId: string) =>
    (await db().db.selectFrom('invites').select('id').where('yard_id', '=', yardId).execute()).length;

  it('matches by number, then email, then phone, and says for every row what will happen', async () => {
    const { yard, agent } = await signedInStaff();
    const other = await makeYard(db().db, 'Other Marina');
    const byNumber = await makeCustomer(db().db, yard.id, { first_name: 'Ava' });
    const byEmail = await makeCustomer(db().db, yard.id, { first_name: 'Liam' });
    // Below 1000: the factory gives other customers random numbers from 555-1000 up, so none shares it.
    const byPhone = await makeCustomer(db().db, yard.id, { phone: '(305) 555-0311' });
    const member = await makePortalCustomer(db().db, yard.id);
    const recent = await makeCustomer(db().db, yard.id);
    const noEmail = await makeCustomer(db().db, yard.id, { email: null });
    const twinA = await makeCustomer(db().db, yard.id, { email: 'shared@family.test' });
    const twinB = await makeCustomer(db().db, yard.id, { email: 'Shared@Family.test' });
    const foreign = await makeCustomer(db().db, other.yard.id, { email: 'foreign@other.test' });

    expect((await agent.post(`/api/staff/customers/${recent.id}/invites`)).statusCode).toBe(201);
    await inviteSettled(db().db, recent.id);
    h.clock.advance(2 * HOUR);
    const invitesBefore = await invitesOf(yard.id);
    const mailsBefore = h.sink.received.length;

    const csv = csvOf([
      TEMPLATE_HEADER,
      ['', 'someone@example.com', 'Example', 'Row – delete me', '(555) 010-0000'],
      [byNumber.customer_number, 'old-address@nowhere.test', 'Ava', '', ''],
      ['', byEmail.email!.toUpperCase(), '', '', ''],
      ['', '', '', '', '+1 305.555.0311'],
      [member.customer.customer_number, '', '', '', ''],
      [recent.customer_number, '', '', '', ''],
      [noEmail.customer_number, '', '', '', ''],
      ['', 'nobody@nowhere.test', '', '', ''],
      ['', 'shared@family.test', '', '', ''],
      ['', 'not-an-email', '', '', ''],
      ['', byEmail.email!, '', '', ''],
      [foreign.customer_number, '', '', '', ''],
      ['', 'foreign@other.test', '', '', ''],
      ['', '', 'Only A. Name', '', ''],
    ]);
    const batch = await previewOf(agent, csv);
    expect(batch.status).toBe('preview');
    expect(batch.rowCount).toBe(14);
    expect(batch.preview).toEqual({
      will_invite: 3,
      in_portal: 1,
      too_soon: 1,
      no_email: 1,
      no_match: 5,
      ambiguous: 1,
      invalid_email: 1,
      duplicate: 1,
      archived: 0,
    });

    const rows = new Map((await allRows(agent, batch.id)).map((r) => [r.rowNumber, r]));
    expect(rows.get(2)).toMatchObject({ preview: 'no_match', customer: null });
    expect(rows.get(2)?.previewReason).toContain('example row');
    expect(rows.get(3)).toMatchObject({ preview: 'will_invite', customer: { id: byNumber.id } });
    expect(rows.get(3)?.previewReason).toContain(`Will be invited at ${byNumber.email}`);
    expect(rows.get(3)?.previewReason).toContain('the file says old-address@nowhere.test');
    expect(rows.get(4)).toMatchObject({ preview: 'will_invite', customer: { id: byEmail.id } });
    expect(rows.get(5)).toMatchObject({ preview: 'will_invite', customer: { id: byPhone.id } });
    expect(rows.get(6)).toMatchObject({ preview: 'in_portal', previewReason: 'Already IN PORTAL.' });
    const tooSoon = rows.get(7);
    expect(tooSoon?.preview).toBe('too_soon');
    expect(new Date(tooSoon?.eligibleAt ?? 0).getTime()).toBeGreaterThan(h.clock.now().getTime());
    expect(new Date(tooSoon?.eligibleAt ?? 0).getTime()).toBeLessThanOrEqual(
      h.clock.now().getTime() + 22 * HOUR,
    );
    expect(tooSoon?.previewReason).toMatch(/eligible again at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(rows.get(8)).toMatchObject({ preview: 'no_email', customer: { id: noEmail.id } });
    expect(rows.get(9)?.preview).toBe('no_match');
    expect(rows.get(10)).toMatchObject({ preview: 'ambiguous' });
    expect(rows.get(10)?.previewReason).toContain(`${twinA.customer_number}, ${twinB.customer_number}`);
    expect(rows.get(11)).toMatchObject({ preview: 'invalid_email' });
    expect(rows.get(12)).toMatchObject({ preview: 'duplicate', duplicateOf: 4 });
    // Another yard's customers are invisible: by number and by email alike.
    expect(rows.get(13)).toMatchObject({ preview: 'no_match', customer: null });
    expect(rows.get(14)).toMatchObject({ preview: 'no_match', customer: null });
    expect(rows.get(15)?.previewReason).toContain('no customer number, email or phone');
    for (const r of rows.values()) expect(r.result).toBe('pending');

    // Nothing is sent until staff confirm: a batch confirmed after this preview was stored
    // has gone through the runner from start to finish, and this one is still untouched.
    const otherAgent = h.agent();
    await otherAgent.signInStaff(other.staff.email, STAFF_PASSWORD);
    const confirmed = await previewOf(
      otherAgent,
      csvOf([TEMPLATE_HEADER, [foreign.customer_number, '', '', '', '']]),
    );
    expect((await otherAgent.post(`/api/staff/invite-batches/${confirmed.id}/confirm`)).statusCode).toBe(200);
    await waitForBatch(otherAgent, confirmed.id);
    expect(await invitesOf(yard.id)).toBe(invitesBefore);
    expect(h.sink.received.length).toBe(mailsBefore + 1);
    expect((await agent.get(`/api/staff/invite-batches/${batch.id}`)).json().status).toBe('preview');

    // Filtering by outcome, as the totals at the top do.
    const only = await agent.get(`/api/staff/invite-batches/${batch.id}/rows?preview=will_invite`);
    expect(only.json().rows.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([3, 4, 5]);
  });

  it("reads Excel's CSV: BOM, semicolons, a sep= line, quoted values", async () => {
    const { yard, agent } = await signedInStaff();
    const a = await makeCustomer(db().db, yard.id, { last_name: 'Öberg, Jr.' });
    const csv = `\uFEFFsep=;\r\nCustomer number;Email;First name;Last name;Phone\r\n${a.customer_number};;"Åsa";"Öberg; Jr.";\r\n;;;;\r\n`;
    const batch = await previewOf(agent, csv);
    expect(batch.rowCount).toBe(1);
    const [row] = await allRows(agent, batch.id);
    expect(row).toMatchObject({ rowNumber: 3, preview: 'will_invite', input: { name: 'Åsa Öberg; Jr.' } });
  });

  it('previews every eligible customer of a search', async () => {
    const { yard, agent } = await signedInStaff();
    const harbor = [
      await makeCustomer(db().db, yard.id, { last_name: 'Zephyrine' }),
      await makeCustomer(db().db, yard.id, { last_name: 'Zephyrine', email: null }),
    ];
    await makeCustomer(db().db, yard.id, { last_name: 'Abbott' });
    const res = await agent.post('/api/staff/invite-batches/from-search', { q: 'zephyr' });
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json();
    expect(batch).toMatchObject({ source: 'search', label: 'Customers matching "zephyr"', rowCount: 2 });
    expect(batch.preview).toMatchObject({ will_invite: 1, no_email: 1 });
    const rows = await allRows(agent, batch.id);
    expect(new Set(rows.map((r) => r.customer?.id))).toEqual(new Set(harbor.map((c) => c.id)));
  });

  describe('refuses a file it cannot read, saying where, and keeps nothing', () => {
    const cases: [string, string | Buffer, number, RegExp][] = [
      [
        'broken quoting',
        'Customer number,Email\r\n1001,"a@b.test\r\n1002,c@d.test\r\n',
        422,
        /Row 2.*"?Email"?|quote/i,
      ],
      ['wrong columns', 'Boat,Slip\r\nSea Breeze,A-4\r\n', 422, /Customer number, Email or Phone/],
      ['a binary file', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0, 1, 2, 3]), 422, /./],
      ['a formula', 'Customer number,Email\r\n1001,=HYPERLINK("http://x")\r\n', 422, /Row 2.*Email.*formula/],
      [
        'too many rows',
        `Email\r\n${Array.from({ length: 51 }, (_, i) => `a${i}@b.test`).join('\r\n')}`,
        422,
        /50/,
      ],
      ['too many bytes', `Email\r\n${'x'.repeat(30_000)}@b.test\r\n`, 413, /larger than/],
    ];
    for (const [what, body, status, message] of cases) {
      it(what, async () => {
        const { agent } = await signedInStaff();
        const res = await uploadTemplate(agent, body, what === 'a binary file' ? 'customers.pdf' : 'c.csv');
        expect(res.statusCode, res.body).toBe(status);
        expect(res.json().message).toMatch(message);
        expect((await agent.get('/api/staff/invite-batches')).json().batches).toEqual([]);
      });
    }
  });

  it("keeps another yard's batches out of reach", async () => {
    const mine = await signedInStaff();
    const theirs = await signedInStaff();
    const c = await makeCustomer(db().db, mine.yard.id);
    const batch = await previewOf(mine.agent, csvOf([TEMPLATE_HEADER, [c.customer_number, '', '', '', '']]));
    for (const url of ['', '/rows', '/report.csv', '/report.xlsx']) {
      expect((await theirs.agent.get(`/api/staff/invite-batches/${batch.id}${url}`)).statusCode).toBe(404);
    }
    for (const action of ['confirm', 'cancel']) {
      expect((await theirs.agent.post(`/api/staff/invite-batches/${batch.id}/${action}`)).statusCode).toBe(
        404,
      );
    }
    expect((await theirs.agent.get('/api/staff/invite-batches')).json().batches).toEqual([]);
    expect((await mine.agent.get(`/api/staff/invite-batches/${batch.id}`)).json().status).toBe('preview');
  });
});
