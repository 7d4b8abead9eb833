import { escapeCell } from './cell-values.js';

/** Excel reads a CSV as UTF-8 only when it starts with a BOM. */
const BOM = '\uFEFF';
/** Lines are handed on in batches: one chunk per row would make a 100,000-row report slow. */
const CHUNK_CHARS = 64 * 1024;

/** RFC 4180: quote a cell holding a quote, delimiter or line break (`;` too, for Excel set to semicolons). */
function csvField(value: string): string {
  const text = escapeCell(value);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** Streams a CSV for Excel: UTF-8 with BOM, CRLF, every cell escaped against formulas. */
export async function* writeCsv(
  header: string[],
  rows: AsyncIterable<string[]> | Iterable<string[]>,
): AsyncGenerator<string> {
  let chunk = BOM + csvLine(header);
  for await (const row of rows) {
    chunk += csvLine(row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
