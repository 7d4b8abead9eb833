import { z } from 'zod';
import { emailAddress, multiLine, singleLine } from './text-fields.js';
import { CURRENCIES } from './values.js';

export const YardSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  /** ISO 4217: amounts are shown in it. */
  currency: z.string(),
  /** Boat dimensions are entered and shown in it. */
  lengthUnit: z.enum(['ft', 'm']),
  /** IANA time zone (yard settings): staff and portal pages show times on this clock. */
  timezone: z.string(),
  /** The logo's address (relative), or null when the yard has none. */
  logoUrl: z.string().nullable(),
});

export const StaffMe = z.object({
  staff: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(['owner', 'office', 'technician', 'viewer']),
    /** What the role may do (docs/yards.md, "Roles"): the web app hides what it may not. */
    permissions: z.array(z.string()),
  }),
  yard: YardSummary,
});

// The yard's settings (src/modules/yards/yard-settings.routes.ts): anyone of the yard's staff
// reads them, only the owner changes them. Tax rates travel as percentages with at most two
// decimals ("7.25"), stored as basis points (725).

/** Highest tax rate a yard may set, in percent (the database allows up to 5,000 bp). */
export const MAX_TAX_PERCENT = 50;

const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

/** "7.25" → 725; the string must already match the percentage rule. */
export function percentToBasisPoints(percent: string): number {
  const [whole, frac = ''] = percent.trim().split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** 725 → "7.25", 700 → "7", 750 → "7.5". */
export function basisPointsToPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

const taxPercent = (label: string) =>
  z
    .string({ error: `${label} must be a percentage such as 7 or 7.25` })
    .trim()
    .refine((s) => PERCENT.test(s), `${label} must be a percentage with at most two decimals, such as 7.25`)
    .refine(
      (s) => !PERCENT.test(s) || percentToBasisPoints(s) <= MAX_TAX_PERCENT * 100,
      `${label} can be at most ${MAX_TAX_PERCENT} %`,
    );

const wholeDays = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a whole number of days` })
    .int(`${label} must be a whole number of days`)
    .min(min, `${label} must be between ${min} and ${max} days`)
    .max(max, `${label} must be between ${min} and ${max} days`);

const isTimeZone = (s: string) => Intl.supportedValuesOf('timeZone').includes(s) || s === 'UTC';

export { CURRENCIES } from './values.js';

export const YardTaxRates = z.object({
  labor: taxPercent('Labour tax'),
  parts: taxPercent('Parts tax'),
  fees: taxPercent('Fees tax'),
});

/** What the owner may change; every field may be left out, and what is left out stays. */
export const YardSettingsPatch = z
  .strictObject({
    name: singleLine('Yard name', 120).min(1, 'Yard name is required'),
    email: emailAddress('Email', 'Enter the yard email as name@example.com, or leave it empty', {
      allowEmpty: true,
    }),
    phone: singleLine('Phone', 40),
    address: multiLine('Address', 500).refine(
      (s) => s.split('\n').length <= 8,
      'Address can have at most 8 lines',
    ),
    timezone: singleLine('Time zone', 64).refine(
      isTimeZone,
      'Time zone must be one from the list, such as America/New_York',
    ),
    inviteExpiryDays: wholeDays('Invite link expiry', 1, 90).nullable(),
    taxRates: YardTaxRates.partial(),
    invoiceDueDays: wholeDays('Invoice due', 0, 365),
    invoiceTerms: multiLine('Invoice terms', 2000),
    estimateValidDays: wholeDays('Estimate validity', 1, 365),
    currency: z.enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(', ')}` }),
    lengthUnit: z.enum(['ft', 'm'], { error: 'Length unit must be ft (feet) or m (metres)' }),
    // The full check against the phone library's country list is the service's.
    phoneCountry: z
      .string({ error: 'Default phone country must be a two-letter country code, such as US' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'Default phone country must be a two-letter country code, such as US'),
  })
  .partial();

export const YardSettingsView = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  address: z.string(),
  timezone: z.string(),
  /** null: links last the default number of days. */
  inviteExpiryDays: z.number().nullable(),
  defaultInviteExpiryDays: z.number(),
  taxRates: z.object({ labor: z.string(), parts: z.string(), fees: z.string() }),
  invoiceDueDays: z.number(),
  invoiceTerms: z.string(),
  estimateValidDays: z.number(),
  currency: z.string(),
  lengthUnit: z.enum(['ft', 'm']),
  phoneCountry: z.string(),
  /** The countries the phone library knows: the choices for `phoneCountry`. */
  phoneCountries: z.array(z.string()),
  /** The logo's address, or null when the yard has none. */
  logoUrl: z.string().nullable(),
  /** Only the owner may change the settings. */
  canEdit: z.boolean(),
});
