/** A file staff uploaded cannot be read; `message` is the full sentence shown to them. */
export class SpreadsheetError extends Error {
  constructor(
    message: string,
    readonly row: number | null,
    readonly column: string | null,
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/** 0 → A, 25 → Z, 26 → AA: how Excel names a column. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** Excel's last column (XFD) and row: no spreadsheet app writes a cell past them. */
export const EXCEL_COLUMNS = 16_384;
export const EXCEL_ROWS = 1_048_576;

/**
 * A → 0, AA → 26; -1 when `ref` does not start with letters. Past Excel's last column the
 * answer is EXCEL_COLUMNS, whatever the letters: a long run of them must not become a huge
 * number that someone allocates an array for.
 */
export function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) & ~32; // upper-case
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
    if (n > EXCEL_COLUMNS) return EXCEL_COLUMNS;
  }
  return i === 0 ? -1 : n - 1;
}

/** `Row 7, column "Email"` — the column's label as the file spells it, else its letter. */
export function cellError(row: number, column: string, sentence: string): SpreadsheetError {
  const gap = sentence.startsWith(':') ? '' : ' ';
  return new SpreadsheetError(`Row ${row}, column "${column}"${gap}${sentence}`, row, column);
}
