import {
  type CountryCode,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/min';

export interface NormalizedPhone {
  /** +13055550142 */
  e164: string;
  /** National significant digits, 3055550142: what people type when they search. */
  digits: string;
}

/**
 * Normalises a phone number as entered by staff ("(305) 555-0142", "+1 305 555 0142")
 * for storage and search. Numbers without a country code are read in `defaultCountry` (US).
 * Returns null when the input cannot be a phone number.
 */
export function normalizePhone(
  input: string | null | undefined,
  defaultCountry: CountryCode = 'US',
): NormalizedPhone | null {
  if (!input || !/\d/.test(input)) return null;
  const parsed = parsePhoneNumberFromString(input, defaultCountry);
  if (parsed?.isPossible()) {
    return { e164: parsed.number, digits: String(parsed.nationalNumber) };
  }
  const digits = input.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 15) return null;
  return { e164: `+${digits}`, digits };
}

/**
 * The digits to match when someone types a phone fragment into search. A leading
 * US country code is dropped so it matches the stored national digits: "+1 305…",
 * "+1305…", "1-305-…", "1 (305) …", "1.305…" and the eleven digits "13055550142".
 * A bare leading 1 without a separator ("1305") is kept: it may be a fragment.
 */
export function phoneSearchDigits(term: string): string {
  const digits = term.replace(/\D/g, '');
  const countryCode =
    /^\s*\+\s*1/.test(term) ||
    /^\s*1\s*[\s.(/-]/.test(term) ||
    (digits.length === 11 && digits.startsWith('1'));
  return countryCode ? digits.slice(1) : digits;
}

/**
 * A phone number typed by staff, checked against the numbering plan of the yard's country
 * (`yards.phone_country`) unless it starts with + and a country code. Null when it is not
 * a valid number there: "305-555-01" is refused, where normalizePhone would keep its digits.
 */
export function parsePhone(input: string, country: string): NormalizedPhone | null {
  if (!/\d/.test(input)) return null;
  const parsed = parsePhoneNumberFromString(input, country as CountryCode);
  if (!parsed?.isValid()) return null;
  return { e164: parsed.number, digits: String(parsed.nationalNumber) };
}

/** "the United States", "Canada": a country's English name as it reads after "for". */
export function countryName(country: string): string {
  let name = country;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    // An unknown code reads as itself.
  }
  return /^(United|Republic|Netherlands|Bahamas|Philippines|Gambia|Dominican|Czech|Central African|Maldives)|Islands$/.test(
    name,
  )
    ? `the ${name}`
    : name;
}

/**
 * What is wrong with a phone number for the yard's country, in words a person can act on
 * ("305-555-01 is not a complete phone number for the United States; check the digits"),
 * or null when parsePhone accepts it. Every place a phone is saved refuses with this.
 */
export function phoneProblem(input: string, country: string): string | null {
  if (parsePhone(input, country)) return null;
  const place = countryName(country);
  if (!/\d/.test(input)) return `"${input}" is not a phone number; enter the digits of the number.`;
  switch (validatePhoneNumberLength(input, country as CountryCode)) {
    case 'TOO_SHORT':
      return `${input} is not a complete phone number for ${place}; check the digits.`;
    case 'TOO_LONG':
      return `${input} has too many digits for a phone number in ${place}; check the digits.`;
    default:
      return `${input} is not a valid phone number for ${place}; check the digits, or start with + and the country code.`;
  }
}
