import { describe, expect, it } from 'vitest';
import { escapeCell, writeCsv, writeXlsx } from './index.js';
import { bytesOf, exceljsRead, rowsOf } from './test-support.js';

async function* slowly(rows: string[][]): AsyncGenerator<string[]> {
  for (const r of rows) yield await Promise.resolve(r);
}

describe('writing spreadsheets staff open in Excel', () => {
  it('escapes values a spreadsheet would run as formulas', () => {
    for (const v of ['=1+1', '+1 305', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(escapeCell(v)).toBe(`'${v}`);
    for (const v of ['Ava', '1042', "O'Brien", ' =1', '']) expect(escapeCell(v)).toBe(v);
  });

  it('writes CSV with a BOM, CRLF, RFC 4180 quoting and escaped cells', async () => {
    const chunks = writeCsv(
      ['Row', 'Name'],
      slowly([
        ['2', '=HYPERLINK("http://x") +1'],
        ['3', 'Öberg; Jr.\nII'],
      ]),
    );
    const csv = (await bytesOf(chunks)).toString('utf8');
    expect(csv).toBe(`\uFEFFRow,Name\r\n2,"'=HYPERLINK(""http://x"") +1"\r\n3,"Öberg; Jr.\nII"\r\n`);
  });

  it('writes an .xlsx exceljs reads back: sheets, bold header, escaped values, widths', async () => {
    const file = await bytesOf(
      writeXlsx([
        {
          name: 'Report',
          header: ['Row', 'Name', 'Note'],
          rows: slowly([
            ['2', '=1+1', 'a & <b> "c"'],
            ['3', '', 'tab\there'],
          ]),
          columnWidths: [8, 30, 40],
        },
        { name: 'Notes: [draft]', rows: [['one line']] },
      ]),
    );
    const wb = await exceljsRead(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Report', 'Notes   draft']);
    const report = wb.getWorksheet('Report')!;
    const values = report.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : r));
    expect(values.slice(1)).toEqual([
      ['Row', 'Name', 'Note'],
      ['2', "'=1+1", 'a & <b> "c"'],
      ['3', undefined, 'tab\there'],
    ]);
    expect(report.getCell('A1').font?.bold).toBe(true);
    expect(report.getCell('A2').font?.bold).toBeFalsy();
    expect(report.getCell('B2').formula).toBeUndefined();
    expect(report.getColumn(2).width).toBe(30);
    expect(report.getCell('A2').numFmt).toBe('@');
    expect(wb.getWorksheet('Notes   draft')!.getCell('A1').value).toBe('one line');
  });

  it('keeps text XML cannot hold, as Excel escapes it', async () => {
    const odd = 'line\r\nbreak _x0041_ bell\u0007';
    const file = await bytesOf(
      writeXlsx([{ name: 'R', header: ['Email', 'Name'], rows: [['a@b.test', odd]] }]),
    );
    expect((await rowsOf(file, 'xlsx'))[0].name).toBe(odd);
  });

  it('streams a 100,000-row report that reads back whole', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => [`c${i}@example.test`, `${i}`]);
    const file = await bytesOf(writeXlsx([{ name: 'Report', header: ['Email', 'Customer number'], rows }]));
    const read = await rowsOf(file, 'xlsx', 100_000);
    expect(read).toHaveLength(100_000);
    expect(read[99_999]).toMatchObject({ rowNumber: 100_001, email: 'c99999@example.test', number: '99999' });
  });

  it('passes on a failing row source as a stream error', async () => {
    async function* failing(): AsyncGenerator<string[]> {
      yield ['1'];
      throw new Error('database went away');
    }
    await expect(bytesOf(writeXlsx([{ name: 'R', rows: failing() }]))).rejects.toThrow('database went away');
  });
});
