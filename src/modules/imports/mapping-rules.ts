import type { ImportField, ImportHeaders, ImportMapping } from '../../shared/api-types.js';
import { FIELD_LABELS } from '../../shared/import-words.js';
import { BOAT_FIELDS } from './import-fields.js';

/** What is wrong with a mapping for these headers, in a sentence saying how to fix it; null when it is fine. */
export function checkMapping(headers: ImportHeaders, mapping: ImportMapping): { message: string } | null {
  const files: [string, string[], (ImportField | null)[] | null][] = [
    ['customers', headers.customers, mapping.customers],
    ['boats', headers.boats ?? [], mapping.boats],
  ];
  if ((headers.boats === null) !== (mapping.boats === null)) {
    return {
      message: headers.boats
        ? 'Map the columns of the boats file too.'
        : 'This import has one file; leave the boats mapping empty (null).',
    };
  }
  for (const [name, labels, fields] of files) {
    if (!fields) continue;
    if (fields.length !== labels.length) {
      return {
        message: `The ${name} mapping has ${fields.length} entries but the file has ${labels.length} columns: give one per column (null to skip it).`,
      };
    }
    const seen = new Map<ImportField, number>();
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (!f) continue;
      const earlier = seen.get(f);
      if (earlier !== undefined) {
        return {
          message: `"${labels[earlier]}" and "${labels[i]}" are both mapped to ${FIELD_LABELS[f]}; map one of them to something else or skip it.`,
        };
      }
      seen.set(f, i);
    }
  }
  const c = new Set(mapping.customers.filter(Boolean));
  if (!c.has('customerNumber') && !c.has('email') && !c.has('phone')) {
    return {
      message: 'Map a column to Customer number, Email or Phone: customers are found again by one of them.',
    };
  }
  if (!c.has('firstName') && !c.has('lastName') && !c.has('fullName') && !c.has('company')) {
    return { message: 'Map a column to a name (First name, Last name or Full name) or to Company.' };
  }
  if (mapping.boats) {
    const b = new Set(mapping.boats.filter(Boolean));
    const join = b.has('customerKey') ? 'customerKey' : b.has('customerNumber') ? 'customerNumber' : null;
    if (!join || !c.has(join)) {
      return {
        message: 'Map the column that joins the two files (Customer key or Customer number) in both files.',
      };
    }
    if (![...b].some((f) => f && BOAT_FIELDS.has(f)))
      return { message: 'Map at least the boat name column of the boats file.' };
  }
  return null;
}
