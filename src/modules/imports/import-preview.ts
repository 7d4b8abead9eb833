// A little over 300 lines: deciding a customers-file row and a boats-file row share the file's memory.
import type { ImportField } from '../../shared/api-types.js';
import type { ImportFileName, ImportsRepo, PreviewedRow } from './imports.repo.js';
import {
  type BoatRecord,
  boatChanges,
  type ContactRecord,
  type CustomerRecord,
  changedWords,
  customerChanges,
} from './record-diff.js';
import {
  type BoatData,
  boatKey,
  type CustomerData,
  type RowContext,
  readRow,
  type StagedCell,
} from './row-values.js';

/** Rows decided per round trip: two lookups and one write for each thousand. */
const CHUNK = 1000;
/** Chunks between two calls of `settle` (a checkpoint on PGlite). */
const SETTLE_EVERY = 20;

interface Unit {
  row: number;
  /** The existing customer the unit updates, if any. */
  customerId: string | null;
  label: string;
}

/**
 * The preview's memory of the file so far: which customer each number, email and phone
 * (and, for two files, each customer key) belongs to, and the boats each customer has in
 * the file. It grows with the file, a few strings per row; everything else is per chunk.
 */
class FileMemory {
  byIdentity = new Map<string, Unit>();
  byCustomer = new Map<string, Unit>();
  byJoin = new Map<string, Unit | { invalidRow: number }>();
  boats = new Set<string>();
}

const keyOf = (c: CustomerData) =>
  c.number !== null ? `n:${c.number}` : c.email ? `e:${c.email}` : `p:${c.phoneE164}`;
const customerLabel = (c: { customer_number: number }) => `customer ${c.customer_number}`;

function findExisting(c: CustomerData, customers: CustomerRecord[], contacts: ContactRecord[]) {
  const viaContact = (kind: 'email' | 'phone', value: string) =>
    new Set(
      contacts
        .filter(
          (k) =>
            k.kind === kind && (kind === 'email' ? k.value.toLowerCase() === value : k.phone_e164 === value),
        )
        .map((k) => k.customer_id),
    );
  const tries: [string, (x: CustomerRecord) => boolean][] = [];
  if (c.number !== null) tries.push(['number', (x) => x.customer_number === c.number]);
  if (c.email) {
    const ids = viaContact('email', c.email);
    tries.push(['email', (x) => x.email?.toLowerCase() === c.email || ids.has(x.id)]);
  }
  if (c.phoneE164) {
    const ids = viaContact('phone', c.phoneE164);
    tries.push(['phone', (x) => x.phone_e164 === c.phoneE164 || ids.has(x.id)]);
  }
  for (const [by, match] of tries) {
    const found = customers.filter(match);
    if (found.length === 1) return { customer: found[0], by };
    if (found.length > 1) {
      const numbers = found.map((x) => x.customer_number).sort((a, b) => a - b);
      return {
        ambiguous: `${found.length} customers of this yard have this ${by} (numbers ${numbers.join(', ')}). Add the customer number to the row.`,
      };
    }
  }
  return null;
}

/**
 * Decides every staged row of an import, a thousand at a time, and stores the decision
 * with the row: create, update (naming the fields), no change, duplicate of an earlier
 * row's customer, or invalid (naming the column and why). Customers are found by number,
 * then email, then phone (primary ones and further contacts); a customer's boats by hull
 * ID, else name. Answers the number of rows.
 */
export async function buildImportPreview(
  repo: ImportsRepo,
  v: {
    yardId: string;
    importId: string;
    headers: { customers: string[]; boats: string[] | null };
    mapping: { customers: (ImportField | null)[]; boats: (ImportField | null)[] | null };
  },
  ctx: RowContext,
  settle: () => Promise<unknown> = async () => {},
): Promise<void> {
  const memory = new FileMemory();
  const twoFiles = v.headers.boats !== null;

  async function pass(
    file: ImportFileName,
    decide: (rows: Read[], boats: BoatRecord[], found: Found) => PreviewedRow[],
  ) {
    const labels = (file === 'customers' ? v.headers.customers : v.headers.boats) ?? [];
    const mapping = (file === 'customers' ? v.mapping.customers : v.mapping.boats) ?? [];
    let after = 0;
    for (let chunk = 1; ; chunk++) {
      const staged = await repo.stagedRows(v.importId, file, after, CHUNK);
      if (!staged.length) break;
      after = staged[staged.length - 1].row_number;
      const rows: Read[] = staged.map((s) => ({
        rowNumber: s.row_number,
        ...readRow(s.cells as StagedCell[], { mapping, labels, rowNumber: s.row_number, file }, ctx),
      }));
      const ok = rows.flatMap((r) => (r.errors.length || !r.customer ? [] : [r.customer]));
      const found = await repo.candidates(v.yardId, {
        numbers: [...new Set(ok.flatMap((c) => (c.number !== null ? [c.number] : [])))],
        emails: [...new Set(ok.flatMap((c) => (c.email ? [c.email] : [])))],
        phones: [...new Set(ok.flatMap((c) => (c.phoneE164 ? [c.phoneE164] : [])))],
      });
      const ids = new Set(found.customers.map((c) => c.id));
      for (const r of rows) {
        const unit = r.joinKey ? memory.byJoin.get(r.joinKey) : undefined;
        if (unit && 'customerId' in unit && unit.customerId) ids.add(unit.customerId);
      }
      const boats = await repo.boatsOf(v.yardId, [...ids]);
      await repo.setPreview(v.importId, decide(rows, boats, found));
      if (chunk % SETTLE_EVERY === 0) await settle();
    }
  }

  await pass('customers', (rows, boats, found) =>
    rows.map((r) => decideCustomerRow(r, boats, found, memory, twoFiles)),
  );
  if (twoFiles) await pass('boats', (rows, boats) => rows.map((r) => decideBoatRow(r, boats, memory)));
}

type Read = ReturnType<typeof readRow> & { rowNumber: number };
type Found = Awaited<ReturnType<ImportsRepo['candidates']>>;

function boatOutcome(boat: BoatData, unit: Unit, boats: BoatRecord[], memory: FileMemory) {
  const key = `${unit.row}:${boatKey(boat)}`;
  if (memory.boats.has(key)) return null;
  memory.boats.add(key);
  const existing = unit.customerId
    ? boats.find(
        (b) =>
          b.customer_id === unit.customerId && boatKey({ hullId: b.hull_id, name: b.name }) === boatKey(boat),
      )
    : undefined;
  if (!existing) return { boatId: null, changed: true, words: [`new boat "${boat.name}"`] };
  const patch = Object.keys(boatChanges(existing, boat)).map((k) => k.replace(/_ft$/, '').replace(/_/g, ' '));
  return {
    boatId: existing.id,
    changed: patch.length > 0,
    words: patch.length ? [`boat "${existing.name}": ${patch.join(', ')}`] : [],
  };
}

function decideCustomerRow(
  r: Read,
  boats: BoatRecord[],
  found: Found,
  memory: FileMemory,
  twoFiles: boolean,
): PreviewedRow {
  const base = { file: 'customers' as const, row_number: r.rowNumber, boat_id: null };
  const number = r.customer?.number ?? null;
  const invalid = (reason: string): PreviewedRow => {
    if (twoFiles && r.joinKey && !memory.byJoin.has(r.joinKey))
      memory.byJoin.set(r.joinKey, { invalidRow: r.rowNumber });
    return { ...base, unit_row: null, outcome: 'invalid', reason, number, customer_id: null };
  };
  if (r.errors.length || !r.customer) return invalid(r.errors.join(' '));
  const c = r.customer;
  const match = findExisting(c, found.customers, found.contacts);
  if (match && 'ambiguous' in match) return invalid(match.ambiguous ?? '');
  const repeat =
    memory.byIdentity.get(keyOf(c)) ?? (match ? memory.byCustomer.get(match.customer.id) : undefined);
  if (repeat) {
    if (twoFiles && r.joinKey && !memory.byJoin.has(r.joinKey)) memory.byJoin.set(r.joinKey, repeat);
    const boat = r.boat ? boatOutcome(r.boat, repeat, boats, memory) : null;
    if (!boat) {
      return {
        ...base,
        unit_row: null,
        outcome: 'duplicate',
        reason: `Duplicate of ${repeat.label} (row ${repeat.row}).`,
        number,
        customer_id: repeat.customerId,
      };
    }
    return {
      ...base,
      unit_row: repeat.row,
      outcome: repeat.customerId ? (boat.changed ? 'update' : 'no_change') : 'create',
      reason: boat.changed
        ? `Adds to ${repeat.label} (row ${repeat.row}): ${boat.words.join('; ')}.`
        : `${repeat.label} (row ${repeat.row}) already has this boat as it is.`,
      number,
      customer_id: repeat.customerId,
      boat_id: boat.boatId,
    };
  }
  const existing = match?.customer ?? null;
  const unit: Unit = {
    row: r.rowNumber,
    customerId: existing?.id ?? null,
    label: existing
      ? customerLabel(existing)
      : `the new customer ${[c.firstName, c.lastName].filter(Boolean).join(' ') || c.company}`,
  };
  for (const key of [
    c.number !== null ? `n:${c.number}` : null,
    c.email ? `e:${c.email}` : null,
    c.phoneE164 ? `p:${c.phoneE164}` : null,
  ]) {
    if (key && !memory.byIdentity.has(key)) memory.byIdentity.set(key, unit);
  }
  if (existing) memory.byCustomer.set(existing.id, unit);
  if (twoFiles && r.joinKey && !memory.byJoin.has(r.joinKey)) memory.byJoin.set(r.joinKey, unit);
  const boat = r.boat ? boatOutcome(r.boat, unit, boats, memory) : null;
  if (!existing) {
    return {
      ...base,
      unit_row: r.rowNumber,
      outcome: 'create',
      reason: `New customer${boat ? ` with ${boat.words.join('; ')}` : ''}.`,
      number,
      customer_id: null,
    };
  }
  const words = changedWords(
    customerChanges(
      existing,
      found.contacts.filter((k) => k.customer_id === existing.id),
      c,
    ),
  );
  const all = [...(words.length ? [words.join(', ')] : []), ...(boat?.words ?? [])];
  return {
    ...base,
    unit_row: r.rowNumber,
    outcome: all.length ? 'update' : 'no_change',
    reason: all.length
      ? `Updates ${unit.label} (found by ${match?.by}): ${all.join('; ')}.`
      : `${unit.label[0].toUpperCase()}${unit.label.slice(1)} (found by ${match?.by}) is already up to date.`,
    number,
    customer_id: existing.id,
    boat_id: boat?.boatId ?? null,
  };
}

function decideBoatRow(r: Read, boats: BoatRecord[], memory: FileMemory): PreviewedRow {
  const base = {
    file: 'boats' as const,
    row_number: r.rowNumber,
    number: null,
  };
  const invalid = (reason: string): PreviewedRow => ({
    ...base,
    unit_row: null,
    outcome: 'invalid',
    reason,
    customer_id: null,
    boat_id: null,
  });
  if (r.errors.length || !r.boat || !r.joinKey) return invalid(r.errors.join(' '));
  const unit = memory.byJoin.get(r.joinKey);
  if (!unit)
    return invalid(
      `No row of the customers file has the customer key "${r.values.customerKey ?? r.values.customerNumber}".`,
    );
  if ('invalidRow' in unit)
    return invalid(`Its customer (customers file row ${unit.invalidRow}) is invalid; fix that row first.`);
  const boat = boatOutcome(r.boat, unit, boats, memory);
  if (!boat)
    return {
      ...base,
      unit_row: null,
      outcome: 'duplicate',
      reason: `Duplicate: ${unit.label} already has this boat earlier in the file.`,
      customer_id: unit.customerId,
      boat_id: null,
    };
  return {
    ...base,
    unit_row: unit.row,
    outcome: unit.customerId ? (boat.changed ? 'update' : 'no_change') : 'create',
    reason: boat.changed
      ? `For ${unit.label} (customers file row ${unit.row}): ${boat.words.join('; ')}.`
      : `${unit.label} already has this boat as it is.`,
    customer_id: unit.customerId,
    boat_id: boat.boatId,
  };
}
