import { numberText } from './cell-values.js';
import type { RawCell, RawRow } from './raw-row.js';
import { Deadline, type ReadBudget } from './read-budget.js';
import {
  cellError,
  columnIndex,
  columnLetter,
  EXCEL_COLUMNS,
  EXCEL_ROWS,
  SpreadsheetError,
} from './spreadsheet-error.js';
import { openXlsx, partLimits } from './xlsx-package.js';
import { DAMAGED, decodeOoxmlText, feed, localName, newSaxParser, rawCellChars } from './xml-stream.js';

/** The cell being read: its attributes and the text of its <v>, <f> and <is> children. */
interface OpenCell {
  column: number;
  type: string;
  value: string;
  inline: string;
  formula: string | null;
}

function cellOf(c: OpenCell, sharedStrings: string[]): RawCell {
  if (c.formula !== null) return { problem: 'formula', text: c.formula && `=${c.formula}` };
  switch (c.type) {
    case 'e':
      return { problem: 'error', text: c.value };
    case 's': {
      const text = sharedStrings[Number(c.value)];
      if (text === undefined) throw new SpreadsheetError(DAMAGED, null, null);
      return text;
    }
    case 'inlineStr':
      return decodeOoxmlText(c.inline);
    case 'b':
      return c.value === '1' ? 'TRUE' : c.value === '0' ? 'FALSE' : c.value;
    case 'str':
    case 'd':
      return decodeOoxmlText(c.value);
    default:
      return c.value === '' ? undefined : numberText(c.value);
  }
}

const SAVE_AGAIN = 'Save it again from Excel as .xlsx or CSV and upload again.';
/** A reference as staff may see it in a message; an attacker's may be a megabyte long. */
const shown = (ref: string) => (ref.length > 24 ? `${ref.slice(0, 23)}…` : ref);
const ROW_NUMBER = /^[1-9]\d{0,6}$/;
const CELL_REF = /^([A-Za-z]{1,3})([1-9]\d{0,6})$/;

function pastLastRow(what: string): SpreadsheetError {
  return new SpreadsheetError(
    `The .xlsx file has ${what}, past Excel's last row (${EXCEL_ROWS.toLocaleString('en-US')}), so it was not written by a spreadsheet app. ${SAVE_AGAIN}`,
    null,
    null,
  );
}

function pastLastColumn(ref: string, rowNumber: number): SpreadsheetError {
  return new SpreadsheetError(
    `The .xlsx file has a cell ${shown(ref)}, past Excel's last column (XFD), so it was not written by a spreadsheet app. ${SAVE_AGAIN}`,
    rowNumber,
    shown(ref),
  );
}

const tooManyDigits = (digits: string) => digits.length > 7 || Number(digits) > EXCEL_ROWS;

/** Row number of `<row r>`, refused past Excel's last row without turning a long digit run into a number. */
function rowNumberOf(r: string): number {
  if (/^\d+$/.test(r) && tooManyDigits(r)) throw pastLastRow(`row ${shown(r)}`);
  if (!ROW_NUMBER.test(r)) throw new SpreadsheetError(DAMAGED, null, null);
  return Number(r);
}

/** Column index of `<c r>`; both its column and its row part must lie within Excel's grid. */
function columnOf(ref: string, rowNumber: number): number {
  const column = columnIndex(ref);
  if (column >= EXCEL_COLUMNS) throw pastLastColumn(ref, rowNumber);
  const m = CELL_REF.exec(ref);
  if (!m) {
    const digits = /^[A-Za-z]+(\d+)$/.exec(ref)?.[1];
    if (digits && tooManyDigits(digits)) throw pastLastRow(`a cell ${shown(ref)}`);
    throw new SpreadsheetError(DAMAGED, null, null);
  }
  if (Number(m[2]) > EXCEL_ROWS) throw pastLastRow(`a cell ${shown(ref)}`);
  return column;
}

/**
 * Streams the first worksheet's rows. The sheet XML goes through saxes chunk by chunk and
 * rows are handed on after each chunk, so memory holds the shared strings and one chunk's rows.
 */
export async function* readXlsxRows(
  input: AsyncIterable<Buffer | string>,
  budget: ReadBudget,
  deadline = new Deadline(budget),
): AsyncGenerator<RawRow> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const reading = { budget, deadline };
  const { sharedStrings, openSheet } = await openXlsx(Buffer.concat(chunks), reading);
  chunks.length = 0;

  const parser = newSaxParser();
  const done: RawRow[] = [];
  let row: RawRow | null = null;
  let lastRow = 0;
  let lastColumn = -1;
  let cellsInRow = 0;
  let cell: OpenCell | null = null;
  let capture: 'value' | 'inline' | 'formula' | null = null;
  let phonetic = 0;
  const maxRaw = rawCellChars(budget.cellChars);
  const tooLong = () =>
    row && cell
      ? cellError(
          row.rowNumber,
          columnLetter(cell.column),
          `holds more than ${budget.cellChars.toLocaleString('en-US')} characters. Shorten it (or delete the column) and upload again.`,
        )
      : partLimits(reading).tooLong();
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const a = tag.attributes;
    if (name === 'row') {
      // `r` may be missing (then rows follow each other) and may skip numbers (empty rows).
      lastRow = a.r ? rowNumberOf(a.r) : lastRow + 1;
      if (lastRow > EXCEL_ROWS) throw pastLastRow(`row ${lastRow}`);
      row = { rowNumber: lastRow, cells: [] };
      lastColumn = -1;
      cellsInRow = 0;
    } else if (name === 'c' && row) {
      if (++cellsInRow > budget.cellsPerRow) {
        throw new SpreadsheetError(
          `Row ${row.rowNumber} has more than ${budget.cellsPerRow} cells; the invite template has 5 columns. Delete the columns Slipway does not need and upload again.`,
          row.rowNumber,
          null,
        );
      }
      const column = a.r ? columnOf(a.r, row.rowNumber) : lastColumn + 1;
      if (column >= EXCEL_COLUMNS)
        throw pastLastColumn(`${columnLetter(column)}${row.rowNumber}`, row.rowNumber);
      lastColumn = column;
      cell = { column, type: a.t ?? 'n', value: '', inline: '', formula: null };
    } else if (!cell || tag.isSelfClosing) {
      if (name === 'f' && cell) cell.formula = ''; // a shared formula's follower: <f t="shared" si="0"/>
    } else if (name === 'v') capture = 'value';
    else if (name === 'f') {
      cell.formula = '';
      capture = 'formula';
    } else if (name === 'rPh') phonetic++;
    else if (name === 't' && !phonetic) capture = 'inline';
  });
  const append = (t: string) => {
    if (!capture || !cell) return;
    const text = (cell[capture] ?? '') + t;
    if (text.length > maxRaw) throw tooLong();
    cell[capture] = text;
  };
  parser.on('text', append);
  parser.on('cdata', append);
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'c' && cell && row) {
      if (cell.column >= 0) {
        const value = cellOf(cell, sharedStrings);
        if (typeof value === 'string' && value.length > budget.cellChars) throw tooLong();
        row.cells[cell.column] = value;
      }
      cell = null;
      capture = null;
    } else if (name === 'row' && row) {
      done.push(row);
      row = null;
    } else if (name === 'rPh') phonetic--;
    else if (name === 'v' || name === 'f' || name === 't') capture = null;
  });

  const sheet = await openSheet();
  try {
    for await (const _ of feed(parser, sheet, { ...partLimits(reading), tooLong })) {
      yield* done.splice(0);
    }
  } catch (err) {
    throw err instanceof SpreadsheetError ? err : new SpreadsheetError(DAMAGED, null, null);
  } finally {
    sheet.destroy();
  }
}
