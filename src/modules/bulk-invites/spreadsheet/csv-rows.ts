import { isUtf8 } from 'node:buffer';
import { pipeline, Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { csvCell } from './cell-values.js';
import type { RawCell, RawRow } from './raw-row.js';
import { Deadline, type ReadBudget } from './read-budget.js';
import { cellError, columnLetter, SpreadsheetError } from './spreadsheet-error.js';

/** Enough bytes to see Excel's `sep=` line and the header row of any real template. */
const SNIFF_LIMIT = 1 << 20;
const DELIMITERS = [',', ';', '\t'];
/** Bytes handed to csv-parse at a time: the row in progress is checked between slices. */
const SLICE = 16 * 1024;

interface Layout {
  /** Bytes before the rows: a BOM and Excel's `sep=;` line. */
  skip: number;
  /** 1 when a `sep=` line takes row 1, as a text editor shows it. */
  rowOffset: number;
  delimiter: string;
  /** The header's labels, for naming the column of a quoting error. */
  header: string[];
}

/** Index of the line break ending the line at `from` (quotes may hold line breaks), or -1. */
function lineEnd(buf: Buffer, from: number): number {
  let quoted = false;
  for (let i = from; i < buf.length; i++) {
    const b = buf[i];
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && (b === 0x0a || b === 0x0d)) return i;
  }
  return -1;
}

const nextLine = (buf: Buffer, end: number) =>
  buf[end] === 0x0d && buf[end + 1] === 0x0a ? end + 2 : end + 1;

/** Excel writes `;` where the comma is the decimal separator: count each candidate outside quotes. */
function sniffDelimiter(line: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** Finds the layout in `head`; null while the header row may still be incomplete. */
function layoutOf(head: Buffer, complete: boolean): Layout | null {
  let pos = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const skip = { skip: pos, rowOffset: 0, delimiter: '' };
  const sep = /^"?sep=([^\r\n"]?)"?[ \t]*(\r\n|\n|\r|$)/i.exec(head.toString('latin1', pos, pos + 16));
  if (sep && (sep[2] || complete)) {
    pos += sep[0].length;
    Object.assign(skip, { skip: pos, rowOffset: 1, delimiter: sep[1] || ',' });
  } else if (!complete && head.length - pos < 16) return null;
  // The header is the first line with something in it, as readTemplateRows takes it.
  for (;;) {
    const end = lineEnd(head, pos);
    if (end < 0 && !complete) return null;
    const line = head.toString('utf8', pos, end < 0 ? head.length : end);
    if (/[^\s,;]/.test(line) || end < 0) {
      const delimiter = skip.delimiter || sniffDelimiter(line);
      return { ...skip, delimiter, header: headerLabels(line, delimiter) };
    }
    pos = nextLine(head, end);
  }
}

function headerLabels(line: string, delimiter: string): string[] {
  try {
    const [labels = []] = parseSync(line, { delimiter, relax_quotes: true, relax_column_count: true });
    return (labels as string[]).map((l) => l.trim());
  } catch {
    return [];
  }
}

function decodeField(buf: Buffer): RawCell {
  if (buf.length === 0) return '';
  if (!isUtf8(buf)) return { problem: 'not-utf8', text: '' };
  if (buf.includes(0)) return { problem: 'binary', text: '' };
  return csvCell(buf.toString('utf8'));
}

const toBuffer = (chunk: Buffer | string) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk);

/**
 * Streams CSV rows: UTF-8 with or without BOM; comma, semicolon or tab; Excel's `sep=` line;
 * any line breaks; RFC 4180 quoting. Fields are parsed as bytes and decoded one by one, so
 * text that is not UTF-8 (Excel's plain "CSV" is Windows-1252) is refused naming its cell.
 * Every field is bounded while it is still being read, and so is the number of fields in a row.
 */
export async function* readCsvRows(
  input: AsyncIterable<Buffer | string>,
  budget: ReadBudget,
  deadline = new Deadline(budget),
): AsyncGenerator<RawRow> {
  const chunks = input[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let layout: Layout | null = null;
  let done = false;
  while (!layout) {
    const next = done ? undefined : await chunks.next();
    if (next && !next.done) head = Buffer.concat([head, toBuffer(next.value)]);
    else done = true;
    layout = layoutOf(head, done || head.length >= SNIFF_LIMIT);
  }
  const { skip, rowOffset, delimiter, header } = layout;
  const columnOf = (index: number) => header[index] || columnLetter(index);
  const tooWide = (row: number) =>
    new SpreadsheetError(
      `Row ${row} has more than ${budget.cellsPerRow} cells; the invite template has 5 columns. Delete the columns Slipway does not need and upload again.`,
      row,
      null,
    );
  const tooLong = (row: number, index: number) =>
    cellError(
      row,
      columnOf(index),
      `holds more than ${budget.cellChars.toLocaleString('en-US')} characters. Shorten it (or delete the column) and upload again.`,
    );
  const parser = parse({
    delimiter,
    encoding: null,
    relax_quotes: true,
    relax_column_count: true,
    // With `encoding: null` csv-parse measures only the field being read against this, so it
    // is a per-cell limit enforced as the bytes arrive: a UTF-8 character is at most 4 bytes.
    max_record_size: 4 * budget.cellChars,
    // Called as each field ends, while the row is still being read: a row of millions of
    // empty fields stops at the cap instead of filling an array.
  });
  // csv-parse keeps the row being read in `state.record` (exposed on the parser for
  // compatibility) and hands it on only when the row ends: a line of millions of commas
  // must be stopped while it is read, so the row is looked at between small slices.
  const inProgress = parser as unknown as { state: { record: unknown[] }; info: { records: number } };
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      const first = head.subarray(skip);
      head = Buffer.alloc(0);
      for (let at = 0; at < first.length; at += SLICE) yield checked(first.subarray(at, at + SLICE));
      for (let next = done ? null : await chunks.next(); next && !next.done; next = await chunks.next()) {
        const chunk = toBuffer(next.value);
        for (let at = 0; at < chunk.length; at += SLICE) yield checked(chunk.subarray(at, at + SLICE));
      }
    } finally {
      // Reading stopped early (a refused row): close the upload's file now, not at GC.
      await chunks.return?.();
    }
  }
  function checked(slice: Buffer): Buffer {
    deadline.check();
    if (inProgress.state.record.length > budget.cellsPerRow) {
      throw tooWide(rowOffset + inProgress.info.records + 1);
    }
    return slice;
  }
  pipeline(Readable.from(bytes()), parser, (err) => {
    if (err) parser.destroy(err);
  });
  let records = 0;
  try {
    for await (const record of parser as AsyncIterable<Buffer[]>) {
      records++;
      const rowNumber = rowOffset + records;
      if (record.length > budget.cellsPerRow) throw tooWide(rowNumber);
      const cells = record.map(decodeField);
      const long = cells.findIndex((c) => typeof c === 'string' && c.length > budget.cellChars);
      if (long >= 0) throw tooLong(rowNumber, long);
      yield { rowNumber, cells };
    }
  } catch (err) {
    const e = err as CsvError & { records?: number; column?: number };
    if (err instanceof SpreadsheetError || !e.code || typeof e.records !== 'number') throw err;
    const row = rowOffset + e.records + 1;
    if (e.code === 'CSV_MAX_RECORD_SIZE') throw tooLong(row, e.column ?? 0);
    throw cellError(
      row,
      header[e.column ?? -1] || columnLetter(e.column ?? 0),
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? ': the quoted value is not closed. Check the quotes in that row.'
        : `: the row cannot be read (${e.message.replace(/\.$/, '')}). Check the quotes in that row.`,
    );
  } finally {
    parser.destroy();
  }
}
