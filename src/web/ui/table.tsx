import type { ReactNode } from 'react';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Classes of the header and every cell of the column: 'num', 'hide-sm'. */
  className?: string;
  /** Classes of the cells only, e.g. where a phone-width card places them ('cell-a' … 'cell-d'). */
  cellClassName?: string | ((row: T) => string);
  /** The label a phone-width card shows before the value (data-label). */
  label?: string;
}

interface TableProps<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** The table's accessible name when no heading names it. */
  label?: string;
  /**
   * 'table-cards': rows become two-line cards on a phone. 'table-stack': rows become cards
   * listing every column's value under its header (data-label), none hidden.
   */
  className?: string;
  rowClassName?: string;
  /** A <tfoot> row, e.g. the balance due. */
  footer?: ReactNode;
}

const classes = (...names: (string | undefined)[]) => names.filter(Boolean).join(' ') || undefined;

/** A table of records in a horizontally scrolling wrapper, one column definition per column. */
export function Table<T>({ columns, rows, rowKey, label, className, rowClassName, footer }: TableProps<T>) {
  const stacked = className?.split(' ').includes('table-stack');
  const cellLabel = (c: Column<T>) =>
    c.label ?? (stacked && typeof c.header === 'string' ? c.header : undefined);
  return (
    <div className="table-wrap">
      <table className={classes('table', className)} aria-label={label}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed for a table
              <th key={i} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName}>
              {columns.map((c, i) => (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed for a table
                  key={i}
                  className={classes(
                    c.className,
                    typeof c.cellClassName === 'function' ? c.cellClassName(row) : c.cellClassName,
                  )}
                  data-label={cellLabel(c)}
                >
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}
