import type { Readable } from 'node:stream';
import { TEMPLATE_HEADER } from './columns.js';
import type { TemplateRow } from './read-template-rows.js';
import { csvLine } from './write-csv.js';
import { writeXlsx } from './write-xlsx.js';

/** Shows how to fill a row; it cannot match a customer (example.com, no number) and is recognised. */
const EXAMPLE_EMAIL = 'someone@example.com';
const EXAMPLE_ROW = ['', EXAMPLE_EMAIL, 'Example', 'Row – delete me', '(555) 010-0000'];

const INSTRUCTIONS = [
  'One row per customer, on the Customers sheet. Keep its header row; replace the example row.',
  'Fill at least one of Customer number, Email or Phone for each customer. Names help you recognise rows.',
  'Slipway matches each row by Customer number first, then by Email, then by Phone.',
  'The invite goes to the email address on file in Slipway for the matched customer.',
  'Customers already IN PORTAL, or invited in the last 24 hours, are skipped.',
  'You will see a preview of every row before anything is sent.',
  'Upload the file as CSV or .xlsx, up to 10 MB and 100,000 rows.',
];

/** The invite template as CSV: UTF-8 with BOM, header and the example row. */
export function templateCsv(): string {
  return `\uFEFF${csvLine(TEMPLATE_HEADER)}${csvLine(EXAMPLE_ROW)}`;
}

/** The invite template as .xlsx: "Customers" (header and example row) and "Instructions". */
export function templateXlsx(): Readable {
  return writeXlsx([
    { name: 'Customers', header: TEMPLATE_HEADER, rows: [EXAMPLE_ROW], columnWidths: [18, 30, 16, 20, 18] },
    {
      name: 'Instructions',
      header: ['How to fill in this template'],
      rows: INSTRUCTIONS.map((l) => [l]),
      columnWidths: [100],
    },
  ]);
}

/** The template's example row, left in by staff who did not delete it. */
export function isExampleRow(r: TemplateRow): boolean {
  return r.email?.toLowerCase() === EXAMPLE_EMAIL && (r.name ?? '').startsWith('Example');
}
