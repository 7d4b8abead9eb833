import type { ImportField, ImportMapping } from '../../shared/api-types.js';

/** Header labels other systems use for each field, compared after `labelKey`. */
const SYNONYMS: Record<ImportField, string[]> = {
  customerNumber: [
    'customer number',
    'customer no',
    'customer #',
    'customer num',
    'cust no',
    'cust #',
    'account no',
    'account number',
    'account #',
    'acct no',
    'acct #',
    'customer id',
    'client no',
    'client number',
    'number',
    'no',
    '#',
  ],
  customerKey: ['customer key', 'owner id', 'owner key', 'client id', 'customer ref', 'owner ref', 'key'],
  firstName: ['first name', 'first', 'given name', 'forename', 'fname'],
  lastName: ['last name', 'last', 'surname', 'family name', 'lname'],
  fullName: ['name', 'full name', 'customer', 'customer name', 'owner', 'owner name', 'contact', 'client'],
  company: ['company', 'company name', 'business', 'organisation', 'organization', 'firm'],
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'primary email'],
  email2: ['email 2', 'second email', 'alternate email', 'alt email', 'other email', 'secondary email'],
  phone: [
    'phone',
    'phone number',
    'mobile',
    'mobile phone',
    'cell',
    'cell phone',
    'telephone',
    'tel',
    'primary phone',
  ],
  phone2: ['phone 2', 'home phone', 'work phone', 'other phone', 'alt phone', 'alternate phone', 'fax'],
  street: ['street', 'address', 'street address', 'address 1', 'address line 1', 'mailing address'],
  city: ['city', 'town', 'suburb'],
  state: ['state', 'province', 'region', 'county', 'st'],
  postalCode: ['zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'post code'],
  notes: ['notes', 'note', 'comments', 'customer notes', 'remarks'],
  boatName: ['vessel name', 'vessel', 'boat', 'boat name', 'yacht', 'yacht name'],
  make: ['make', 'manufacturer', 'builder', 'brand', 'boat make'],
  model: ['model', 'boat model'],
  year: ['year', 'model year', 'year built', 'built'],
  length: ['loa', 'length', 'length overall', 'length ft', 'length (ft)', 'length m', 'length (m)', 'size'],
  beam: ['beam', 'width', 'beam ft', 'beam (ft)'],
  draft: ['draft', 'draught', 'draft ft', 'draft (ft)'],
  hullId: ['hin', 'hull id', 'hull number', 'hull identification number', 'hull #', 'hull no', 'serial'],
  registration: ['registration', 'reg', 'reg no', 'registration number', 'documentation number', 'doc no'],
  slip: ['slip', 'slip number', 'berth', 'dock', 'location', 'mooring', 'space'],
  boatNotes: ['boat notes', 'vessel notes', 'boat comments'],
};

/**
 * Forgiving: "E-mail Address", "email_address" and " EMAIL:" are the same label; so are
 * "Customer #" and "customer #". Case, spacing and punctuation other than `#` do not count.
 */
export function labelKey(label: string): string {
  return label
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}#]+/gu, '')
    .trim();
}

const FIELD_BY_KEY = new Map<string, ImportField>(
  (Object.entries(SYNONYMS) as [ImportField, string[]][]).flatMap(([field, labels]) =>
    labels.map((label) => [labelKey(label), field] as const),
  ),
);

/** Fields a customers-only file may hold, and those of a boats file. */
export const BOAT_FIELDS: ReadonlySet<ImportField> = new Set([
  'boatName',
  'make',
  'model',
  'year',
  'length',
  'beam',
  'draft',
  'hullId',
  'registration',
  'slip',
  'boatNotes',
]);

/** The field a header label most likely means, or null. */
export function guessField(label: string): ImportField | null {
  return FIELD_BY_KEY.get(labelKey(label)) ?? null;
}

/** One field per column at most: the first column with a label wins, later ones stay unmapped. */
export function guessColumns(labels: string[], allowed: (f: ImportField) => boolean = () => true) {
  const taken = new Set<ImportField>();
  return labels.map((label) => {
    const field = guessField(label);
    if (!field || taken.has(field) || !allowed(field)) return null;
    taken.add(field);
    return field;
  });
}

/** A guess for one file (a row per boat) or two (customers, then boats joined by a key). */
export function guessMapping(headers: { customers: string[]; boats: string[] | null }): ImportMapping {
  if (!headers.boats) return { customers: guessColumns(headers.customers), boats: null };
  const joins = (f: ImportField) => f === 'customerNumber' || f === 'customerKey';
  return {
    customers: guessColumns(headers.customers, (f) => !BOAT_FIELDS.has(f)),
    boats: guessColumns(headers.boats, (f) => BOAT_FIELDS.has(f) || joins(f)),
  };
}

/** The key a mapping is saved under: the header set, normalised, in order. */
export function headerKey(headers: { customers: string[]; boats: string[] | null }): string {
  const one = (labels: string[]) => labels.map(labelKey).join('|');
  return headers.boats ? `${one(headers.customers)}||${one(headers.boats)}` : one(headers.customers);
}
