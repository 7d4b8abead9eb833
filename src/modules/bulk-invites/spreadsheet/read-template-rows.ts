import { cellValue, isBlank } from './cell-values.js';
import { type ColumnKind, type HeaderMap, mapHeader } from './columns.js';
import { readCsvRows } from './csv-rows.js';
import type { SpreadsheetKind } from './detect-kind.js';
import { isProblem, type RawRow } from './raw-row.js';
import { Deadline, defaultReadBudget, overBudget, type ReadBudget } from './read-budget.js';
import { cellError, columnLetter, SpreadsheetError } from './spreadsheet-error.js';
import { readXlsxRows } from './xlsx-rows.js';

export interface TemplateRow {
  /** The row number a person sees in Excel or a text editor (the header is row 1). */
  rowNumber: number;
  number: string | null;
  email: string | null;
  /** "First Last", or the single Name column. */
  name: string | null;
  phone: string | null;
}

export interface HeaderInfo {
  rowNumber: number;
  /** Labels of the columns Slipway does not read, so the caller can mention them. */
  ignored: string[];
}

export interface ReadOptions {
  kind: SpreadsheetKind;
  /** Most data rows accepted; more is an error before the extra row is handed on. */
  maxRows: number;
  /** What reading may spend; by default derived from `maxRows` and a 10 MB upload. */
  budget?: ReadBudget;
  onHeader?: (header: HeaderInfo) => void;
}

function headerCells(raw: RawRow): string[] {
  return Array.from(raw.cells, (cell, i) => {
    if (isProblem(cell)) {
      throw cellError(
        raw.rowNumber,
        columnLetter(i),
        'is a header cell that holds a formula or error. Type the column name instead.',
      );
    }
    return cell ?? '';
  });
}

function toTemplateRow(raw: RawRow, header: HeaderMap): TemplateRow | null {
  const value = (kind: ColumnKind) => {
    const i = header.index[kind];
    return i === undefined
      ? null
      : cellValue(raw.cells[i], raw.rowNumber, header.labels[i], kind === 'number' || kind === 'phone');
  };
  const row = {
    rowNumber: raw.rowNumber,
    number: value('number'),
    email: value('email'),
    name: [value('firstName'), value('lastName')].filter(Boolean).join(' ') || value('name'),
    phone: value('phone'),
  };
  if (row.number || row.email || row.name || row.phone) return row;
  // Excel keeps rows that were once filled; skip them unless a column we ignore says otherwise.
  return raw.cells.every(isBlank) ? null : row;
}

/**
 * Streams the customer rows of a filled invite template. The first row with anything in it
 * is the header; completely empty rows are skipped but keep their row numbers (and count
 * against the budget's rows).
 */
export async function* readTemplateRows(
  input: AsyncIterable<Buffer | string> | NodeJS.ReadableStream,
  opts: ReadOptions,
): AsyncGenerator<TemplateRow> {
  const source = input as AsyncIterable<Buffer | string>;
  const budget = opts.budget ?? defaultReadBudget({ maxBytes: 10 * 1024 * 1024, maxRows: opts.maxRows });
  const deadline = new Deadline(budget);
  const rows =
    opts.kind === 'xlsx' ? readXlsxRows(source, budget, deadline) : readCsvRows(source, budget, deadline);
  let header: HeaderMap | null = null;
  let count = 0;
  let physical = 0;
  for await (const raw of rows) {
    // Blank rows cost work too: every row the file holds counts.
    if (++physical > budget.rows) throw overBudget.rows(budget);
    if (!header) {
      if (raw.cells.every((c) => !isProblem(c) && isBlank(c))) continue;
      header = mapHeader(headerCells(raw), raw.rowNumber);
      opts.onHeader?.({ rowNumber: raw.rowNumber, ignored: header.ignored });
      continue;
    }
    const row = toTemplateRow(raw, header);
    if (!row) continue;
    if (++count > opts.maxRows) {
      const max = opts.maxRows.toLocaleString('en-US');
      throw new SpreadsheetError(
        `The file has more than ${max} rows. Split it into several files of at most ${max} rows.`,
        null,
        null,
      );
    }
    deadline.pause();
    yield row;
    deadline.resume();
  }
  if (!header) {
    throw new SpreadsheetError(
      'The file is empty. Download the template, fill one row per customer and upload it.',
      null,
      null,
    );
  }
}
