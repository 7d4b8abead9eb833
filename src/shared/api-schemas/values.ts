// Plain values of the API contract that pages use at run time. No imports, zod least of
// all: zod compiles its parsers with \`new Function\`, which the Content-Security-Policy
// refuses in the browser (and which the pages do not need). The schemas build on these.

export const LENGTH_UNITS = ['ft', 'm'] as const;
export type LengthUnit = (typeof LENGTH_UNITS)[number];
const METRES_PER_FOOT = 0.3048;

/** The largest dimension a yard can mean, in feet: beyond it the number is a typo. */
export const DIMENSION_LIMITS_FT = { length: 500, beam: 100, draft: 60 } as const;
export type Dimension = keyof typeof DIMENSION_LIMITS_FT;
export const DIMENSION_LABELS: Record<Dimension, string> = {
  length: 'Length overall',
  beam: 'Beam',
  draft: 'Draft',
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A value entered in the yard's unit, in feet with two decimals (what boats.*_ft keeps). */
export const toFeet = (value: number, unit: LengthUnit) =>
  round2(unit === 'm' ? value / METRES_PER_FOOT : value);

/** A stored value in feet, in the yard's unit with two decimals (12.5 m survives the round trip). */
export const fromFeet = (feet: number, unit: LengthUnit) =>
  round2(unit === 'm' ? feet * METRES_PER_FOOT : feet);

export const AUDIT_ENTITIES = [
  'customer',
  'boat',
  'order',
  'estimate',
  'invoice',
  'payment',
  'staff',
  'settings',
  'account',
] as const;

/** The currencies a yard may keep its books in: ISO 4217 codes of currencies with cents. */
export const CURRENCIES = [
  'USD',
  'CAD',
  'EUR',
  'GBP',
  'AUD',
  'NZD',
  'CHF',
  'DKK',
  'NOK',
  'SEK',
  'MXN',
  'SGD',
  'HKD',
  'ZAR',
] as const;

/** What a column of an imported file can be, in Slipway's words (docs/import.md). */
export const IMPORT_FIELDS = [
  'customerNumber',
  'customerKey',
  'firstName',
  'lastName',
  'fullName',
  'company',
  'email',
  'email2',
  'phone',
  'phone2',
  'street',
  'city',
  'state',
  'postalCode',
  'notes',
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
] as const;

/** Where a boat is in the yard right now, as staff set it in one click (docs/boat-status.md). */
export const YARD_STATUSES = [
  'in_water',
  'hauled',
  'on_hard',
  'in_shop',
  'in_paint',
  'launched',
  'in_storage',
] as const;
export type YardStatus = (typeof YARD_STATUSES)[number];
export const YARD_STATUS_LABELS: Record<YardStatus, string> = {
  in_water: 'In the water',
  hauled: 'Hauled',
  on_hard: 'On the hard',
  in_shop: 'In the shop',
  in_paint: 'In paint',
  launched: 'Launched',
  in_storage: 'In storage',
};
