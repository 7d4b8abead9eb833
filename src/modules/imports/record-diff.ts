import type { BoatData, CustomerData } from './row-values.js';

/** The customer columns an import reads and writes. */
export interface CustomerRecord {
  id: string;
  customer_number: number;
  first_name: string;
  last_name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  phone_e164: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  notes: string | null;
}

export interface ContactRecord {
  customer_id: string;
  kind: 'email' | 'phone';
  value: string;
  phone_e164: string | null;
}

export interface BoatRecord {
  id: string;
  customer_id: string;
  name: string;
  make: string | null;
  model: string | null;
  year: number | null;
  length_ft: string | null;
  beam_ft: string | null;
  draft_ft: string | null;
  hull_id: string | null;
  registration: string | null;
  slip: string | null;
  notes: string | null;
}

type CustomerPatch = Partial<Omit<CustomerRecord, 'id' | 'customer_number'>> & {
  phone_digits?: string | null;
};
export interface NewContact {
  kind: 'email' | 'phone';
  value: string;
  phone_e164: string | null;
}

/** The columns of a new customer. */
export function newCustomer(c: CustomerData) {
  return {
    first_name: c.firstName,
    last_name: c.lastName,
    company: c.company,
    email: c.email,
    phone: c.phone,
    phone_e164: c.phoneE164,
    phone_digits: c.phoneDigits,
    street: c.street,
    city: c.city,
    state: c.state,
    postal_code: c.postalCode,
    notes: c.notes,
  };
}

/** The further email and phone of a new customer. */
export function newContacts(c: CustomerData): NewContact[] {
  const out: NewContact[] = [];
  if (c.email2 && c.email2 !== c.email) out.push({ kind: 'email', value: c.email2, phone_e164: null });
  if (c.phone2 && c.phone2E164 !== c.phoneE164)
    out.push({ kind: 'phone', value: c.phone2, phone_e164: c.phone2E164 });
  return out;
}

const SIMPLE = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['company', 'company'],
  ['street', 'street'],
  ['city', 'city'],
  ['state', 'state'],
  ['postalCode', 'postal_code'],
  ['notes', 'notes'],
] as const;

/**
 * What importing `c` changes on an existing customer: only what the file says (an empty
 * cell never clears a value), and an email or phone the customer does not have yet goes
 * to the primary one when that is empty, else to their further contacts; nothing on file
 * is overwritten with another address.
 */
export function customerChanges(existing: CustomerRecord, contacts: ContactRecord[], c: CustomerData) {
  const patch: CustomerPatch = {};
  for (const [from, to] of SIMPLE) {
    const value = c[from];
    if (value && value !== existing[to]) patch[to] = value;
  }
  const add: NewContact[] = [];
  const emails = new Set([
    existing.email?.toLowerCase(),
    ...contacts.filter((k) => k.kind === 'email').map((k) => k.value.toLowerCase()),
  ]);
  const phones = new Set([
    existing.phone_e164,
    ...contacts.filter((k) => k.kind === 'phone').map((k) => k.phone_e164),
  ]);
  for (const email of [c.email, c.email2]) {
    if (!email || emails.has(email)) continue;
    emails.add(email);
    if (!existing.email && patch.email === undefined) patch.email = email;
    else add.push({ kind: 'email', value: email, phone_e164: null });
  }
  for (const [text, e164] of [
    [c.phone, c.phoneE164],
    [c.phone2, c.phone2E164],
  ] as const) {
    if (!text || !e164 || phones.has(e164)) continue;
    phones.add(e164);
    if (!existing.phone_e164 && patch.phone === undefined) {
      patch.phone = text;
      patch.phone_e164 = e164;
      patch.phone_digits = c.phoneE164 === e164 ? c.phoneDigits : e164.replace(/\D/g, '');
    } else add.push({ kind: 'phone', value: text, phone_e164: e164 });
  }
  return { patch, contacts: add };
}

/** Field names staff read in the preview ("email, phone, 1 more contact"). */
export function changedWords(changes: { patch: object; contacts: NewContact[] }): string[] {
  const words = Object.keys(changes.patch)
    .filter((k) => k !== 'phone_e164' && k !== 'phone_digits')
    .map((k) => k.replace(/_/g, ' '));
  if (changes.contacts.length)
    words.push(`${changes.contacts.length} more contact${changes.contacts.length > 1 ? 's' : ''}`);
  return words;
}

/** The columns of a new boat. */
export function newBoat(b: BoatData) {
  return {
    name: b.name,
    make: b.make,
    model: b.model,
    year: b.year,
    length_ft: b.lengthFt,
    beam_ft: b.beamFt,
    draft_ft: b.draftFt,
    hull_id: b.hullId,
    registration: b.registration,
    slip: b.slip,
    notes: b.notes,
  };
}

const sameNumber = (a: string | null, b: string | null) =>
  a !== null && b !== null && Number(a) === Number(b);

/** What importing `b` changes on an existing boat: only what the file says. */
export function boatChanges(existing: BoatRecord, b: BoatData): Partial<ReturnType<typeof newBoat>> {
  const patch: Partial<ReturnType<typeof newBoat>> = {};
  const next = newBoat(b);
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    const value = next[key];
    if (value === null || value === '') continue;
    const before = existing[key];
    if (key === 'length_ft' || key === 'beam_ft' || key === 'draft_ft') {
      if (!sameNumber(before as string | null, value as string))
        (patch as Record<string, unknown>)[key] = value;
    } else if (value !== before) (patch as Record<string, unknown>)[key] = value;
  }
  return patch;
}
