import { describe, expect, it } from 'vitest';
import { isExampleRow, TEMPLATE_HEADER, templateCsv, templateXlsx } from './index.js';
import { bytesOf, exceljsRead, row, rowsOf } from './test-support.js';

const EXAMPLE = row(2, {
  email: 'someone@example.com',
  name: 'Example Row – delete me',
  phone: '(555) 010-0000',
});

describe('the invite template', () => {
  it('as CSV reads back to exactly the example row, recognised as such', async () => {
    const csv = templateCsv();
    expect(csv.startsWith(`\uFEFF${TEMPLATE_HEADER.join(',')}\r\n`)).toBe(true);
    const rows = await rowsOf(csv);
    expect(rows).toEqual([EXAMPLE]);
    expect(isExampleRow(rows[0])).toBe(true);
  });

  it('as .xlsx reads back to exactly the example row, and explains itself on a second sheet', async () => {
    const file = await bytesOf(templateXlsx());
    const rows = await rowsOf(file, 'xlsx');
    expect(rows).toEqual([EXAMPLE]);
    expect(isExampleRow(rows[0])).toBe(true);

    const wb = await exceljsRead(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Customers', 'Instructions']);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, ...TEMPLATE_HEADER]);
    const text = wb.worksheets[1].getColumn(1).values.join('\n');
    for (const words of [
      'one row per customer',
      'customer number first',
      'email address on file',
      'in portal',
      'preview',
      '10 mb',
    ]) {
      expect(text.toLowerCase()).toContain(words);
    }
  });

  it('tells a real row from the example', () => {
    expect(isExampleRow({ ...EXAMPLE, email: 'SOMEONE@example.com' })).toBe(true);
    expect(isExampleRow({ ...EXAMPLE, name: 'Ava Thompson' })).toBe(false);
    expect(isExampleRow({ ...EXAMPLE, email: 'ava@example.test' })).toBe(false);
  });
});
