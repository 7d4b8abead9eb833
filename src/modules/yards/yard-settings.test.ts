import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { newOrder, orderYard } from '../../../test/support/order-editing-fixtures.js';
import { hashPassword } from '../accounts/password-hash.js';

const URL = '/api/staff/yard/settings';

describeEachEngine('yard settings', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  const yardRow = (id: string) =>
    db().db.selectFrom('yards').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function signedIn(yardId: string, role: 'office' | 'technician' | 'viewer') {
    const email = `${role}-${Math.random().toString(36).slice(2)}@yard.test`;
    await db()
      .db.insertInto('staff_users')
      .values({
        yard_id: yardId,
        email,
        name: 'Sam Rigger',
        role,
        password_hash: await hashPassword(STAFF_PASSWORD),
      })
      .execute();
    const agent = h.agent();
    await agent.signInStaff(email, STAFF_PASSWORD);
    return agent;
  }

  const everything = {
    name: 'Harbour Point Boatworks',
    email: 'office@harbourpoint.test',
    phone: '(207) 555-0199',
    address: '1 Wharf Road\nRockland, ME 04841',
    timezone: 'America/Los_Angeles',
    inviteExpiryDays: 21,
    taxRates: { labor: '6.25', parts: '8', fees: '0.5' },
    invoiceDueDays: 14,
    invoiceTerms: 'Payable within 14 days.\nStorage accrues on unpaid balances.',
    estimateValidDays: 10,
  };

  it('the owner changes every setting; a new estimate and invoice then use the new tax rates and estimate validity', async () => {
    const { yard, customer, boat, agent } = await orderYard(h, db().db);
    const other = await makeYard(db().db);
    const otherBefore = await yardRow(other.yard.id);

    const before = await agent.get(URL);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ taxRates: { labor: '5', parts: '7', fees: '2.5' }, canEdit: true });

    const res = await agent.patch(URL, everything);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ...everything, canEdit: true });
    expect((await agent.get(URL)).json()).toMatchObject(everything);
    expect(await yardRow(yard.id)).toMatchObject({
      name: everything.name,
      address: everything.address,
      timezone: 'America/Los_Angeles',
      invite_expiry_days: 21,
      tax_labor_bp: 625,
      tax_parts_bp: 800,
      tax_fees_bp: 50,
      invoice_due_days: 14,
      invoice_terms: everything.invoiceTerms,
      estimate_valid_days: 10,
    });
    // The route names no yard: another yard's row is untouched.
    expect(await yardRow(other.yard.id)).toEqual(otherBefore);

    const order = await newOrder(agent, customer.id, boat.id, {
      lines: [
        { kind: 'labor', description: 'Haul out', quantity: '2', unitPriceCents: 10_000 },
        { kind: 'part', description: 'Impeller', quantity: '1', unitPriceCents: 5_000 },
        { kind: 'fee', description: 'Disposal', quantity: '1', unitPriceCents: 2_000 },
      ],
    });
    const est = await agent.post(`/api/staff/orders/${order.id}/estimates`, {});
    expect(est.statusCode).toBe(201);
    const { estimate } = est.json();
    // 6.25 % of 200.00 + 8 % of 50.00 + 0.5 % of 20.00 = 12.50 + 4.00 + 0.10
    expect(estimate.taxRates).toEqual({ labor: 625, parts: 800, fees: 50 });
    expect(estimate.taxCents).toBe(1_660);
    expect(estimate.totalCents).toBe(27_000 + 1_660);
    const validUntil = new Date(`${estimate.validUntil}T00:00:00Z`).getTime();
    const days = Math.round(
      (validUntil - Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000,
    );
    expect(Math.abs(days - 10)).toBeLessThanOrEqual(1);

    const inv = await agent.post(`/api/staff/orders/${order.id}/invoices`, { from: 'lines' });
    expect(inv.statusCode).toBe(201);
    const invoice = inv.json().billing.invoices.find((i: { id: string }) => i.id === inv.json().invoiceId);
    expect(invoice.taxCents).toBe(1_660);
  });

  it('a field left out stays; an empty invite expiry means the default', async () => {
    const { yard, agent } = await orderYard(h, db().db);
    await agent.patch(URL, { inviteExpiryDays: 30 });
    const res = await agent.patch(URL, { inviteExpiryDays: null, taxRates: { fees: '1' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      inviteExpiryDays: null,
      taxRates: { labor: '5', parts: '7', fees: '1' },
    });
    expect(await yardRow(yard.id)).toMatchObject({
      invite_expiry_days: null,
      tax_labor_bp: 500,
      tax_fees_bp: 100,
    });
  });

  it.each(['office', 'technician', 'viewer'] as const)(
    'a %s reads the settings but gets 403 changing them; nothing changes',
    async (role) => {
      const { yard } = await orderYard(h, db().db);
      const before = await yardRow(yard.id);
      const agent = await signedIn(yard.id, role);
      const read = await agent.get(URL);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ name: yard.name, canEdit: false });
      const res = await agent.patch(URL, { taxRates: { labor: '20' }, name: 'Renamed' });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'ROLE_FORBIDDEN', details: { role, needs: 'staff:owner' } });
      expect(res.json().message).toMatch(/owner/);
      expect(await yardRow(yard.id)).toEqual(before);
    },
  );

  const bad: [string, object, string, RegExp][] = [
    ['empty name', { name: '  ' }, 'name', /required/],
    ['long name', { name: 'x'.repeat(121) }, 'name', /120/],
    ['name on two lines', { name: 'A\nB' }, 'name', /one line/],
    ['bad email', { email: 'office-at-yard' }, 'email', /name@example.com/],
    ['phone with a line break', { phone: '555\n0100' }, 'phone', /one line/],
    ['long address', { address: 'x'.repeat(501) }, 'address', /500/],
    ['too many address lines', { address: 'a\nb\nc\nd\ne\nf\ng\nh\ni' }, 'address', /8 lines/],
    ['unknown time zone', { timezone: 'Mars/Olympus' }, 'timezone', /America\/New_York/],
    ['invite expiry 0', { inviteExpiryDays: 0 }, 'inviteExpiryDays', /1 and 90/],
    ['invite expiry 91', { inviteExpiryDays: 91 }, 'inviteExpiryDays', /1 and 90/],
    ['fractional invite expiry', { inviteExpiryDays: 1.5 }, 'inviteExpiryDays', /whole number/],
    ['three decimals', { taxRates: { labor: '7.255' } }, 'taxRates.labor', /two decimals/],
    ['negative tax', { taxRates: { parts: '-1' } }, 'taxRates.parts', /percentage/],
    ['tax over 50 %', { taxRates: { fees: '50.01' } }, 'taxRates.fees', /at most 50/],
    ['tax as a number', { taxRates: { labor: 7 } }, 'taxRates.labor', /percentage/],
    ['due days 366', { invoiceDueDays: 366 }, 'invoiceDueDays', /0 and 365/],
    ['negative due days', { invoiceDueDays: -1 }, 'invoiceDueDays', /0 and 365/],
    ['long terms', { invoiceTerms: 'x'.repeat(2001) }, 'invoiceTerms', /2000/],
    ['estimate validity 0', { estimateValidDays: 0 }, 'estimateValidDays', /1 and 365/],
    ['estimate validity 400', { estimateValidDays: 400 }, 'estimateValidDays', /1 and 365/],
    ['unknown currency', { currency: 'XYZ' }, 'currency', /one of USD, CAD, EUR, GBP, AUD, NZD/],
    ['length in yards', { lengthUnit: 'yd' }, 'lengthUnit', /ft \(feet\) or m \(metres\)/],
    ['phone country of three letters', { phoneCountry: 'USA' }, 'phoneCountry', /two-letter/],
    ['phone country no one has', { phoneCountry: 'XX' }, 'phoneCountry', /not a country code we know/],
  ];
  it.each(bad)('%s → 422 naming the field, nothing written', async (_what, body, field, message) => {
    const { yard, agent } = await orderYard(h, db().db);
    const before = await yardRow(yard.id);
    // A valid change alongside: the whole request is refused.
    const res = await agent.patch(URL, { estimateValidDays: 5, ...body });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('VALIDATION');
    expect(res.json().details.fields[field]).toMatch(message);
    expect(await yardRow(yard.id)).toEqual(before);
  });

  it('currency, length unit and phone country are saved, shown to every page, and recorded in the audit log', async () => {
    const { yard, staff, agent } = await orderYard(h, db().db);
    const res = await agent.patch(URL, { currency: 'CAD', lengthUnit: 'm', phoneCountry: 'ca' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ currency: 'CAD', lengthUnit: 'm', phoneCountry: 'CA' });
    expect(res.json().phoneCountries).toEqual(expect.arrayContaining(['CA', 'GB', 'NZ', 'US']));
    expect(await yardRow(yard.id)).toMatchObject({ currency: 'CAD', length_unit: 'm', phone_country: 'CA' });
    const me = (await agent.get('/api/staff/me')).json();
    expect(me.yard).toMatchObject({ currency: 'CAD', lengthUnit: 'm', logoUrl: null });
    const [row] = await db()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('yard_id', '=', yard.id)
      .where('entity', '=', 'settings')
      .execute();
    expect(row).toMatchObject({ action: 'updated', actor_staff_id: staff.id, entity_id: yard.id });
    expect(row.changes).toEqual({
      currency: { before: 'USD', after: 'CAD' },
      length_unit: { before: 'ft', after: 'm' },
      phone_country: { before: 'US', after: 'CA' },
    });
    // Saving the same values again changes nothing and records nothing.
    await agent.patch(URL, { currency: 'CAD' });
    const rows = await db()
      .db.selectFrom('audit_log')
      .select('id')
      .where('yard_id', '=', yard.id)
      .where('entity', '=', 'settings')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('signed out → 401 on both', async () => {
    const agent = h.agent();
    expect((await agent.get(URL)).statusCode).toBe(401);
    expect((await agent.patch(URL, { name: 'X' })).statusCode).toBe(401);
  });
});
