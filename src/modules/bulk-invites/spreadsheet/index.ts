/** Reading filled invite templates (CSV, .xlsx) and writing templates and reports. */
export { cellValue, escapeCell } from './cell-values.js';
export { normaliseLabel, TEMPLATE_HEADER } from './columns.js';
export { detectKind, type SpreadsheetKind } from './detect-kind.js';
export type { RawCell, RawRow } from './raw-row.js';
export { defaultReadBudget, type ReadBudget } from './read-budget.js';
export { readSheetRows, type SheetOptions, tooManyRows } from './read-sheet.js';
export {
  type HeaderInfo,
  type ReadOptions,
  readTemplateRows,
  type TemplateRow,
} from './read-template-rows.js';
export { cellError, columnLetter, SpreadsheetError } from './spreadsheet-error.js';
export { isExampleRow, templateCsv, templateXlsx } from './template.js';
export { writeCsv } from './write-csv.js';
export { type SheetInput, writeXlsx } from './write-xlsx.js';
