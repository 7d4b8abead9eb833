import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import {
  DEMO_STAFF_EMAIL,
  DEMO_STAFF_PASSWORD,
  DEMO_YARD_SLUG,
  seedDemoYard,
} from '../../src/db/demo-seed.js';
import { normalizePhone } from '../../src/modules/customers/phone.js';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { TEMPLATE_HEADER } from '../support/bulk-invites.js';
import type { Harness } from '../support/harness.js';
import { inviteLinkIn } from '../support/smtp-sink.js';

interface Seeded {
  id: string;
  customer_number: number;
  first_name: string;
  last_name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((v) => v.trim() !== ''));
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const toCsv = (rows: string[][]) => `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;

async function downloadBytes(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

async function downloadText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const { name, bytes } = await downloadBytes(page, click);
  return { name, text: bytes.toString('utf8') };
}

/** The id of the batch page the browser is on. */
async function batchIdOf(page: Page): Promise<string> {
  await expect
    .poll(() => new URL(page.url()).pathname, { timeout: 15_000 })
    .toMatch(/^\/app\/invites\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/').pop() as string;
}

/** A preview total, found by its chip's accessible name ("Will be invited 3"). */
async function expectTotal(page: Page, label: string, count: number) {
  const totals = page.getByRole('group', { name: 'Preview totals' });
  await totals.getByRole('button', { name: `${label} ${count}`, exact: true }).waitFor({ timeout: 15_000 });
}

/** The progress bar reaches its end, then the page says the batch is finished. */
async function waitUntilSent(page: Page) {
  const bar = page.getByRole('progressbar', { name: 'Sending invites' });
  await bar.waitFor({ timeout: 15_000 });
  await expect
    .poll(
      async () => {
        const now = await bar.getAttribute('aria-valuenow');
        const max = await bar.getAttribute('aria-valuemax');
        return now !== null && now === max;
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe(true);
  await page.getByRole('heading', { name: 'Finished' }).waitFor({ timeout: 15_000 });
  await page.getByText('Completed', { exact: true }).first().waitFor();
}

/**
 * Bulk invites as staff do them in headless Chromium: the template downloaded, filled and
 * uploaded, the preview read and confirmed, the progress followed to the end, the report
 * downloaded, and the invite emails received by a real SMTP server.
 */
describeEachBrowserEngine('bulk portal invites in a browser', (engine) => {
  let database: Database;
  let h: Harness;
  let browser: Browser;
  let base: string;
  let app: BrowserApp | undefined;
  let customers: Seeded[] = [];
  let dir: string;
  /** Customers the first test invites; the search test stays clear of them. */
  const used = new Set<string>();

  beforeAll(async () => {
    app = await startBrowserApp({ engine, seed: (d) => seedDemoYard(d.db, { customers: 80 }) });
    ({ database, h, browser, base } = app);
    customers = await database.db
      .selectFrom('customers')
      .innerJoin('yards', 'yards.id', 'customers.yard_id')
      .where('yards.slug', '=', DEMO_YARD_SLUG)
      .select([
        'customers.id',
        'customers.customer_number',
        'customers.first_name',
        'customers.last_name',
        'customers.company',
        'customers.email',
        'customers.phone',
      ])
      .orderBy('customers.customer_number')
      .execute();
    dir = await mkdtemp(join(tmpdir(), 'slipway-bulk-e2e-'));
  });

  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function signIn(page: Page) {
    await page.goto(`${base}/app/customers`);
    await page.getByLabel('Email').fill(DEMO_STAFF_EMAIL);
    await page.getByLabel('Password').fill(DEMO_STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
  }

  it('downloads the template, uploads it filled, previews, sends, and reports every row', async () => {
    const count = (pick: (c: Seeded) => string | null, value: string | null) =>
      customers.filter((c) => pick(c) === value).length;
    const phoneDigits = (c: Seeded) => normalizePhone(c.phone)?.digits ?? null;
    // Generated customers (1003+) with a unique email and a unique phone number.
    const eligible = customers.filter(
      (c) =>
        c.customer_number > 1002 &&
        c.email &&
        phoneDigits(c) &&
        count((x) => x.email?.toLowerCase() ?? null, c.email.toLowerCase()) === 1 &&
        count(phoneDigits, phoneDigits(c)) === 1,
    );
    expect(eligible.length).toBeGreaterThan(10);
    const [byNumber, byEmail, byPhone] = eligible;
    const liam = customers.find((c) => c.customer_number === 1002) as Seeded;
    expect(liam.email).toBeNull();
    for (const c of [byNumber, byEmail, byPhone, liam]) used.add(c.id);
    const unknown = `nobody-${Date.now()}@example.org`;

    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page);

    // Customers → Bulk invite; the Customers tab stays the current one.
    await page.getByRole('link', { name: 'Bulk invite', exact: true }).click();
    await page.getByRole('heading', { name: 'Bulk invites', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/invites');
    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    expect(await nav.getByRole('link', { name: 'Customers' }).getAttribute('aria-current')).toBe('page');
    await page.getByText('No bulk invites yet').waitFor();

    // The template: the header row and the example row.
    const template = await downloadText(page, () =>
      page.getByRole('link', { name: 'Download template (CSV)' }).click(),
    );
    expect(template.name).toMatch(/\.csv$/);
    const [header, example, ...rest] = parseCsv(template.text);
    expect(header).toEqual(TEMPLATE_HEADER);
    expect(example).toHaveLength(TEMPLATE_HEADER.length);
    expect(example.join(' ')).toMatch(/example/i);
    expect(rest).toEqual([]);
    const xlsx = await downloadBytes(page, () =>
      page.getByRole('link', { name: 'Download template (Excel)' }).click(),
    );
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip, as .xlsx files are
    const col = (name: string) => header.indexOf(name);
    const line = (v: Partial<Record<string, string>>) => header.map((name) => v[name] ?? '');

    // Filled in: rows 3–8 under the header (row 1) and the example row (row 2), which stays.
    const filled = [
      header,
      example,
      line({ 'Customer number': String(byNumber.customer_number) }), // 3
      line({ Email: byEmail.email as string, 'First name': byEmail.first_name }), // 4
      line({ Phone: byPhone.phone as string, 'Last name': byPhone.last_name }), // 5
      line({ Email: (byNumber.email as string).toUpperCase() }), // 6: row 3's customer again
      line({ Email: unknown, 'First name': 'Nobody' }), // 7
      line({ 'Customer number': String(liam.customer_number) }), // 8
    ];
    expect(col('Email')).toBeGreaterThanOrEqual(0);
    const file = join(dir, 'spring-invites.csv');
    await writeFile(file, toCsv(filled));

    await page.getByLabel('Filled template').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    const batchId = await batchIdOf(page);
    await page.getByRole('heading', { name: 'spring-invites.csv', level: 1 }).waitFor();

    // The preview: totals per outcome and each row's reason.
    await expectTotal(page, 'All rows', 7);
    await expectTotal(page, 'Will be invited', 3);
    await expectTotal(page, 'Duplicate row', 1);
    await expectTotal(page, 'No matching customer', 2);
    await expectTotal(page, 'No email on file', 1);
    const table = page.getByRole('table', { name: 'Rows' });
    const row = (n: number) =>
      table.getByRole('row').filter({ has: page.getByRole('cell', { name: String(n), exact: true }) });
    await row(8).waitFor();
    for (const [n, c] of [
      [3, byNumber],
      [4, byEmail],
      [5, byPhone],
    ] as const) {
      const text = await row(n).textContent();
      expect(text).toContain('Will be invited');
      expect(text).toContain(c.email);
      expect(await row(n).getByRole('link').getAttribute('href')).toBe(`/app/customers/${c.id}`);
    }
    expect(await row(2).textContent()).toMatch(/No matching customer.*example row/);
    expect(await row(6).textContent()).toContain('Duplicate of row 3');
    expect(await row(7).textContent()).toContain('No matching customer');
    expect(await row(7).textContent()).toContain(unknown);
    expect(await row(8).textContent()).toContain('No email on file');

    // A total filters the rows.
    await page
      .getByRole('group', { name: 'Preview totals' })
      .getByRole('button', { name: /^Duplicate row/ })
      .click();
    await page.getByRole('table', { name: 'Rows: Duplicate row' }).waitFor();
    await expect
      .poll(() => page.getByRole('table', { name: 'Rows: Duplicate row' }).getByRole('row').count())
      .toBe(2);
    await page
      .getByRole('group', { name: 'Preview totals' })
      .getByRole('button', { name: /^All rows/ })
      .click();
    await row(8).waitFor();

    // Confirm in the dialog.
    await page.getByRole('button', { name: 'Send 3 invites' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send 3 portal invites?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Customers receive the email at the address on file.');
    await dialog.getByRole('button', { name: 'Send 3 invites' }).click();
    await dialog.waitFor({ state: 'detached' });

    await waitUntilSent(page);
    const progress = page.getByRole('progressbar', { name: 'Sending invites' });
    expect(await progress.getAttribute('aria-valuemax')).toBe('7');
    expect(await progress.getAttribute('aria-valuetext')).toContain('3 sent, 4 skipped, 0 failed');
    // The rows now show their results.
    await expect.poll(async () => (await row(3).textContent()) ?? '').toContain('Sent');
    expect(await row(6).textContent()).toContain('Skipped');

    // The report: every row with its outcome.
    const report = await downloadText(page, () =>
      page.getByRole('link', { name: 'Download report (CSV)' }).click(),
    );
    expect(report.name).toMatch(/\.csv$/);
    const [reportHeader, ...reportRows] = parseCsv(report.text);
    const at = (name: string) => {
      const i = reportHeader.indexOf(name);
      expect(i, `report column ${name}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const byRow = new Map(reportRows.map((r) => [Number(r[at('Row')]), r]));
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const expected: Record<number, [string, string, RegExp]> = {
      2: ['No matching customer', 'Skipped', /example row/],
      3: ['Will be invited', 'Sent', /./],
      4: ['Will be invited', 'Sent', /./],
      5: ['Will be invited', 'Sent', /./],
      6: ['Duplicate row', 'Skipped', /Duplicate of row 3/],
      7: ['No matching customer', 'Skipped', new RegExp(unknown.replace(/[.]/g, '\\.'))],
      8: ['No email on file', 'Skipped', /email/i],
    };
    for (const [n, [preview, result, reason]] of Object.entries(expected)) {
      const r = byRow.get(Number(n)) as string[];
      expect(r[at('Preview')], `row ${n}`).toBe(preview);
      expect(r[at('Result')], `row ${n}`).toBe(result);
      if (result === 'Skipped') expect(r[at('Reason')], `row ${n}`).toMatch(reason);
    }

    const reportXlsx = await downloadBytes(page, () =>
      page.getByRole('link', { name: 'Download report (Excel)' }).click(),
    );
    expect(reportXlsx.name).toMatch(/\.xlsx$/);
    expect(reportXlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    // The invite emails: one per customer, at the address on file, with a portal link.
    for (const c of [byNumber, byEmail, byPhone]) {
      const mails = await h.sink.waitForMail(c.email as string, 1);
      expect(mails).toHaveLength(1);
      expect(inviteLinkIn(mails[0]).startsWith(`${base}/portal/${DEMO_YARD_SLUG}/accept/`)).toBe(true);
    }
    expect(h.sink.mailTo(unknown)).toHaveLength(0);
    expect(h.sink.received.filter((m) => m.to.includes(DEMO_STAFF_EMAIL))).toHaveLength(0);

    // Back on the list: the batch with its counts, linking to its page.
    await page.getByRole('link', { name: '← Bulk invites' }).click();
    const listed = page
      .getByRole('table', { name: 'Recent bulk invites' })
      .getByRole('row', { name: /spring-invites\.csv/ });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('Completed');
    expect(await listed.getByRole('link').getAttribute('href')).toBe(`/app/invites/${batchId}`);

    await context.close();
  });

  it('invites everyone a customer search finds, after the preview', async () => {
    // A surname several customers share, none of them invited above, all with an email.
    const bySurname = new Map<string, Seeded[]>();
    for (const c of customers) bySurname.set(c.last_name, [...(bySurname.get(c.last_name) ?? []), c]);
    const group = [...bySurname.entries()].find(
      ([name, list]) =>
        /^[A-Za-z]+$/.test(name) &&
        list.length >= 2 &&
        list.length <= 5 &&
        list.every((c) => c.email && !used.has(c.id)) &&
        // The search also looks at first names, companies and emails: no one else may carry the name.
        customers.every(
          (c) =>
            list.includes(c) ||
            !`${c.first_name} ${c.last_name} ${c.company ?? ''} ${c.email ?? ''}`
              .toLowerCase()
              .includes(name.toLowerCase()),
        ),
    );
    expect(group, 'a shared surname in the demo yard').toBeDefined();
    const [surname, family] = group as [string, Seeded[]];

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.getByLabel('Search customers').fill(surname);
    await page
      .getByRole('status')
      .filter({ hasText: `${family.length} customers shown` })
      .waitFor({ timeout: 15_000 });

    const [created] = await Promise.all([
      page
        .waitForResponse((r) => new URL(r.url()).pathname === '/api/staff/invite-batches/from-search', {
          timeout: 15_000,
        })
        .catch(() => null),
      page.getByRole('button', { name: 'Invite all eligible' }).click(),
    ]);
    expect(created, 'POST /api/staff/invite-batches/from-search answered within 15 s').not.toBeNull();
    expect(created?.status(), await created?.text()).toBe(201);
    await batchIdOf(page);
    await page.getByRole('heading', { name: `Customers matching "${surname}"`, level: 1 }).waitFor();
    await expectTotal(page, 'All rows', family.length);
    await expectTotal(page, 'Will be invited', family.length);
    for (const c of family)
      await page
        .getByRole('table', { name: 'Rows' })
        .getByText(c.email as string)
        .waitFor();

    await page.getByRole('button', { name: `Send ${family.length} invites` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: `Send ${family.length} invites` }).click();
    await waitUntilSent(page);

    for (const c of family) {
      const [mail] = await h.sink.waitForMail(c.email as string, 1);
      expect(inviteLinkIn(mail).startsWith(`${base}/portal/${DEMO_YARD_SLUG}/accept/`)).toBe(true);
    }
    await context.close();
  });
});
