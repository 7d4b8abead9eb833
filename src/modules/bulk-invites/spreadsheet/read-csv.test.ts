import { createReadStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplateRows, SpreadsheetError } from './index.js';
import { refusalOf, row, rowsOf } from './test-support.js';

const HEADER = 'Customer number,Email,First name,Last name,Phone';

describe('reading a filled CSV template', () => {
  it("reads Excel's semicolon CSV with a BOM, CRLF and quoted values", async () => {
    const csv = `\uFEFFCustomer number;Email;First name;Last name;Phone\r\n1042;ava@example.test;"Åsa";"Öberg; Jr.";+1 305 555 0142\r\n`;
    expect(await rowsOf(csv)).toEqual([
      row(2, { number: '1042', email: 'ava@example.test', name: 'Åsa Öberg; Jr.', phone: '+1 305 555 0142' }),
    ]);
  });

  it('takes a `sep=;` first line as the delimiter and counts it as row 1', async () => {
    const csv = 'sep=;\r\nEmail;Phone\r\na@b.test;305,555\r\n';
    expect(await rowsOf(csv)).toEqual([row(3, { email: 'a@b.test', phone: '305,555' })]);
  });

  it('reads tab-separated text and LF or CR line ends', async () => {
    expect(await rowsOf('Email\tPhone\na@b.test\t123\n')).toEqual([
      row(2, { email: 'a@b.test', phone: '123' }),
    ]);
    expect(await rowsOf('Email,Phone\ra@b.test,123\rc@d.test,456')).toEqual([
      row(2, { email: 'a@b.test', phone: '123' }),
      row(3, { email: 'c@d.test', phone: '456' }),
    ]);
  });

  it('keeps commas, quotes and line breaks inside quoted values; the row number is the record', async () => {
    const csv = `${HEADER}\r\n1,"a@b.test","Mary ""Mo""","Smith,\r\nJones",\r\n2,c@d.test,,,\r\n`;
    expect(await rowsOf(csv)).toEqual([
      row(2, { number: '1', email: 'a@b.test', name: 'Mary "Mo" Smith,\r\nJones' }),
      row(3, { number: '2', email: 'c@d.test' }),
    ]);
  });

  it('matches headers forgivingly and reports the columns it ignores', async () => {
    const csv =
      '\uFEFF  CUSTOMER   NO. ,E-mail,Surname,Given name,Mobile,Boat,\r\n7,x@y.test,Lee,Ann,555,Sea Breeze,\r\n';
    expect(await rowsOf(csv)).toEqual([
      row(2, { number: '7', email: 'x@y.test', name: 'Ann Lee', phone: '555' }),
    ]);
  });

  it('uses a single Name column when there are no first and last names', async () => {
    expect(await rowsOf('Full name,Email\r\n  Ava Thompson ,a@b.test\r\n')).toEqual([
      row(2, { email: 'a@b.test', name: 'Ava Thompson' }),
    ]);
  });

  it('skips empty rows, trailing ones too, but keeps every row number', async () => {
    const csv = `${HEADER}\r\n,,,,\r\n1,,,,\r\n\r\n , \r\n2,,,,\r\n,,,,\r\n,,,,\r\n`;
    expect((await rowsOf(csv)).map((r) => [r.rowNumber, r.number])).toEqual([
      [3, '1'],
      [6, '2'],
    ]);
  });

  it('reads a trailing delimiter as nothing', async () => {
    expect(await rowsOf('Email,Phone,\r\na@b.test,1,\r\n')).toEqual([
      row(2, { email: 'a@b.test', phone: '1' }),
    ]);
  });

  it('undoes Excel\'s text forcing: ="00123" and a leading apostrophe', async () => {
    const csv = 'Customer number,Phone,Email\r\n="00123",\'+1 305 555 0142,"=""007"""\r\n';
    expect(await rowsOf(csv)).toEqual([row(2, { number: '00123', phone: '+1 305 555 0142', email: '007' })]);
  });

  it('reads a phone Excel wrote in scientific notation only when no digit was lost', async () => {
    expect(await rowsOf('Phone\r\n1.3055550142E+10\r\n')).toEqual([row(2, { phone: '13055550142' })]);
    const err = await refusalOf('Email,Phone\r\na@b.test,1\r\nc@d.test,3.05556E+09\r\n');
    expect(err).toBeInstanceOf(SpreadsheetError);
    expect(err).toMatchObject({ row: 3, column: 'Phone' });
    expect(err.message).toMatch(/^Row 3, column "Phone" holds 3\.05556E\+09: .*digits are lost.*as Text/);
  });

  it('refuses a formula, naming the row and column', async () => {
    const err = await refusalOf('Customer number,Email\r\n1,a@b.test\r\n1001,=A1&"@x.com"\r\n');
    expect(err).toMatchObject({ row: 3, column: 'Email' });
    expect(err.message).toBe(
      'Row 3, column "Email" holds a formula (=A1&"@x.com"). Paste the column as values and upload again.',
    );
  });

  it('ignores a formula in a column it does not read', async () => {
    expect(await rowsOf('Email,Notes\r\na@b.test,=SUM(1)\r\n')).toEqual([row(2, { email: 'a@b.test' })]);
  });

  it('refuses broken quoting, naming the row and column where the quote opens', async () => {
    const err = await refusalOf(
      'Customer number,Email\r\n1000,a@b.test\r\n1001,"a@b.test\r\n1002,c@d.test\r\n',
    );
    expect(err).toMatchObject({ row: 3, column: 'Email' });
    expect(err.message).toBe(
      'Row 3, column "Email": the quoted value is not closed. Check the quotes in that row.',
    );
    expect((await refusalOf('sep=,\r\nEmail\r\n"a@b.test\r\n')).row).toBe(3);
  });

  it('refuses text that is not UTF-8, naming the cell', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('Email,Last name\r\na@b.test,Ob'),
      Buffer.from([0xf6]),
      Buffer.from('rg\r\n'),
    ]);
    const err = await refusalOf(latin1);
    expect(err).toMatchObject({ row: 2, column: 'Last name' });
    expect(err.message).toMatch(/not UTF-8 .*CSV UTF-8/);
  });

  it('refuses a header without Customer number, Email or Phone, naming the columns found', async () => {
    const err = await refusalOf('Boat,Slip\r\nSea Breeze,A-4\r\n');
    expect(err.message).toBe(
      'The file has no Customer number, Email or Phone column (its columns are "Boat", "Slip"). Download the template and keep its header row.',
    );
  });

  it('refuses two columns of the same kind, naming both', async () => {
    const err = await refusalOf('Email,Phone,E-mail address\r\na@b.test,1,c@d.test\r\n');
    expect(err.message).toMatch(/"Email" \(column A\) and "E-mail address" \(column C\)/);
  });

  it('refuses an empty file', async () => {
    expect((await refusalOf('\uFEFF\r\n,,\r\n')).message).toMatch(/^The file is empty/);
  });

  it('refuses more rows than allowed, not counting empty ones', async () => {
    const csv = `Email\r\n${Array.from({ length: 3 }, (_, i) => `a${i}@b.test`).join('\r\n')}\r\n,\r\n\r\n`;
    expect(await rowsOf(csv, 'csv', 3)).toHaveLength(3);
    const err = await refusalOf(`${csv}x@y.test\r\n`, 'csv', 3);
    expect(err.message).toBe('The file has more than 3 rows. Split it into several files of at most 3 rows.');
    expect((await refusalOf(`Email\r\n${'a@b.test\r\n'.repeat(100_001)}`, 'csv', 100_000)).message).toBe(
      'The file has more than 100,000 rows. Split it into several files of at most 100,000 rows.',
    );
  });

  it('closes the uploaded file when it stops at a refused row', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'slipway-csv-')), 'c.csv');
    await writeFile(path, `Email\r\n=1+1\r\n${'a@b.test\r\n'.repeat(50_000)}`);
    const file = createReadStream(path, { highWaterMark: 1024 });
    const closed = new Promise<void>((resolve) => file.on('close', () => resolve()));
    const rows = readTemplateRows(file, { kind: 'csv', maxRows: 100_000 });
    await expect(rows.next()).rejects.toThrow(/Row 2, column "Email" holds a formula/);
    await closed;
    expect(file.bytesRead).toBeLessThan(100_000);
  });
});
