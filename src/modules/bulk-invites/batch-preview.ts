import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { normalizePhone } from '../customers/phone.js';
import { decideInvite } from '../invites/invite-policy.js';
import type { InviteBatchesRepo, MatchCandidate, NewBatchRow } from './invite-batches.repo.js';

/** One row of a template (or one customer of a search), as read. */
export interface PreviewInputRow {
  rowNumber: number;
  number: string | null;
  email: string | null;
  name: string | null;
  phone: string | null;
  /** The template's example row: shown, never invited. */
  example?: boolean;
}

/** Rows matched per round trip: four indexed lookups and two fact queries for each thousand. */
const CHUNK = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Email = z.email();

type Key =
  | { by: 'id'; value: string; label: string }
  | { by: 'number'; value: number; label: string }
  | { by: 'email'; value: string; label: string }
  | { by: 'phone'; value: string; label: string };
type Verdict = Pick<NewBatchRow, 'preview' | 'preview_reason'> & {
  duplicate_of?: number;
  customer_id?: string;
};

export const utcTime = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Which key finds the row's customer: the customer number (or id) first, then email, then phone. */
function keyOf(row: PreviewInputRow): Key | Verdict {
  if (row.example) {
    return {
      preview: 'no_match',
      preview_reason: "This is the template's example row; it is never invited. Delete it when you like.",
    };
  }
  if (row.number) {
    const raw = row.number.replace(/^#/, '').trim();
    if (UUID.test(raw)) return { by: 'id', value: raw.toLowerCase(), label: `id ${raw}` };
    if (/^\d{1,9}$/.test(raw)) return { by: 'number', value: Number(raw), label: `number ${Number(raw)}` };
    return {
      preview: 'no_match',
      preview_reason: `"${row.number}" is not a customer number. Customer numbers are whole numbers such as 1042.`,
    };
  }
  if (row.email) {
    const email = row.email.toLowerCase();
    if (!Email.safeParse(email).success) {
      return { preview: 'invalid_email', preview_reason: `"${row.email}" is not a valid email address.` };
    }
    return { by: 'email', value: email, label: `the email ${email}` };
  }
  if (row.phone) {
    const phone = normalizePhone(row.phone);
    if (!phone) return { preview: 'no_match', preview_reason: `"${row.phone}" is not a phone number.` };
    return { by: 'phone', value: phone.digits, label: `the phone number ${row.phone}` };
  }
  return {
    preview: 'no_match',
    preview_reason: 'The row has no customer number, email or phone to find the customer by.',
  };
}

function group<K>(list: MatchCandidate[], key: (c: MatchCandidate) => K | null) {
  const map = new Map<K, MatchCandidate[]>();
  for (const c of list) {
    const k = key(c);
    if (k === null) continue;
    const found = map.get(k);
    if (found) found.push(c);
    else map.set(k, [c]);
  }
  return map;
}

/**
 * Reads rows as they stream in, matches them a thousand at a time and stores every row
 * with what will happen to it, each thousand in one statement (the caller decides what
 * is visible when). Only the map of customers already seen (for "duplicate of row N")
 * grows with the file.
 */
export async function buildPreview(
  trx: Kysely<DB>,
  repo: InviteBatchesRepo,
  v: { yardId: string; batchId: string; now: Date },
  input: AsyncIterable<PreviewInputRow>,
): Promise<number> {
  const firstRowOf = new Map<string, number>();
  let count = 0;
  let chunk: PreviewInputRow[] = [];

  async function flush() {
    const rows = chunk;
    chunk = [];
    const keys = rows.map(keyOf);
    const pick = <T>(by: Key['by']) =>
      [...new Set(keys.flatMap((k) => ('by' in k && k.by === by ? [k.value as T] : [])))] as T[];
    const candidates = await repo.candidates(trx, v.yardId, {
      ids: pick<string>('id'),
      numbers: pick<number>('number'),
      emails: pick<string>('email'),
      phones: pick<string>('phone'),
    });
    const index = {
      id: group(candidates, (c) => c.id),
      number: group(candidates, (c) => c.customer_number),
      email: group(candidates, (c) => c.email_lower),
      phone: group(candidates, (c) => c.phone_digits),
    };

    const matched: (MatchCandidate | Verdict)[] = keys.map((key, i) => {
      if (!('by' in key)) return key;
      const found = (index[key.by] as Map<unknown, MatchCandidate[]>).get(key.value) ?? [];
      if (found.length === 0) {
        return { preview: 'no_match', preview_reason: `No customer of this yard has ${key.label}.` };
      }
      if (found.length > 1) {
        const numbers = found.map((c) => c.customer_number).sort((a, b) => a - b);
        return {
          preview: 'ambiguous',
          preview_reason: `${found.length} customers have ${key.label} (numbers ${numbers.join(', ')}). Use the customer number instead.`,
        };
      }
      const customer = found[0];
      const first = firstRowOf.get(customer.id);
      if (first !== undefined) {
        return {
          preview: 'duplicate',
          preview_reason: `Duplicate of row ${first}: the same customer.`,
          duplicate_of: first,
          customer_id: customer.id,
        };
      }
      firstRowOf.set(customer.id, rows[i].rowNumber);
      return customer;
    });

    const ids = matched.flatMap((m) => ('id' in m ? [m.id] : []));
    const factsOf = await repo.inviteFacts(trx, v.yardId, ids);
    const out: NewBatchRow[] = rows.map((row, i) => {
      const m = matched[i];
      const base = {
        row_number: row.rowNumber,
        input_number: row.number,
        input_email: row.email,
        input_name: row.name,
        input_phone: row.phone,
        eligible_at: null as Date | null,
        duplicate_of: null as number | null,
      };
      if (!('id' in m)) {
        return { ...base, customer_id: null, ...m };
      }
      if (m.archived_at) {
        return {
          ...base,
          customer_id: m.id,
          preview: 'archived' as const,
          preview_reason: `Customer ${m.customer_number} is archived. Restore them on their page to invite them.`,
        };
      }
      const decision = decideInvite(factsOf(m.id, m.email), v.now);
      return { ...base, customer_id: m.id, ...verdictFor(decision, m, row) };
    });
    await repo.insertRows(trx, v.yardId, v.batchId, out);
  }

  for await (const row of input) {
    chunk.push(row);
    count++;
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk.length) await flush();
  return count;
}

function verdictFor(
  d: ReturnType<typeof decideInvite>,
  customer: MatchCandidate,
  row: PreviewInputRow,
): Verdict & { eligible_at?: Date | null } {
  switch (d.button) {
    case 'in_portal':
      return { preview: 'in_portal', preview_reason: 'Already IN PORTAL.' };
    case 'wait':
      return d.nextInviteAt
        ? {
            preview: 'too_soon',
            preview_reason: `Invited less than 24 hours ago; eligible again at ${utcTime(d.nextInviteAt)}.`,
            eligible_at: d.nextInviteAt,
          }
        : { preview: 'too_soon', preview_reason: 'An invite is on its way to this customer right now.' };
    case 'no_email':
      return {
        preview: 'no_email',
        preview_reason: 'No email on file. Add one to the customer to invite them.',
      };
    default: {
      const email = customer.email ?? '';
      const differs = row.email && row.email.toLowerCase() !== email.toLowerCase();
      return {
        preview: 'will_invite',
        preview_reason: differs
          ? `Will be invited at ${email}, the address on file (the file says ${row.email}).`
          : `Will be invited at ${email}.`,
      };
    }
  }
}
