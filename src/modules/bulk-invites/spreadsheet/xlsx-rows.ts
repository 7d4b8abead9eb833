import { numberText } from './cell-values.js';
import type { RawCell, RawRow } from './raw-row.js';
import { columnIndex, SpreadsheetError } from './spreadsheet-error.js';
import { openXlsx } from './xlsx-package.js';
import { DAMAGED, decodeOoxmlText, feed, localName, newSaxParser } from './xml-stream.js';

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

/**
 * Streams the first worksheet's rows. The sheet XML goes through saxes chunk by chunk and
 * rows are handed on after each chunk, so memory holds the shared strings and one chunk's rows.
 */
export async function* readXlsxRows(input: AsyncIterable<Buffer | string>): AsyncGenerator<RawRow> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const { sharedStrings, openSheet } = await openXlsx(Buffer.concat(chunks));
  chunks.length = 0;

  const parser = newSaxParser();
  const done: RawRow[] = [];
  let row: RawRow | null = null;
  let lastRow = 0;
  let lastColumn = -1;
  let cell: OpenCell | null = null;
  let capture: 'value' | 'inline' | 'formula' | null = null;
  let phonetic = 0;
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const a = tag.attributes;
    if (name === 'row') {
      // `r` may be missing (then rows follow each other) and may skip numbers (empty rows).
      lastRow = a.r ? Number(a.r) : lastRow + 1;
      row = { rowNumber: lastRow, cells: [] };
      lastColumn = -1;
    } else if (name === 'c' && row) {
      const column = a.r ? columnIndex(a.r) : lastColumn + 1;
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
  parser.on('text', (t) => {
    if (!capture || !cell) return;
    cell[capture] = (cell[capture] ?? '') + t;
  });
  parser.on('cdata', (t) => {
    if (capture && cell) cell[capture] = (cell[capture] ?? '') + t;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'c' && cell && row) {
      if (cell.column >= 0) row.cells[cell.column] = cellOf(cell, sharedStrings);
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
    for await (const _ of feed(parser, sheet)) {
      yield* done.splice(0);
    }
  } catch (err) {
    throw err instanceof SpreadsheetError ? err : new SpreadsheetError(DAMAGED, null, null);
  } finally {
    sheet.destroy();
  }
}
