/** A cell the reader cannot take as a value; refused only when it sits in a column Slipway reads. */
export interface CellProblem {
  problem: 'formula' | 'error' | 'not-utf8' | 'binary';
  /** The formula (with its `=`) or the error code (`#N/A`); empty when unknown. */
  text: string;
}

export type RawCell = string | CellProblem | undefined;

/** One row as the file holds it, before the header gives its cells a meaning. */
export interface RawRow {
  /** The row number a person sees in Excel or a text editor. */
  rowNumber: number;
  /** By column index; sparse for .xlsx rows with gaps. */
  cells: RawCell[];
}

export function isProblem(cell: RawCell): cell is CellProblem {
  return typeof cell === 'object';
}
