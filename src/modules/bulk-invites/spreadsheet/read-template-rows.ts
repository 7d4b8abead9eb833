import { cellValue, isBlank } from './cell-values.js';
import { type ColumnKind, type HeaderMap, mapHeader } from './columns.js';
import type { SpreadsheetKind } from './detect-kind.js';
import type { RawRow } from './raw-row.js';
import { defaultReadBudget, type ReadBudget } from './read-budget.js';
import { readSheetRows, tooManyRows } from './read-sheet.js';

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
  const budget = opts.budget ?? defaultReadBudget({ maxBytes: 10 * 1024 * 1024, maxRows: opts.maxRows });
  const seen: { header?: HeaderMap } = {};
  let count = 0;
  const rows = readSheetRows(input, {
    kind: opts.kind,
    budget,
    emptyMessage: 'The file is empty. Download the template, fill one row per customer and upload it.',
    onHeader: (labels, rowNumber) => {
      seen.header = mapHeader(labels, rowNumber);
      opts.onHeader?.({ rowNumber, ignored: seen.header.ignored });
    },
  });
  for await (const raw of rows) {
    const row = seen.header ? toTemplateRow(raw, seen.header) : null;
    if (!row) continue;
    if (++count > opts.maxRows) throw tooManyRows(opts.maxRows);
    yield row;
  }
}
