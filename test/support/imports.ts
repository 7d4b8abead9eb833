import { expect } from 'vitest';
import type { ImportRowView, ImportStatus, ImportSummary } from '../../src/shared/api-types.js';
import type { Agent } from './harness.js';
import { multipartBody } from './photos.js';

/** The header of the "old system" export: labels as another program writes them. */
export const OLD_SYSTEM_HEADER = [
  'Account No',
  'First Name',
  'Last Name',
  'E-mail Address',
  'Cell',
  'Street',
  'City',
  'State',
  'Zip',
  'Vessel Name',
  'Make',
  'Model',
  'Year',
  'LOA',
  'Beam',
  'HIN',
  'Slip',
  'Notes',
];

const csvLine = (cells: string[]) =>
  cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

function customerCells(n: number, boat: number): string[] {
  return [
    String(7000 + n),
    `Skipper${n}`,
    `Oldsystem`,
    `skipper${n}@example.com`,
    `(305) 555-${String(1000 + n).slice(-4)}`,
    `${n} Harbor Way`,
    'Key West',
    'FL',
    '33040',
    boat === 1 ? `Sea Breeze ${n}` : `Tender ${n}`,
    'Grady-White',
    'Freedom 235',
    String(2000 + (n % 20)),
    boat === 1 ? '23.5' : '10',
    '8.5',
    `GDY${String(10000 + n * 10 + boat)}C808`,
    `B-${n}`,
    n === 3 ? 'Prefers texts, not calls' : '',
  ];
}

/**
 * An export from another yard system, one row per boat with customers repeated: `rows`
 * rows in all (50 by default): customers 1…(rows−10) each with a boat, 7 of them with a
 * second boat further down, one exact duplicate of row 2, and two bad rows (an email that
 * is not one, a year no boat was built in). Rows as a spreadsheet shows them: the header
 * is row 1, so the first customer is row 2.
 */
export function oldSystemExport(rows = 50) {
  const customers = rows - 10;
  const lines = [csvLine(OLD_SYSTEM_HEADER)];
  for (let n = 1; n <= customers; n++) lines.push(csvLine(customerCells(n, 1)));
  for (let n = 1; n <= 7; n++) lines.push(csvLine(customerCells(n, 2)));
  lines.push(csvLine(customerCells(1, 1)));
  const badEmail = customerCells(customers + 1, 1);
  badEmail[3] = 'skipper-at-example.com';
  lines.push(csvLine(badEmail));
  const badYear = customerCells(customers + 2, 1);
  badYear[12] = '1492';
  lines.push(csvLine(badYear));
  return {
    csv: `${lines.join('\r\n')}\r\n`,
    expected: {
      customers,
      boats: customers + 7,
      create: customers + 7,
      duplicate: 1,
      invalid: 2,
      duplicateRow: customers + 9,
      duplicateOf: 2,
      badEmailRow: customers + 10,
      badYearRow: customers + 11,
    },
  };
}

/**
 * A plain export of `rows` customers with a boat each, numbered from `firstNumber`, their
 * last names and emails told apart by `tag` (for the crash and shutdown tests).
 */
export function numberedCustomersCsv(rows: number, firstNumber: number, tag: string): string {
  return [
    'Customer number,First name,Last name,Email,Boat,LOA',
    ...Array.from(
      { length: rows },
      (_, i) => `${firstNumber + i},${tag},Test ${i},${tag.toLowerCase()}-${i}@example.com,Boat ${i},30`,
    ),
  ].join('\n');
}

/** Uploads an export as the import page's form does; answers the raw response. */
export function uploadImport(
  agent: Agent,
  customers: { data: Buffer | string; fileName?: string },
  boats?: { data: Buffer | string; fileName?: string },
) {
  const file = (name: string, f: { data: Buffer | string; fileName?: string }) => ({
    name,
    file: {
      fileName: f.fileName ?? `${name}.csv`,
      contentType: f.fileName?.endsWith('.xlsx')
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv',
      data: Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data, 'utf8'),
    },
  });
  const { payload, contentType } = multipartBody([
    file('customers', customers),
    ...(boats ? [file('boats', boats)] : []),
  ]);
  return agent.postRaw('/api/staff/imports', payload, contentType);
}

/** Uploads, keeps the guessed mapping, and answers the preview. */
export async function importPreview(agent: Agent, data: Buffer | string, boats?: Buffer | string) {
  const res = await uploadImport(agent, { data }, boats === undefined ? undefined : { data: boats });
  expect(res.statusCode, res.body).toBe(201);
  const job = res.json() as ImportSummary;
  if (job.status === 'preview') return job;
  const mapped = await agent.request('PUT', `/api/staff/imports/${job.id}/mapping`, { mapping: job.mapping });
  expect(mapped.statusCode, mapped.body).toBe(200);
  return mapped.json() as ImportSummary;
}

/** Every previewed row, page by page. */
export async function importRows(agent: Agent, id: string, outcome?: string): Promise<ImportRowView[]> {
  const rows: ImportRowView[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const res = await agent.get(
      `/api/staff/imports/${id}/rows?limit=500&offset=${offset}${outcome ? `&outcome=${outcome}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { rows: ImportRowView[]; nextOffset: number | null };
    rows.push(...page.rows);
    offset = page.nextOffset;
  }
  return rows;
}

/** Polls the import like the progress bar does until it reaches `status`. */
export async function waitForImport(
  agent: Agent,
  id: string,
  status: ImportStatus = 'completed',
  timeoutMs = 60_000,
): Promise<ImportSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await agent.get(`/api/staff/imports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as ImportSummary;
    if (s.status === status) return s;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${s.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
