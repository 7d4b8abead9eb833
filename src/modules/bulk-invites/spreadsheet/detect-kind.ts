import { SpreadsheetError } from './spreadsheet-error.js';

export type SpreadsheetKind = 'csv' | 'xlsx';

const SAVE_AS = 'Upload the invite template as CSV or .xlsx.';

/** Files staff pick by mistake, by their first bytes. */
const NOT_A_SPREADSHEET: [bytes: number[], message: string][] = [
  [
    [0xd0, 0xcf, 0x11, 0xe0],
    'Excel 97-2003 .xls files (and password-protected workbooks) cannot be read; save as .xlsx or CSV and upload again.',
  ],
  [[0x25, 0x50, 0x44, 0x46], `This is a PDF, not a spreadsheet. ${SAVE_AS}`],
  [[0x89, 0x50, 0x4e, 0x47], `This is an image, not a spreadsheet. ${SAVE_AS}`],
  [[0xff, 0xd8, 0xff], `This is an image, not a spreadsheet. ${SAVE_AS}`],
  [[0x47, 0x49, 0x46, 0x38], `This is an image, not a spreadsheet. ${SAVE_AS}`],
  [[0x1f, 0x8b], `This is a compressed (.gz) file, not a spreadsheet. ${SAVE_AS}`],
  [[0x52, 0x61, 0x72, 0x21], `This is a compressed (.rar) file, not a spreadsheet. ${SAVE_AS}`],
  [[0x37, 0x7a, 0xbc, 0xaf], `This is a compressed (.7z) file, not a spreadsheet. ${SAVE_AS}`],
  [
    [0xff, 0xfe],
    'The file is UTF-16 text. In Excel, use Save As "CSV UTF-8 (Comma delimited)" (or .xlsx) and upload again.',
  ],
  [
    [0xfe, 0xff],
    'The file is UTF-16 text. In Excel, use Save As "CSV UTF-8 (Comma delimited)" (or .xlsx) and upload again.',
  ],
];

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/**
 * What to read the upload as: its first bytes decide (an .xlsx is a zip), then its name.
 * Throws for files that are plainly not a spreadsheet, so staff learn it before any parsing.
 */
export function detectKind(fileName: string, firstBytes: Buffer): SpreadsheetKind {
  if (startsWith(firstBytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  for (const [bytes, message] of NOT_A_SPREADSHEET) {
    if (startsWith(firstBytes, bytes)) throw new SpreadsheetError(message, null, null);
  }
  const extension = /\.([^.]+)$/.exec(fileName.trim().toLowerCase())?.[1] ?? '';
  if (extension === 'xlsx' || extension === 'xlsm') {
    throw new SpreadsheetError(
      `The file is named .${extension} but is not an Excel workbook. Save it again from Excel as .xlsx or CSV.`,
      null,
      null,
    );
  }
  if (firstBytes.includes(0)) {
    throw new SpreadsheetError(`This is not a text or spreadsheet file. ${SAVE_AS}`, null, null);
  }
  // Text: CSV, but also the tab-separated .txt/.xls files older systems export as "Excel".
  return 'csv';
}
