import { columnLetter, SpreadsheetError } from './spreadsheet-error.js';

/** The header row of the invite template, as we write it. */
export const TEMPLATE_HEADER = ['Customer number', 'Email', 'First name', 'Last name', 'Phone'];

export type ColumnKind = 'number' | 'email' | 'firstName' | 'lastName' | 'name' | 'phone';

const SYNONYMS: Record<ColumnKind, string[]> = {
  number: ['customer number', 'customer no', 'customer #', 'number', 'no', 'id', 'customer id'],
  email: ['email', 'e-mail', 'email address', 'e-mail address'],
  firstName: ['first name', 'first', 'given name'],
  lastName: ['last name', 'last', 'surname', 'family name'],
  name: ['name', 'full name', 'customer', 'customer name'],
  phone: ['phone', 'phone number', 'mobile', 'cell', 'telephone', 'tel'],
};

const KIND_BY_LABEL = new Map<string, ColumnKind>(
  (Object.entries(SYNONYMS) as [ColumnKind, string[]][]).flatMap(([kind, labels]) =>
    labels.map((label) => [label, kind] as const),
  ),
);

/** Forgiving: `  First_Name: ` and `first name` are the same column; so are `Customer No.` and `customer no`. */
export function normaliseLabel(label: string): string {
  return label
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.:*]+$/, '');
}

export interface HeaderMap {
  /** Column index of each kind found. */
  index: Partial<Record<ColumnKind, number>>;
  /** The file's label for every column index, for messages; the letter when the label is empty. */
  labels: string[];
  /** Labels of columns Slipway does not read, so the caller can mention them. */
  ignored: string[];
}

/** Gives each header cell its meaning; refuses a header that has nothing to match customers by. */
export function mapHeader(cells: string[], headerRow: number): HeaderMap {
  const index: HeaderMap['index'] = {};
  const labels: string[] = [];
  const ignored: string[] = [];
  const found: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const label = (cells[i] ?? '').replace(/^\uFEFF/, '').trim();
    labels[i] = label || columnLetter(i);
    if (!label) continue;
    found.push(`"${label}"`);
    const kind = KIND_BY_LABEL.get(normaliseLabel(label));
    if (!kind) {
      ignored.push(label);
      continue;
    }
    const earlier = index[kind];
    if (earlier !== undefined) {
      throw new SpreadsheetError(
        `The file has two columns for the same thing: "${labels[earlier]}" (column ${columnLetter(earlier)}) and "${label}" (column ${columnLetter(i)}). Keep one of them and upload again.`,
        headerRow,
        label,
      );
    }
    index[kind] = i;
  }
  if (index.number === undefined && index.email === undefined && index.phone === undefined) {
    const has = found.length ? `its columns are ${found.join(', ')}` : 'its header row is empty';
    throw new SpreadsheetError(
      `The file has no Customer number, Email or Phone column (${has}). Download the template and keep its header row.`,
      null,
      null,
    );
  }
  return { index, labels, ignored };
}
