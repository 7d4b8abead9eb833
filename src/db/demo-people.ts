/**
 * Deterministic generator of realistic US boat-owning customers for demo yards,
 * tests and benchmarks. Same seed, same people; about a million people a second.
 *
 *   const rng = createRng(42);
 *   for (let i = 0; i < n; i++) rows.push(makePerson(rng, i));
 *
 * Emails are unique per index (the index is part of the address) and never use
 * example.com, so hand-made demo customers such as ava.thompson@example.com stay unique.
 * Phones are real-looking numbers of coastal area codes, never in the 555 exchange,
 * so a hand-made "(305) 555-0142" matches only its own customer.
 */
import {
  AREA_CODES,
  COMPANY_KINDS,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  PLACES,
  STREET_NAMES,
  STREET_SUFFIXES,
} from './demo-names.js';

/** Uniform random number in [0, 1). */
export type Rng = () => number;

export interface DemoPerson {
  firstName: string;
  lastName: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  street: string;
  city: string;
  state: string;
  postalCode: string;
}

/** mulberry32: a tiny, fast 32-bit PRNG; good enough for demo data, not for secrets. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both inclusive. */
export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)];
}

/**
 * Samples a list ordered from most to least common with Zipf-like weights
 * 1 / (rank + offset): a larger offset flattens the distribution.
 */
export function rankedPicker<T>(list: readonly T[], offset: number): (rng: Rng) => T {
  const cumulative = new Float64Array(list.length);
  let sum = 0;
  for (let i = 0; i < list.length; i++) {
    sum += 1 / (i + offset);
    cumulative[i] = sum;
  }
  for (let i = 0; i < list.length; i++) cumulative[i] /= sum;
  return (rng) => {
    const u = rng();
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= u) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  };
}

// Top surname about 1.3 % of people, the rarest about 0.025 %; top first name about 3 %.
const pickLastName = rankedPicker(LAST_NAMES, 20);
const pickFirstName = rankedPicker(FIRST_NAMES, 8);
const pickPlace = rankedPicker(PLACES, 6);

const lettersCache = new Map<string, string>();
/** "O'Brien" → "obrien"; cached, since the same few hundred names come back all the time. */
function lettersOnly(s: string): string {
  let v = lettersCache.get(s);
  if (v === undefined) {
    v = s.toLowerCase().replace(/[^a-z]/g, '');
    if (lettersCache.size < 50_000) lettersCache.set(s, v);
  }
  return v;
}

function makeCompany(rng: Rng, lastName: string): string {
  const base = rng() < 0.4 ? lastName : pick(rng, COMPANY_WORDS);
  const suffix = pick(rng, COMPANY_SUFFIXES);
  const name = `${base} ${pick(rng, COMPANY_KINDS)}`;
  return suffix ? `${name} ${suffix}` : name;
}

function makeEmail(rng: Rng, index: number, first: string, last: string, company: string | null): string {
  const f = lettersOnly(first);
  const l = lettersOnly(last);
  let local: string;
  const r = rng();
  if (r < 0.3) local = `${f}.${l}`;
  else if (r < 0.5) local = `${f[0]}${l}`;
  else if (r < 0.62) local = `${f}${l}`;
  else if (r < 0.72) local = `${f}_${l}`;
  else if (r < 0.8) local = `${f}${l[0]}`;
  else if (r < 0.88) local = `${l}.${f}`;
  else if (r < 0.94) local = `${f}.${l[0]}`;
  else local = `${l}${f[0]}`;
  // The local part ends in a letter and the index follows it: unique per index.
  local += index;
  if (rng() < 0.03) local = local[0].toUpperCase() + local.slice(1);
  const domain =
    company && rng() < 0.6
      ? `${lettersOnly(company.replace(/ (LLC|Inc\.|Co\.|Group)$/, ''))}.com`
      : pick(rng, EMAIL_DOMAINS);
  return `${local}@${domain}`;
}

function makePhone(rng: Rng): string {
  const area = pick(rng, AREA_CODES);
  // NXX exchange: 200–999, not N11, not the fictional 555.
  let exchange = randInt(rng, 200, 999);
  if (exchange === 555 || exchange % 100 === 11) exchange += 1;
  const ex = String(exchange);
  const line = String(randInt(rng, 0, 9999)).padStart(4, '0');
  const r = rng();
  if (r < 0.35) return `(${area}) ${ex}-${line}`;
  if (r < 0.6) return `${area}-${ex}-${line}`;
  if (r < 0.68) return `${area}.${ex}.${line}`;
  if (r < 0.78) return `+1 ${area} ${ex} ${line}`;
  if (r < 0.9) return `${area}${ex}${line}`;
  if (r < 0.95) return `+1${area}${ex}${line}`;
  return `1-${area}-${ex}-${line}`;
}

function makeStreet(rng: Rng): string {
  const u = rng();
  // Mostly 2–4 digit house numbers, a few 5-digit ones on long coastal roads.
  const number =
    u < 0.1 ? randInt(rng, 1, 99) : u < 0.9 ? randInt(rng, 100, 9999) : randInt(rng, 10000, 99999);
  let street = `${number} ${pick(rng, STREET_NAMES)} ${pick(rng, STREET_SUFFIXES)}`;
  const unit = rng();
  if (unit < 0.06) street += ` Apt ${randInt(rng, 1, 30)}${pick(rng, ['', 'A', 'B', 'C'])}`;
  else if (unit < 0.09) street += ` Unit ${randInt(rng, 100, 1900)}`;
  return street;
}

/**
 * One person. `index` makes the email unique; the rest comes from `rng`, so the same
 * seed and the same sequence of indexes give the same people.
 */
export function makePerson(rng: Rng, index: number): DemoPerson {
  const firstName = pickFirstName(rng);
  // Double-barrelled surnames (Garcia-Lopez, Smith-Nguyen) make the long tail of rare names.
  const lastName = rng() < 0.03 ? `${pickLastName(rng)}-${pickLastName(rng)}` : pickLastName(rng);
  const company = rng() < 0.1 ? makeCompany(rng, lastName) : null;
  const email = rng() < 0.05 ? null : makeEmail(rng, index, firstName, lastName, company);
  const phone = rng() < 0.05 ? null : makePhone(rng);
  const [city, state, zip] = pickPlace(rng);
  const postalCode = String(zip + (rng() < 0.6 ? 0 : randInt(rng, 1, 6))).padStart(5, '0');
  return { firstName, lastName, company, email, phone, street: makeStreet(rng), city, state, postalCode };
}
