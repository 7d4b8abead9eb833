import { z } from 'zod';
import { multiLine, singleLine } from '../../shared/api-schemas/text-fields.js';
import type { ImportField } from '../../shared/api-types.js';
import { cellValue, type RawCell, SpreadsheetError } from '../bulk-invites/spreadsheet/index.js';
import { parsePhone, phoneProblem } from '../customers/phone.js';
import { BOAT_FIELDS } from './import-fields.js';

/** A staged cell: the file's text, null for nothing, or a formula or error the reader found. */
export type StagedCell = Exclude<RawCell, undefined> | null;

export interface CustomerData {
  number: number | null;
  firstName: string;
  lastName: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  phoneE164: string | null;
  phoneDigits: string | null;
  email2: string | null;
  phone2: string | null;
  phone2E164: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  notes: string | null;
}

export interface BoatData {
  name: string;
  make: string | null;
  model: string | null;
  year: number | null;
  /** Feet, two decimals, as numeric columns read back. */
  lengthFt: string | null;
  beamFt: string | null;
  draftFt: string | null;
  hullId: string | null;
  registration: string | null;
  slip: string | null;
  notes: string | null;
}

export interface ReadRow {
  /** The mapped values as text, for the preview and the report of invalid rows. */
  values: Partial<Record<ImportField, string | null>>;
  customer: CustomerData | null;
  boat: BoatData | null;
  /** What joins a boats-file row to its customer (customer key, else number). */
  joinKey: string | null;
  /** Why the row cannot be imported: every problem found, each naming its column. */
  errors: string[];
}

export interface RowContext {
  phoneCountry: string;
  lengthUnit: 'ft' | 'm';
  thisYear: number;
}

const MAX: Partial<Record<ImportField, number>> = {
  firstName: 100,
  lastName: 100,
  fullName: 200,
  company: 200,
  street: 200,
  city: 100,
  state: 100,
  postalCode: 20,
  customerKey: 100,
  boatName: 100,
  make: 100,
  model: 100,
  hullId: 40,
  registration: 40,
  slip: 60,
};
const MULTI_LINE: ReadonlySet<ImportField> = new Set(['notes', 'boatNotes']);
const NOTES_MAX = 4000;
const IDENTIFIERS: ReadonlySet<ImportField> = new Set(['customerNumber', 'phone', 'phone2']);
const Email = z.email();

/** Feet per unit a length may be written in. */
const UNITS: Record<string, number> = {
  ft: 1,
  "'": 1,
  feet: 1,
  foot: 1,
  m: 3.28084,
  meter: 3.28084,
  metre: 3.28084,
};
const LIMITS_FT = { length: 600, beam: 150, draft: 60 } as const;

/** 32, 32.5, 32' 6", 32 ft, 9.8 m, 9,8 m: a length in feet (two decimals), or null when unreadable. */
export function parseLength(text: string, unit: 'ft' | 'm'): number | null {
  const t = text.trim().toLowerCase().replace(/,/g, '.');
  const feetInches = /^(\d+(?:\.\d+)?)\s*(?:'|ft|feet)\s*(\d+(?:\.\d+)?)\s*(?:"|in|inches)?$/.exec(t);
  if (feetInches) return Math.round((Number(feetInches[1]) + Number(feetInches[2]) / 12) * 100) / 100;
  const m = /^(\d+(?:\.\d+)?)\s*(ft|'|feet|foot|m|meter|metre|meters|metres)?\.?$/.exec(t);
  if (!m) return null;
  const per = m[2] ? (UNITS[m[2].replace(/s$/, '')] ?? 1) : unit === 'm' ? UNITS.m : 1;
  return Math.round(Number(m[1]) * per * 100) / 100;
}

/**
 * A phone number valid for the yard's country, normalised as customers keep it: the same
 * check as the office's customer form and the portal's contact form (customers/phone.ts).
 */
export function importPhone(text: string, country: string) {
  return parsePhone(text, country);
}

function splitName(full: string): { first: string; last: string } {
  const comma = /^([^,]+),\s*(.+)$/.exec(full);
  if (comma) return { first: comma[2].trim(), last: comma[1].trim() };
  const words = full.split(/\s+/);
  return words.length === 1
    ? { first: '', last: full }
    : { first: words.slice(0, -1).join(' '), last: words.at(-1) ?? '' };
}

/**
 * Reads one staged row through the mapping into the customer's and the boat's values,
 * finding every problem a person would fix: unreadable cells, control characters, bad
 * emails and phones, impossible years and lengths, oversized text.
 */
export function readRow(
  cells: StagedCell[],
  v: { mapping: (ImportField | null)[]; labels: string[]; rowNumber: number; file: 'customers' | 'boats' },
  ctx: RowContext,
): ReadRow {
  const values: ReadRow['values'] = {};
  const errors: string[] = [];
  const column: Partial<Record<ImportField, string>> = {};
  v.mapping.forEach((field, i) => {
    if (!field) return;
    const label = v.labels[i] ?? `column ${i + 1}`;
    column[field] = label;
    try {
      const text = cellValue(cells[i] ?? undefined, v.rowNumber, label, IDENTIFIERS.has(field));
      values[field] = text;
    } catch (err) {
      if (!(err instanceof SpreadsheetError)) throw err;
      values[field] = null;
      errors.push(err.message.replace(/^Row \d+, /, ''));
    }
  });
  const fail = (field: ImportField, sentence: string) => errors.push(`Column "${column[field]}" ${sentence}`);
  for (const [field, text] of Object.entries(values) as [ImportField, string | null][]) {
    if (text === null) continue;
    const check = MULTI_LINE.has(field) ? multiLine('It', NOTES_MAX) : singleLine('It', MAX[field] ?? 254);
    const r = check.safeParse(text);
    if (!r.success) {
      fail(
        field,
        `(${JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text)}): ${r.error.issues[0].message.replace(/^It /, 'the value ')}.`,
      );
      values[field] = null;
    }
  }
  const get = (f: ImportField) => values[f] ?? null;

  let number: number | null = null;
  const rawNumber = get('customerNumber');
  if (rawNumber) {
    const digits = rawNumber.replace(/^#/, '').trim();
    if (/^\d{1,9}$/.test(digits) && Number(digits) > 0) number = Number(digits);
    else
      fail(
        'customerNumber',
        `holds "${rawNumber}", which is not a customer number (a whole number such as 1042). Map the column as "Customer key" if the old system's numbers have letters.`,
      );
  }
  const joinKey = get('customerKey')?.toLowerCase() ?? (number !== null ? String(number) : null);

  const boat = readBoat(get, fail, ctx);
  if (v.file === 'boats') {
    if (!joinKey)
      errors.push(
        'The row has no customer key or customer number to find its customer in the customers file.',
      );
    if (!boat) errors.push('The row has no boat name, make, model or hull ID.');
    return { values, customer: null, boat, joinKey, errors };
  }

  const email = get('email')?.toLowerCase() ?? null;
  if (email && !Email.safeParse(email).success)
    fail('email', `holds "${get('email')}", which is not a valid email address.`);
  const email2 = get('email2')?.toLowerCase() ?? null;
  if (email2 && !Email.safeParse(email2).success)
    fail('email2', `holds "${get('email2')}", which is not a valid email address.`);
  const phoneText = get('phone');
  const phone = phoneText ? importPhone(phoneText, ctx.phoneCountry) : null;
  if (phoneText && !phone)
    fail('phone', `holds "${phoneText}": ${phoneProblem(phoneText, ctx.phoneCountry)}`);
  const phone2Text = get('phone2');
  const phone2 = phone2Text ? importPhone(phone2Text, ctx.phoneCountry) : null;
  if (phone2Text && !phone2)
    fail('phone2', `holds "${phone2Text}": ${phoneProblem(phone2Text, ctx.phoneCountry)}`);

  let first = get('firstName') ?? '';
  let last = get('lastName') ?? '';
  const full = get('fullName');
  if (!first && !last && full) ({ first, last } = splitName(full));
  const company = get('company');
  if (!first && !last && !company) errors.push('The row has no name or company for the customer.');
  if (number === null && !email && !phone && !errors.length) {
    errors.push(
      'The row has no customer number, email or phone, so importing it again could not find the same customer.',
    );
  }
  const customer: CustomerData = {
    number,
    firstName: first,
    lastName: last || (first ? '' : (company ?? '')),
    company,
    email,
    phone: phone ? phoneText : null,
    phoneE164: phone?.e164 ?? null,
    phoneDigits: phone?.digits ?? null,
    email2,
    phone2: phone2 ? phone2Text : null,
    phone2E164: phone2?.e164 ?? null,
    street: get('street'),
    city: get('city'),
    state: get('state'),
    postalCode: get('postalCode'),
    notes: get('notes'),
  };
  return { values, customer, boat, joinKey, errors };
}

function readBoat(
  get: (f: ImportField) => string | null,
  fail: (f: ImportField, sentence: string) => void,
  ctx: RowContext,
): BoatData | null {
  if (![...BOAT_FIELDS].some((f) => get(f))) return null;
  let year: number | null = null;
  const yearText = get('year');
  if (yearText) {
    const y = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
    if (!(y >= 1850 && y <= ctx.thisYear + 2))
      fail(
        'year',
        `holds "${yearText}", which is not a year a boat was built (1850 to ${ctx.thisYear + 2}).`,
      );
    else year = y;
  }
  const feet = (field: 'length' | 'beam' | 'draft') => {
    const text = get(field);
    if (!text) return null;
    const ft = parseLength(text, ctx.lengthUnit);
    const max = LIMITS_FT[field];
    if (ft === null || ft <= 0 || ft > max) {
      fail(
        field,
        `holds "${text}", which is not a possible ${field} (more than 0 and at most ${max} ft; write feet or metres, e.g. 32 or 9.8 m).`,
      );
      return null;
    }
    return ft.toFixed(2);
  };
  const make = get('make');
  const model = get('model');
  const hullId = get('hullId')?.toUpperCase().replace(/\s+/g, '') ?? null;
  const name = get('boatName') ?? ([make, model].filter(Boolean).join(' ') || hullId || '');
  return {
    name,
    make,
    model,
    year,
    lengthFt: feet('length'),
    beamFt: feet('beam'),
    draftFt: feet('draft'),
    hullId,
    registration: get('registration'),
    slip: get('slip'),
    notes: get('boatNotes'),
  };
}

/** The key that finds the same boat of a customer again: its hull ID, else its name. */
export const boatKey = (b: Pick<BoatData, 'hullId' | 'name'>) =>
  b.hullId ? `h:${b.hullId.toUpperCase()}` : `n:${b.name.trim().toLowerCase()}`;
