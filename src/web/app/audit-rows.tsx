import type { AuditEntryView } from '../../shared/api-types';
import { formatMoney } from '../ui/format';

/** "4 Dec 2026, 14:05" as the yard's clock reads it. */
export function yardTime(iso: string, timezone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, {
      timeZone: timezone,
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString();
  }
}

const who = (e: AuditEntryView) =>
  e.actor.kind === 'system'
    ? 'System'
    : (e.actor.name ?? (e.actor.kind === 'customer' ? 'Customer' : 'Staff'));

/** A money field: "amount_cents", "totalCents". */
const isMoney = (field: string) => /(_cents|Cents)$/.test(field);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One engine as the boat card says it: "Yanmar 4JH57 · serial YM-778812 · 412.5 h". */
function engineText(e: Record<string, unknown>): string {
  const name = [e.make, e.model].filter((x) => typeof x === 'string' && x).join(' ');
  const serial = typeof e.serial === 'string' && e.serial ? `serial ${e.serial}` : '';
  const hours = typeof e.hours === 'number' ? `${e.hours} h` : '';
  return [name || 'Engine', serial, hours].filter(Boolean).join(' · ');
}

/**
 * A value as staff read it: money in the yard's currency, times on the yard's clock, yes/no,
 * engines and other lists in words, never JSON unless nothing better is known.
 */
export function shownValue(field: string, v: unknown, timezone: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'number') return isMoney(field) ? formatMoney(v) : String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return ISO_TIME.test(v) ? yardTime(v, timezone) : v;
  if (Array.isArray(v)) {
    if (v.length === 0) return 'none';
    const parts = v.map((x) =>
      x && typeof x === 'object'
        ? field === 'engines'
          ? engineText(x as Record<string, unknown>)
          : shownValue(field, x, timezone)
        : shownValue(field, x, timezone),
    );
    return parts.join('; ');
  }
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== null && x !== undefined && x !== '')
      .map(([k, x]) => `${fieldWords(k)} ${shownValue(k, x, timezone)}`)
      .join(', ');
  return String(v);
}

/** Field names as people say them: "postal_code" → "postal code", "totalCents" → "total". */
const fieldWords = (k: string) =>
  k
    .replace(/(_cents|Cents)$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

/** An action as people say it: "status_set" → "status set". */
const actionWords = (a: string) => a.replace(/_/g, ' ');

function Changes({ changes, timezone }: { changes: AuditEntryView['changes']; timezone: string }) {
  const entries = Object.entries(changes);
  if (entries.length === 0) return null;
  return (
    <ul className="audit-changes">
      {entries.map(([field, c]) => (
        <li key={field}>
          <span className="audit-field">{fieldWords(field)}</span>{' '}
          {c.before !== null && c.before !== undefined && (
            <>
              <del>{shownValue(field, c.before, timezone)}</del> →{' '}
            </>
          )}
          <ins>{shownValue(field, c.after, timezone)}</ins>
        </li>
      ))}
    </ul>
  );
}

/** Audit rows as a list: when (yard's time), who, from where, what, and each field before → after. */
export function AuditRows({
  entries,
  timezone,
  showSubject = true,
}: {
  entries: AuditEntryView[];
  timezone: string;
  /** The customer and order each row belongs to (the audit page; not on their own pages). */
  showSubject?: boolean;
}) {
  return (
    <ol className="audit-rows">
      {entries.map((e) => (
        <li key={e.id} className="audit-row">
          <p className="audit-what">
            <strong>
              {e.entity} {actionWords(e.action)}
            </strong>
            {showSubject && e.order && <span> · order #{e.order.number}</span>}
            {showSubject && e.customer && <span> · {e.customer.name}</span>}
          </p>
          <p className="audit-meta muted small">
            <time dateTime={e.at}>{yardTime(e.at, timezone)}</time> · {who(e)}
            {e.actor.kind !== 'system' && e.actor.kind !== 'staff' && ` (${e.actor.kind})`}
            {e.ip && <> · from {e.ip}</>}
          </p>
          <Changes changes={e.changes} timezone={timezone} />
        </li>
      ))}
    </ol>
  );
}
