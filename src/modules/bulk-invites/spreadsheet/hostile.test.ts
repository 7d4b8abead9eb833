import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { hostile, sheetOf, xlsxOf } from './hostile-files.js';
import { defaultReadBudget, type ReadBudget, readTemplateRows, type SpreadsheetKind } from './index.js';
import { columnIndex } from './spreadsheet-error.js';

const DEFAULT = defaultReadBudget({ maxBytes: 10 * 1024 * 1024, maxRows: 100_000 });
const CHUNK = 64 * 1024;

/**
 * Reads a file as the upload route does (64 KB chunks, the budget of a 10 MB / 100,000-row
 * upload unless a test narrows one limit) and answers how it was refused, how long that
 * took and how many bytes were read from the upload by then.
 */
async function refusal(file: Buffer, kind: SpreadsheetKind, budget: Partial<ReadBudget> = {}) {
  let pulled = 0;
  function* chunks() {
    for (let at = 0; at < file.length; at += CHUNK) {
      pulled = at + CHUNK;
      yield file.subarray(at, at + CHUNK);
    }
  }
  const started = performance.now();
  try {
    const read = readTemplateRows(Readable.from(chunks()), {
      kind,
      maxRows: 100_000,
      budget: { ...DEFAULT, ...budget },
    });
    for await (const _ of read);
  } catch (err) {
    return { message: (err as Error).message, ms: performance.now() - started, pulled, err };
  }
  throw new Error('the file was read without an error');
}

describe('hostile uploads: cell references', () => {
  it('stops reading column letters past XFD, without overflowing', () => {
    expect(columnIndex('XFD1')).toBe(16_383);
    expect(columnIndex('XFE1')).toBe(16_384);
    expect(columnIndex(`${'Z'.repeat(1_000_000)}1`)).toBe(16_384);
  });

  it('refuses a column past XFD naming the cell, at once', async () => {
    const r = await refusal(await hostile.hugeColumn(), 'xlsx');
    expect(r.message).toMatch(/^The \.xlsx file has a cell JBOLTQ2, past Excel's last column \(XFD\)/);
    expect(r.ms).toBeLessThan(1000);
    const letters = await refusal(await hostile.hugeColumnLetters(), 'xlsx');
    expect(letters.message).toMatch(/has a cell ZZZZZZZZZZZZZZZZZZZZZZZ…, past Excel's last column/);
  });

  it('refuses a row past 1,048,576, in <row r> and in the row part of <c r>', async () => {
    expect((await refusal(await hostile.hugeRow(), 'xlsx')).message).toMatch(
      /^The \.xlsx file has row 2000000, past Excel's last row \(1,048,576\)/,
    );
    for (const ref of ['A2000000', 'A99999999999']) {
      expect((await refusal(await hostile.hugeCellRow(ref), 'xlsx')).message).toMatch(
        new RegExp(`^The \\.xlsx file has a cell ${ref}, past Excel's last row`),
      );
    }
  });
});

describe('hostile uploads: rows and cells', () => {
  it('refuses more than 64 cells in a row, naming the row', async () => {
    const r = await refusal(await hostile.wideRow(65), 'xlsx');
    expect(r.message).toBe(
      'Row 2 has more than 64 cells; the invite template has 5 columns. Delete the columns Slipway does not need and upload again.',
    );
    const bomb = await refusal(await hostile.wideRow(5_000_000), 'xlsx', { partRatio: Infinity });
    expect(bomb.message).toMatch(/^Row 2 has more than 64 cells/);
    expect(bomb.ms).toBeLessThan(3000);
  });

  it('counts blank rows against the row budget (xlsx and CSV)', async () => {
    const xlsx = await hostile.blankRowsXlsx(250_000);
    const r = await refusal(xlsx, 'xlsx');
    expect(r.message).toBe(
      'The file has more than 201,000 rows, counting empty ones. Delete the empty rows under the customers (or copy the customers into a new file) and upload again.',
    );
    expect((await refusal(hostile.blankRowsCsv(250_000), 'csv')).message).toMatch(
      /^The file has more than 201,000 rows, counting empty ones/,
    );
  });

  it('refuses a row bomb of <row/> (2 GB of XML) within seconds', async () => {
    const r = await refusal(await hostile.rowBomb(2 * 1024 ** 3), 'xlsx');
    expect(r.message).toMatch(/unpacks to more than 100 times|more than 201,000 rows/);
    expect(r.ms).toBeLessThan(3000);
  });

  it('refuses a cell longer than 2,000 characters, naming it (xlsx inline, shared, CSV)', async () => {
    expect((await refusal(await hostile.longCell(2001), 'xlsx')).message).toBe(
      'Row 2, column "A" holds more than 2,000 characters. Shorten it (or delete the column) and upload again.',
    );
    expect((await refusal(await hostile.sharedStrings(['Email', 'b'.repeat(2001)]), 'xlsx')).message).toMatch(
      /holds a text of more than 2,000 characters \(shared text 2\)/,
    );
    expect((await refusal(hostile.longCsvCell(2001), 'csv')).message).toBe(
      'Row 2, column "Email" holds more than 2,000 characters. Shorten it (or delete the column) and upload again.',
    );
  });

  it('stops a 9 MB CSV cell while it is read, by the per-cell limit', async () => {
    const r = await refusal(hostile.longCsvCell(9 * 1024 * 1024), 'csv');
    expect(r.message).toMatch(/^Row 2, column "Email" holds more than 2,000 characters/);
    expect(r.pulled).toBeLessThan(1024 * 1024);
  });

  it('stops a CSV row of millions of cells while it is read', async () => {
    expect((await refusal(hostile.wideCsvRow(64), 'csv')).message).toMatch(/^Row 2 has more than 64 cells/);
    const r = await refusal(hostile.wideCsvRow(9_000_000), 'csv');
    expect(r.message).toMatch(/^Row 2 has more than 64 cells/);
    expect(r.pulled).toBeLessThan(1024 * 1024);
  });

  it('stops a 1 GB single text cell within seconds, however the other budgets are set', async () => {
    const file = await hostile.longCell(1 << 30);
    expect(file.length).toBeLessThan(2 * 1024 * 1024);
    // saxes holds a text whole until it ends: its buffer is bounded, so the cell is named
    // long before the byte or ratio budgets would stop the part.
    const r = await refusal(file, 'xlsx', { partRatio: Infinity, partBytes: Infinity });
    expect(r.message).toMatch(/^Row 2, column "A" holds more than 2,000 characters/);
    expect(r.ms).toBeLessThan(3000);
  });
});

describe('hostile uploads: zip parts', () => {
  it('refuses a part inflating past 100 times its packed size, after the first MB', async () => {
    const r = await refusal(await hostile.ignoredMarkup(50 << 20), 'xlsx');
    expect(r.message).toBe(
      "The file's sheet unpacks to more than 100 times its packed size, which no spreadsheet app writes. Save it again from Excel as .xlsx or CSV and upload again.",
    );
    expect(r.ms).toBeLessThan(3000);
  });

  it('refuses a part inflating past the byte budget, counting what streams', async () => {
    const r = await refusal(await hostile.ignoredMarkup(8 << 20), 'xlsx', {
      partRatio: Infinity,
      partBytes: 4 << 20,
    });
    expect(r.message).toBe(
      "The file's sheet holds more than 4 MB of data once unpacked; a real invite template is far smaller. Save it again from Excel as .xlsx or CSV and upload again.",
    );
  });

  it('refuses a shared-strings bomb, and too many shared strings or characters', async () => {
    const bomb = await refusal(await hostile.sharedStringsBomb(200 << 20), 'xlsx');
    expect(bomb.message).toMatch(
      /^The file's shared text \(sharedStrings\.xml\) unpacks to more than 100 times/,
    );
    expect(bomb.ms).toBeLessThan(3000);
    const texts = Array.from({ length: 20 }, (_, i) => `text ${i} ${'c'.repeat(500)}`);
    expect(
      (await refusal(await hostile.sharedStrings(texts), 'xlsx', { sharedStrings: 10 })).message,
    ).toMatch(/^The \.xlsx file holds more than 10 different texts/);
    expect(
      (await refusal(await hostile.sharedStrings(texts), 'xlsx', { sharedStringChars: 5000 })).message,
    ).toMatch(/^The \.xlsx file holds more than 5,000 characters of text/);
  });

  it('refuses a DOCTYPE (entity expansion)', async () => {
    const r = await refusal(await hostile.billionLaughs(), 'xlsx');
    expect(r.message).toMatch(/^The \.xlsx file holds a document type declaration \(<!DOCTYPE>\)/);
  });

  it('refuses a bad CRC, a central directory that lies about sizes, and a zip inside', async () => {
    const damaged = /^The \.xlsx file is damaged and cannot be read/;
    expect((await refusal(await hostile.badCrc(), 'xlsx')).message).toMatch(damaged);
    expect((await refusal(await hostile.lyingSizes(100), 'xlsx')).message).toMatch(damaged);
    expect((await refusal(await hostile.lyingSizes(1 << 30), 'xlsx')).message).toMatch(damaged);
    // Refused the moment the part outgrows what the directory declared, not once it has all inflated.
    const lying = await refusal(await hostile.lyingSizes(1000, 1024 ** 3), 'xlsx', {
      partRatio: Infinity,
      partBytes: Infinity,
    });
    expect(lying.message).toMatch(damaged);
    expect(lying.ms).toBeLessThan(1000);
    const nested = await refusal(await hostile.nestedZip(), 'xlsx');
    expect(nested.message).toMatch(/^The file's sheet is itself a zip archive/);
  });

  it('stops when the time budget is spent', async () => {
    const rows = Array.from(
      { length: 50_000 },
      (_, i) => `<row><c t="inlineStr"><is><t>a${i}@b.test</t></is></c></row>`,
    );
    const file = await xlsxOf(sheetOf(rows.join('')));
    const r = await refusal(file, 'xlsx', { millis: 20 });
    expect(r.message).toBe(
      'Reading the file took longer than 0.02 seconds. Split it into smaller files and upload them one by one.',
    );
    const csv = Buffer.from(`Email\r\n${rows.map((_, i) => `a${i}@b.test`).join('\r\n')}`);
    expect((await refusal(csv, 'csv', { millis: 20 })).message).toMatch(/^Reading the file took longer/);
  });

  it('does not count the time a row spends with the caller (matching, storing)', async () => {
    const emails = Array.from({ length: 3000 }, (_, i) => `a${i}@b.test`);
    const csv = [Buffer.from('Email\r\n'), ...emails.map((e) => Buffer.from(`${e}\r\n`))];
    const xlsx = await xlsxOf(
      sheetOf(emails.map((e) => `<row><c t="inlineStr"><is><t>${e}</t></is></c></row>`).join('')),
    );
    for (const [kind, chunks] of [
      ['csv', csv],
      ['xlsx', [xlsx]],
    ] as const) {
      const read = readTemplateRows(Readable.from(chunks), {
        kind,
        maxRows: 5000,
        budget: { ...DEFAULT, millis: 1000 },
      });
      let rows = 0;
      for await (const _ of read) {
        // The caller takes three seconds in all, three times the reading budget.
        if (++rows % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(rows).toBe(3000);
    }
  });
});
