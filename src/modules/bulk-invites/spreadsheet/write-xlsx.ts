import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { escapeCell } from './cell-values.js';
import { columnLetter } from './spreadsheet-error.js';
import {
  contentTypes,
  HEADER_STYLE,
  ROOT_RELS,
  SHEET_END,
  STYLES,
  sheetStart,
  TEXT_STYLE,
  workbook,
  workbookRels,
  xmlText,
} from './xlsx-parts.js';

export interface SheetInput {
  name: string;
  header?: string[];
  rows: AsyncIterable<string[]> | Iterable<string[]>;
  /** In characters, as Excel measures them; by default from the header labels. */
  columnWidths?: number[];
}

const CHUNK_CHARS = 64 * 1024;

function rowXml(rowNumber: number, cells: string[], style: number): string {
  let xml = `<row r="${rowNumber}">`;
  for (let i = 0; i < cells.length; i++) {
    const value = cells[i];
    if (value === '' || value === null || value === undefined) continue;
    const text = xmlText(escapeCell(String(value)));
    xml += `<c r="${columnLetter(i)}${rowNumber}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`;
  }
  return `${xml}</row>`;
}

async function* sheetXml(sheet: SheetInput): AsyncGenerator<string> {
  const widths =
    sheet.columnWidths ?? (sheet.header ?? []).map((h) => Math.min(60, Math.max(12, h.length + 4)));
  let chunk = sheetStart(widths, Boolean(sheet.header));
  let rowNumber = 0;
  if (sheet.header) chunk += rowXml(++rowNumber, sheet.header, HEADER_STYLE);
  for await (const row of sheet.rows) {
    chunk += rowXml(++rowNumber, row, TEXT_STYLE);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + SHEET_END;
}

/** Excel refuses sheet names over 31 characters, with []:*?/\ or used twice. */
function sheetNames(sheets: SheetInput[]): string[] {
  const used = new Set<string>();
  return sheets.map((s, i) => {
    const base =
      s.name
        .replace(/[[\]:*?/\\]/g, ' ')
        .trim()
        .slice(0, 31) || `Sheet${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/**
 * Streams an .xlsx: zip entries are written one after another and each sheet's rows are
 * pulled only while that sheet is being compressed, so a 100,000-row report is never held
 * in memory. Inline strings (no shared-strings table to build first), a bold frozen header,
 * Text-formatted columns, every cell escaped against formulas.
 */
export function writeXlsx(sheets: SheetInput[]): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const names = sheetNames(sheets);
  zip.addBuffer(Buffer.from(contentTypes(sheets.length)), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(ROOT_RELS), '_rels/.rels');
  zip.addBuffer(Buffer.from(workbook(names)), 'xl/workbook.xml');
  zip.addBuffer(Buffer.from(workbookRels(sheets.length)), 'xl/_rels/workbook.xml.rels');
  zip.addBuffer(Buffer.from(STYLES), 'xl/styles.xml');
  sheets.forEach((sheet, i) => {
    const xml = Readable.from(sheetXml(sheet), { objectMode: false });
    // yazl does not pass on a failing source (say, the database query behind the rows).
    xml.on('error', (err) => output.destroy(err));
    zip.addReadStream(xml, `xl/worksheets/sheet${i + 1}.xml`);
  });
  zip.end();
  return output;
}
