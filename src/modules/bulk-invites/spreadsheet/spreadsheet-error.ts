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

/** A → 0, AA → 26; -1 when `ref` does not start with letters. */
export function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) & ~32; // upper-case
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return i === 0 ? -1 : n - 1;
}

/** `Row 7, column "Email"` — the column's label as the file spells it, else its letter. */
export function cellError(row: number, column: string, sentence: string): SpreadsheetError {
  const gap = sentence.startsWith(':') ? '' : ' ';
  return new SpreadsheetError(`Row ${row}, column "${column}"${gap}${sentence}`, row, column);
}
