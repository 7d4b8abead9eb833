import { readCsvRows } from './csv-rows.js';
import type { SpreadsheetKind } from './detect-kind.js';
import { isProblem, type RawCell, type RawRow } from './raw-row.js';
import { Deadline, overBudget, type ReadBudget } from './read-budget.js';
import { cellError, columnLetter, SpreadsheetError } from './spreadsheet-error.js';
import { readXlsxRows } from './xlsx-rows.js';

export interface SheetOptions {
  kind: SpreadsheetKind;
  budget: ReadBudget;
  /** The header row's texts (trimmed; '' for an empty cell), before the first data row. */
  onHeader: (labels: string[], rowNumber: number) => void;
  /** The sentence staff see when the file has no header row at all. */
  emptyMessage: string;
}

/** Whether a cell holds nothing at all (a formula or an error is something). */
const empty = (cell: RawCell) => cell === undefined || (typeof cell === 'string' && cell.trim() === '');

/** The refusal of a file with more than `max` data rows. */
export function tooManyRows(max: number): SpreadsheetError {
  const n = max.toLocaleString('en-US');
  return new SpreadsheetError(
    `The file has more than ${n} rows. Split it into several files of at most ${n} rows.`,
    null,
    null,
  );
}

function headerLabels(raw: RawRow): string[] {
  return Array.from(raw.cells, (cell, i) => {
    if (isProblem(cell)) {
      throw cellError(
        raw.rowNumber,
        columnLetter(i),
        'is a header cell that holds a formula or error. Type the column name instead.',
      );
    }
    return (cell ?? '').replace(/^\uFEFF/, '').trim();
  });
}

/**
 * Streams the rows of an uploaded CSV or .xlsx within the read budget: the first row with
 * anything in it is the header (handed to `onHeader`), completely empty rows are skipped
 * but keep their row numbers and count against the budget's rows. Cells come as the file
 * holds them; what a column means is the caller's business. The reader's clock stops while
 * a row is with the caller.
 */
export async function* readSheetRows(
  input: AsyncIterable<Buffer | string> | NodeJS.ReadableStream,
  opts: SheetOptions,
): AsyncGenerator<RawRow> {
  const source = input as AsyncIterable<Buffer | string>;
  const { budget } = opts;
  const deadline = new Deadline(budget);
  const rows =
    opts.kind === 'xlsx' ? readXlsxRows(source, budget, deadline) : readCsvRows(source, budget, deadline);
  let header = false;
  let physical = 0;
  for await (const raw of rows) {
    if (++physical > budget.rows) throw overBudget.rows(budget);
    if (raw.cells.every(empty) && raw.cells.every((c) => !isProblem(c))) continue;
    if (!header) {
      header = true;
      opts.onHeader(headerLabels(raw), raw.rowNumber);
      continue;
    }
    deadline.pause();
    yield raw;
    deadline.resume();
  }
  if (!header) throw new SpreadsheetError(opts.emptyMessage, null, null);
}
