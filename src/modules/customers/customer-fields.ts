import type { z } from 'zod';
import type { Customer } from '../../db/schema.js';
import { AppError } from '../../server/errors.js';
import type { UpdateCustomerRequest } from '../../shared/api-schemas/customer-records.js';
import type { ContactRow, NewCustomer } from './customer-records.repo.js';
import { parsePhone, phoneProblem } from './phone.js';

export type CustomerInput = z.output<typeof UpdateCustomerRequest>;
type Label = ContactRow['label'];

/** What an edit or a creation writes: the customer row's columns and, when given, the further contacts. */
export interface CustomerWrite {
  columns: Partial<NewCustomer>;
  emails?: ContactRow[];
  phones?: ContactRow[];
}

/**
 * Turns a request's fields into columns, checking every phone against the yard's country.
 * Bad phones are refused together, each named by its field ("otherPhones.1.value").
 */
export function customerWrite(input: CustomerInput, country: string): CustomerWrite {
  const bad: Record<string, string> = {};
  const phoneOf = (value: string, field: string, label: string) => {
    const parsed = parsePhone(value, country);
    if (!parsed) bad[field] = `${label}: ${phoneProblem(value, country)}`;
    return parsed;
  };
  const columns: Partial<NewCustomer> = {};
  const set = <K extends keyof NewCustomer>(key: K, v: NewCustomer[K] | undefined) => {
    if (v !== undefined) columns[key] = v;
  };
  set('first_name', input.firstName);
  set('last_name', input.lastName);
  set('company', input.company === undefined ? undefined : input.company || null);
  set('email', input.email === undefined ? undefined : input.email || null);
  set('street', input.street === undefined ? undefined : input.street || null);
  set('city', input.city === undefined ? undefined : input.city || null);
  set('state', input.state === undefined ? undefined : input.state || null);
  set('postal_code', input.postalCode === undefined ? undefined : input.postalCode || null);
  set('notes', input.notes === undefined ? undefined : input.notes || null);
  set('customer_number', input.customerNumber);
  set('phone_type', input.phoneType);
  if (input.phone !== undefined) {
    const parsed = input.phone ? phoneOf(input.phone, 'phone', 'Phone') : null;
    columns.phone = input.phone || null;
    columns.phone_e164 = parsed?.e164 ?? null;
    columns.phone_digits = parsed?.digits ?? null;
    if (!input.phone) columns.phone_type = null;
  }
  const write: CustomerWrite = { columns };
  if (input.otherEmails) {
    write.emails = input.otherEmails.map((e) => ({
      kind: 'email',
      label: e.label as Label,
      value: e.value,
      phone_e164: null,
    }));
  }
  if (input.otherPhones) {
    write.phones = input.otherPhones.map((p, i) => ({
      kind: 'phone',
      label: p.label as Label,
      value: p.value,
      phone_e164: phoneOf(p.value, `otherPhones.${i}.value`, `Other phone ${i + 1}`)?.e164 ?? null,
    }));
  }
  const first = Object.entries(bad)[0];
  if (first) throw new AppError('VALIDATION', first[1], { fields: bad });
  return write;
}

/** The emails and phones (E.164) a duplicate check looks for. */
export function contactKeys(write: CustomerWrite) {
  const emails = [write.columns.email, ...(write.emails ?? []).map((e) => e.value)]
    .filter((e): e is string => !!e)
    .map((e) => e.toLowerCase());
  const phones = [write.columns.phone_e164, ...(write.phones ?? []).map((p) => p.phone_e164)].filter(
    (p): p is string => !!p,
  );
  return { emails: [...new Set(emails)], phones: [...new Set(phones)] };
}

/** What the audit log compares: the columns and the further contacts as the office sees them. */
export function auditView(c: Partial<Customer>, contacts?: Pick<ContactRow, 'kind' | 'label' | 'value'>[]) {
  const { created_at, updated_at, sort_name, first_lower, email_lower, search_key, ...rest } = c;
  const view: Record<string, unknown> = { ...rest };
  if (contacts) {
    view.other_emails = contacts.filter((x) => x.kind === 'email').map((x) => `${x.value} (${x.label})`);
    view.other_phones = contacts.filter((x) => x.kind === 'phone').map((x) => `${x.value} (${x.label})`);
  }
  return view;
}

export const displayName = (c: Pick<Customer, 'first_name' | 'last_name' | 'company'>) =>
  `${c.first_name} ${c.last_name}`.trim() || c.company || 'Unnamed customer';
