import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { OPTIONAL_LINES, orderWithLines, setLines, type WorkingLine } from '../support/estimate-fixtures.js';
import { makeYard, STAFF_PASSWORD } from '../support/factories.js';
import type { Harness } from '../support/harness.js';
import { CUSTOMER_PASSWORD, signedInCustomer } from '../support/order-fixtures.js';
import { phoneContext, phoneProblems } from '../support/page-checks.js';
import { drawSignature } from '../support/signature-pad.js';

/**
 * Labour $120 × 1.5 (5 %), paint 3 × $89.99 (7.25 %), and three optional lines: shrink wrap
 * $400 (3 %), zinc anode $50 (7.25 %), wax $300 (labour, 5 %). Approving the wrap and the
 * zinc: 44,997 + 2,857 + 40,000 + 1,200 + 5,000 + 363 = 94,417.
 */
const LINES: WorkingLine[] = [
  {
    kind: 'labor',
    description: 'Haul and block',
    quantity: '1.5',
    unitPriceCents: 12_000,
    taxClass: 'labor',
  },
  {
    kind: 'part',
    description: 'Bottom paint (gal)',
    quantity: '3',
    unitPriceCents: 8_999,
    taxClass: 'parts',
  },
  ...OPTIONAL_LINES,
];

/**
 * On a phone (390×844, touch): the owner approves two of three optional lines, signs with a
 * finger, and submits; the yard changes a line and sends version 2; the owner sees what
 * changed, cannot pay meanwhile, and approves and signs again (with the mouse). Every step
 * fits the phone and passes axe at 390×844 and 360×640.
 */
describeEachBrowserEngine('approving an estimate line by line with a signature, on a phone', (engine) => {
  let database: Database;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let app: BrowserApp | undefined;

  beforeAll(async () => {
    app = await startBrowserApp({ engine });
    ({ database, h, browser, base } = app);
  });
  afterAll(() => app?.close());

  const choose = (page: Page, line: string, c: 'Approve' | 'Decline') =>
    page.getByRole('group', { name: line }).getByText(c, { exact: true }).click();

  async function fitsBothPhones(page: Page, what: string) {
    const problems: string[] = [];
    for (const viewport of [
      { width: 360, height: 640 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      for (const p of await phoneProblems(page)) problems.push(`${what} at ${viewport.width}: ${p}`);
    }
    expect(problems).toEqual([]);
  }

  it('two of three optional lines approved and signed by finger; the yard changes a line; the owner re-approves', async () => {
    const { yard, staff } = await makeYard(database.db, 'Harbor Point Marine');
    const me = await signedInCustomer(h, database.db, yard);
    const { order } = await orderWithLines(database.db, yard.id, me.customer.id, LINES);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const draft = (await agent.post(`/api/staff/orders/${order.id}/estimates`)).json().estimate;
    expect((await agent.post(`/api/staff/estimates/${draft.id}/send`)).statusCode).toBe(200);

    const context = await phoneContext(browser, { width: 390, height: 844 });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${base}/portal/${yard.slug}/sign-in`);
    await page.getByLabel('Email').fill(me.customer.email!);
    await page.getByLabel('Password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Welcome,/).waitFor();
    await page.goto(`${base}/portal/${yard.slug}/orders/${order.id}`);
    await page.getByRole('heading', { name: 'Approve and sign' }).waitFor();
    await fitsBothPhones(page, 'approval form');

    // No optional line is chosen for the owner; the total follows each choice.
    const total = page.getByTestId('estimate-total');
    expect(await total.textContent()).toBe('$478.54');
    await choose(page, 'Shrink wrap', 'Approve');
    await expect.poll(() => total.textContent()).toBe('$890.54');
    await choose(page, 'Zinc anode', 'Approve');
    await expect.poll(() => total.textContent()).toBe('$944.17');
    await choose(page, 'Wax and polish', 'Decline');
    await expect.poll(() => total.textContent()).toBe('$944.17');

    // Signed by finger, with the typed name; a first stroke cleared and signed again.
    const pad = page.getByTestId('signature-pad');
    await drawSignature(page, pad, 'touch');
    await page.getByRole('button', { name: 'Clear signature' }).click();
    await page.getByRole('button', { name: 'Approve and sign $944.17' }).click();
    await page.getByText('Draw your signature in the box').waitFor();
    await page.getByLabel('Your full name').fill('Ava Thompson');
    await drawSignature(page, pad, 'touch');
    await page.getByRole('button', { name: 'Approve and sign $944.17' }).click();
    await page.getByText(/You approved and signed \$944\.17 .*declining 1 optional line/).waitFor();
    expect(await page.getByRole('img', { name: 'Signature of Ava Thompson' }).isVisible()).toBe(true);
    await fitsBothPhones(page, 'signed estimate');

    const [snap] = await database.db
      .selectFrom('estimate_acceptances')
      .selectAll()
      .where('estimate_id', '=', draft.id)
      .execute();
    expect(snap.signer_name).toBe('Ava Thompson');
    expect(snap.signature_path).toMatch(/^M\d+ \d+(L\d+ \d+)+$/);
    expect(snap.total_cents).toBe(94_417);
    // Staff see the signature and the lines chosen.
    const staffView = (await agent.get(`/api/staff/orders/${order.id}/estimates`)).json().estimates[0];
    expect(staffView.acceptance.signature.name).toBe('Ava Thompson');
    expect(staffView.acceptance.declinedLineIds).toHaveLength(1);

    // The yard adds a gallon of paint, revises and sends version 2.
    await setLines(
      database.db,
      yard.id,
      order.id,
      LINES.map((l) => (l.description === 'Bottom paint (gal)' ? { ...l, quantity: '4' } : l)),
    );
    const v2 = (await agent.post(`/api/staff/estimates/${draft.id}/revise`)).json().estimate;
    expect((await agent.post(`/api/staff/estimates/${v2.id}/send`)).statusCode).toBe(200);
    expect((await agent.get(`/api/staff/orders/${order.id}`)).json().awaitingReapproval).toMatchObject({
      version: 2,
    });

    await page.reload();
    const changed = page.getByRole('region', { name: 'What changed' });
    await changed.waitFor();
    expect(await changed.textContent()).toContain('Changed: Bottom paint (gal) — 3 × $89.99 → 4 × $89.99');
    expect(await changed.textContent()).toContain('$944.17 →');
    await fitsBothPhones(page, 'what changed');

    // Approved again, this time signed with the mouse, declining the wax once more.
    await choose(page, 'Shrink wrap', 'Approve');
    await choose(page, 'Zinc anode', 'Approve');
    await choose(page, 'Wax and polish', 'Decline');
    await page.getByLabel('Your full name').fill('Ava Thompson');
    await drawSignature(page, page.getByTestId('signature-pad'), 'mouse');
    await page.getByRole('button', { name: /^Approve and sign \$/ }).click();
    // Version 1's answer is in the collapsed earlier versions: the one in view is version 2's.
    await page.locator('.signed-by p:visible', { hasText: 'You approved and signed' }).waitFor();
    expect(await page.getByRole('region', { name: 'What changed' }).count()).toBe(0);
    expect((await agent.get(`/api/staff/orders/${order.id}`)).json().awaitingReapproval).toBeNull();
    await page.getByText('Earlier version (1)').click();
    await page.getByRole('region', { name: 'Version 1' }).waitFor();
    await fitsBothPhones(page, 're-approved estimate');
    await context.close();
  }, 120_000);
});
