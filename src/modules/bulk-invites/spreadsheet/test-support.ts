import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readTemplateRows, type SpreadsheetKind, type TemplateRow } from './index.js';

/** Everything a stream produces, as one buffer. */
export async function bytesOf(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Reads a whole file as an upload arrives: in small chunks, to cross every chunk boundary. */
export async function rowsOf(
  file: string | Buffer,
  kind: SpreadsheetKind = 'csv',
  maxRows = 1000,
): Promise<TemplateRow[]> {
  const data = Buffer.from(file);
  const chunks = Array.from({ length: Math.ceil(data.length / 7) }, (_, i) =>
    data.subarray(i * 7, i * 7 + 7),
  );
  const rows: TemplateRow[] = [];
  for await (const row of readTemplateRows(Readable.from(chunks), { kind, maxRows })) rows.push(row);
  return rows;
}

/** The error a file is refused with. */
export async function refusalOf(file: string | Buffer, kind: SpreadsheetKind = 'csv', maxRows = 1000) {
  try {
    await rowsOf(file, kind, maxRows);
  } catch (err) {
    return err as Error & { row: number | null; column: string | null };
  }
  throw new Error('the file was read without an error');
}

export const row = (rowNumber: number, v: Partial<TemplateRow>): TemplateRow => ({
  rowNumber,
  number: null,
  email: null,
  name: null,
  phone: null,
  ...v,
});

/** Opens a written workbook with exceljs, as a second opinion on what Excel will see. */
export async function exceljsRead(file: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs types its input as its own Buffer (an ArrayBuffer); a Node Buffer is what it reads.
  await wb.xlsx.load(file as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}
