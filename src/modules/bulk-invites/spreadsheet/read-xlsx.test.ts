import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { bytesOf, refusalOf, row, rowsOf } from './test-support.js';

const HEADER = ['Customer number', 'Email', 'First name', 'Last name', 'Phone'];

/** A workbook as Excel saves it (exceljs writes shared strings like Excel does). */
async function workbookOf(fill: (sheet: ExcelJS.Worksheet) => void, header = HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Customers');
  sheet.addRow(header);
  fill(sheet);
  wb.addWorksheet('Other').addRow(['Email', 'never@read.test']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A package written by hand, for what other writers do (prefixes, inline strings, no `r`). */
async function packageOf(parts: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [path, xml] of Object.entries(parts)) zip.addBuffer(Buffer.from(xml), path);
  zip.end();
  return bytesOf(zip.outputStream as AsyncIterable<Buffer>);
}

const MAIN = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const handWritten = (sheets: string, sheetXml: string) =>
  packageOf({
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/officeDocument" Target="/xl/book.xml"/></Relationships>`,
    'xl/book.xml': `<x:workbook ${MAIN} xmlns:r="${REL}"><x:sheets>${sheets}</x:sheets></x:workbook>`,
    'xl/_rels/book.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="${REL}/worksheet" Target="sheets/one.xml"/></Relationships>`,
    'xl/sheets/one.xml': `<x:worksheet ${MAIN}><x:sheetData>${sheetXml}</x:sheetData></x:worksheet>`,
  });

describe('reading a filled .xlsx template', () => {
  it('reads the first sheet: shared strings, whole numbers, sparse rows, rich text', async () => {
    const file = await workbookOf((sheet) => {
      sheet.addRow([1042, 'ava@example.test', 'Ava', '  Thompson ', 3055550142]);
      sheet.getCell('A5').value = '00123';
      sheet.getCell('E5').value = 13055550142;
      sheet.getCell('B6').value = 'mc@example.test';
      sheet.getCell('D6').value = { richText: [{ text: 'Mc', font: { bold: true } }, { text: 'Donald' }] };
      sheet.getCell('C9').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
      sheet.getCell('A12').value = 7.5;
    });
    expect(await rowsOf(file, 'xlsx')).toEqual([
      row(2, { number: '1042', email: 'ava@example.test', name: 'Ava Thompson', phone: '3055550142' }),
      row(5, { number: '00123', phone: '13055550142' }),
      row(6, { email: 'mc@example.test', name: 'McDonald' }),
      row(12, { number: '7.5' }),
    ]);
  });

  it('refuses a formula, naming the row and column', async () => {
    const file = await workbookOf((sheet) => {
      sheet.addRow([1042, 'ava@example.test']);
      sheet.addRow([1043, { formula: 'A3&"@x.com"', result: '1043@x.com' }]);
    });
    const err = await refusalOf(file, 'xlsx');
    expect(err).toMatchObject({ row: 3, column: 'Email' });
    expect(err.message).toBe(
      'Row 3, column "Email" holds a formula (=A3&"@x.com"). Paste the column as values and upload again.',
    );
  });

  it('refuses an error cell, naming it', async () => {
    const file = await workbookOf((sheet) => sheet.addRow([1042, 'a@b.test', '', '', { error: '#N/A' }]));
    const err = await refusalOf(file, 'xlsx');
    expect(err).toMatchObject({ row: 2, column: 'Phone' });
    expect(err.message).toMatch(/^Row 2, column "Phone" shows the error #N\/A\./);
  });

  it('refuses wrong columns and too many rows, as for CSV', async () => {
    const boats = await workbookOf((sheet) => sheet.addRow(['Sea Breeze', 'A-4']), ['Boat', 'Slip']);
    expect((await refusalOf(boats, 'xlsx')).message).toMatch(/no Customer number, Email or Phone column/);
    const many = await workbookOf((sheet) => {
      for (let i = 0; i < 4; i++) sheet.addRow([i]);
    });
    expect((await refusalOf(many, 'xlsx', 3)).message).toMatch(/more than 3 rows/);
  });

  it('reads what other writers produce: prefixes, inline rich text, phonetic runs, no cell references', async () => {
    const file = await handWritten(
      `<x:sheet name="Hidden" sheetId="2" state="hidden" r:id="s9"/><x:sheet name="Customers" sheetId="1" r:id="s1"/>`,
      `<x:row><x:c t="inlineStr"><x:is><x:t>Email</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Name</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Tel</x:t></x:is></x:c></x:row>
       <x:row><x:c t="inlineStr"><x:is><x:t xml:space="preserve"> a@b.test </x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>Ya</x:t></x:r><x:r><x:t>mada</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ヤ</x:t></x:rPh></x:is></x:c><x:c t="str"><x:v>555&amp;0142</x:v></x:c></x:row>
       <x:row r="5"><x:c r="C5" t="b"><x:v>1</x:v></x:c><x:c r="B5" t="inlineStr"><x:is><x:t>One_x000D_Two</x:t></x:is></x:c></x:row>`,
    );
    expect(await rowsOf(file, 'xlsx')).toEqual([
      row(2, { email: 'a@b.test', name: 'Yamada', phone: '555&0142' }),
      row(5, { name: 'One\rTwo', phone: 'TRUE' }),
    ]);
  });

  it('refuses a workbook without sheets, a zip that is not a workbook and a damaged file', async () => {
    expect((await refusalOf(await handWritten('', ''), 'xlsx')).message).toBe(
      'The .xlsx file has no worksheet. Put the customers on the first sheet and upload again.',
    );
    const zip = await packageOf({ 'notes.txt': 'hello' });
    expect((await refusalOf(zip, 'xlsx')).message).toMatch(/zip archive but not an Excel workbook/);
    const good = await workbookOf((sheet) => sheet.addRow([1]));
    expect((await refusalOf(good.subarray(0, good.length - 100), 'xlsx')).message).toMatch(/damaged/);
  });
});
