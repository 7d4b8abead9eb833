/** Reading filled invite templates (CSV, .xlsx) and writing templates and reports. */
export { escapeCell } from './cell-values.js';
export { TEMPLATE_HEADER } from './columns.js';
export { detectKind, type SpreadsheetKind } from './detect-kind.js';
export { defaultReadBudget, type ReadBudget } from './read-budget.js';
export {
  type HeaderInfo,
  type ReadOptions,
  readTemplateRows,
  type TemplateRow,
} from './read-template-rows.js';
export { SpreadsheetError } from './spreadsheet-error.js';
export { isExampleRow, templateCsv, templateXlsx } from './template.js';
export { writeCsv } from './write-csv.js';
export { type SheetInput, writeXlsx } from './write-xlsx.js';
