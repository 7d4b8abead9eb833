import { SpreadsheetError } from './spreadsheet-error.js';

/**
 * Everything reading one upload may spend. An upload is hostile until read: a few KB of zip
 * can inflate to gigabytes, and a cell reference can name a column a hundred million wide,
 * so every loop and every buffer of the readers is bounded by one of these.
 */
export interface ReadBudget {
  /** Most bytes one zip part (a sheet, the shared strings) may inflate to. */
  partBytes: number;
  /** Most inflated bytes per compressed byte of a part, checked once `ratioAfterBytes` came out. */
  partRatio: number;
  ratioAfterBytes: number;
  /** Most cells (CSV fields) in one row. */
  cellsPerRow: number;
  /** Most characters in one cell, shared string or CSV field. */
  cellChars: number;
  /** Most shared strings, and their characters together (they are all kept in memory). */
  sharedStrings: number;
  sharedStringChars: number;
  /** Most rows read, blank ones included: each costs work even when it holds nothing. */
  rows: number;
  /** Most milliseconds reading the whole file may take. */
  millis: number;
}

const MB = 1024 * 1024;

/**
 * Limits derived from the upload limits. Measured on 100,000-row templates: Excel-style
 * (ExcelJS) sheets inflate to 12–22 MB at 9–17× and their shared strings to 7 MB at 13×;
 * our own writer's inline-string sheet to 45 MB at 16×. So 8× the upload size (at least
 * 16 MB) and a ratio of 100 leave room for real files while a bomb stops within megabytes.
 */
export function defaultReadBudget(limits: { maxBytes: number; maxRows: number }): ReadBudget {
  return {
    partBytes: Math.max(8 * limits.maxBytes, 16 * MB),
    partRatio: 100,
    ratioAfterBytes: MB,
    // The template has 5 columns; exports with a few more columns of their own still fit.
    cellsPerRow: 64,
    // An email address is at most 254 characters; a long note in a column Slipway ignores fits.
    cellChars: 2000,
    sharedStrings: 6 * limits.maxRows + 1000,
    sharedStringChars: Math.max(2 * limits.maxBytes, 4 * MB),
    // As many blank rows as customer rows, and a thousand more.
    rows: 2 * limits.maxRows + 1000,
    millis: 30_000,
  };
}

const count = (n: number) => n.toLocaleString('en-US');
const megabytes = (bytes: number) => `${count(Math.round(bytes / MB))} MB`;
const SAVE_AGAIN = 'Save it again from Excel as .xlsx or CSV and upload again.';

/** The sentences staff see when a budget is spent: what was exceeded, and what to do. */
export const overBudget = {
  partBytes: (budget: ReadBudget, part: string) =>
    new SpreadsheetError(
      `The file's ${part} holds more than ${megabytes(budget.partBytes)} of data once unpacked; a real invite template is far smaller. ${SAVE_AGAIN}`,
      null,
      null,
    ),
  partRatio: (budget: ReadBudget, part: string) =>
    new SpreadsheetError(
      `The file's ${part} unpacks to more than ${budget.partRatio} times its packed size, which no spreadsheet app writes. ${SAVE_AGAIN}`,
      null,
      null,
    ),
  sharedStrings: (budget: ReadBudget) =>
    new SpreadsheetError(
      `The .xlsx file holds more than ${count(budget.sharedStrings)} different texts. Split it into several files, or ${SAVE_AGAIN[0].toLowerCase()}${SAVE_AGAIN.slice(1)}`,
      null,
      null,
    ),
  sharedStringChars: (budget: ReadBudget) =>
    new SpreadsheetError(
      `The .xlsx file holds more than ${count(budget.sharedStringChars)} characters of text. Delete the columns Slipway does not need, or split the file into several files, and upload again.`,
      null,
      null,
    ),
  rows: (budget: ReadBudget) =>
    new SpreadsheetError(
      `The file has more than ${count(budget.rows)} rows, counting empty ones. Delete the empty rows under the customers (or copy the customers into a new file) and upload again.`,
      null,
      null,
    ),
  millis: (budget: ReadBudget) =>
    new SpreadsheetError(
      `Reading the file took longer than ${count(budget.millis / 1000)} second${budget.millis === 1000 ? '' : 's'}. Split it into smaller files and upload them one by one.`,
      null,
      null,
    ),
};

/**
 * The time reading has spent. Rows are matched and stored while the file is read, so only
 * the reader's own time counts: the clock stops while a row is with the caller, and a
 * slow database never makes a good file look too slow to read.
 */
export class Deadline {
  private spent = 0;
  private since: number | null = performance.now();

  constructor(private readonly budget: ReadBudget) {}

  /** The caller has the row: stop the clock. */
  pause(): void {
    if (this.since !== null) this.spent += performance.now() - this.since;
    this.since = null;
  }

  /** The caller asks for the next row: reading again. */
  resume(): void {
    this.since ??= performance.now();
  }

  check(): void {
    const running = this.since === null ? 0 : performance.now() - this.since;
    if (this.spent + running > this.budget.millis) throw overBudget.millis(this.budget);
  }
}
