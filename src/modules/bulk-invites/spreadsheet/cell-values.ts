import type { CellProblem, RawCell } from './raw-row.js';
import { cellError } from './spreadsheet-error.js';

/**
 * OWASP CSV injection: a spreadsheet runs a cell starting with = + - @ (or a tab / CR before
 * them) as a formula, so such values get a leading apostrophe and show as plain text.
 */
export function escapeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * A CSV cell as Excel means it: `="00123"` is Excel's way of keeping leading zeros (→ 00123);
 * any other leading `=` is a formula, which Slipway refuses rather than guess its value.
 */
export function csvCell(text: string): RawCell {
  if (text.charCodeAt(0) !== 61 /* = */) return text;
  const forced = /^="((?:[^"]|"")*)"$/s.exec(text);
  if (forced) return forced[1].replace(/""/g, '"');
  return { problem: 'formula', text };
}

/** Integers come out in full (1042, 3055550142), other numbers with Excel's 15 significant digits. */
export function numberText(v: string): string {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) return v.trim();
  const rounded = Number(n.toPrecision(15));
  return Number.isInteger(rounded) && Math.abs(rounded) < 1e21 ? rounded.toFixed(0) : String(rounded);
}

const SENTENCES: Record<CellProblem['problem'], (text: string) => string> = {
  formula: (text) =>
    `holds a formula${text ? ` (${text.length > 60 ? `${text.slice(0, 59)}…` : text})` : ''}. Paste the column as values and upload again.`,
  error: (text) => `shows the error ${text || 'value'}. Fix or clear that cell and upload again.`,
  'not-utf8': () =>
    'is not UTF-8 text. In Excel, use Save As "CSV UTF-8 (Comma delimited)" (or .xlsx) and upload again.',
  binary: () =>
    'holds binary data, so this is not a CSV text file. Upload the invite template as CSV or .xlsx.',
};

/** Excel shows long numbers as 3.05556E+09 and a CSV saved then keeps only those digits. */
const SCIENTIFIC = /^[+-]?(\d)(?:[.,](\d+))?E\+?(\d+)$/i;

/**
 * The value Slipway keeps for a cell in a column it reads: trimmed, Excel's text-forcing
 * apostrophe removed, empty → null. Identifiers (customer number, phone) that Excel rounded
 * into scientific notation are refused: the lost digits cannot be recovered, and matching on
 * a rounded phone would invite the wrong customer. When the mantissa still holds every digit
 * (1.3055550142E+10) the number is exact and is read as its digits.
 */
export function cellValue(cell: RawCell, row: number, column: string, identifier: boolean): string | null {
  if (cell === undefined) return null;
  if (typeof cell === 'object') throw cellError(row, column, SENTENCES[cell.problem](cell.text));
  let text = cell.trim();
  if (text.startsWith("'")) text = text.slice(1).trim();
  if (identifier) {
    const sci = SCIENTIFIC.exec(text);
    if (sci) {
      const [, lead, fraction = '', exponent] = sci;
      if (fraction.length !== Number(exponent)) {
        throw cellError(
          row,
          column,
          `holds ${text}: Excel rounded the number and its digits are lost. Format the ${column} column as Text, type the numbers again and upload again.`,
        );
      }
      text = `${text.startsWith('-') ? '-' : ''}${lead}${fraction}`;
    }
  }
  return text || null;
}

/** Whether the cell shows nothing (problems in columns Slipway ignores count as nothing). */
export function isBlank(cell: RawCell): boolean {
  return cell === undefined || typeof cell === 'object' || cell.trim() === '';
}
