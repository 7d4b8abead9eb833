import type { AuditEntryView } from '../../shared/api-types';

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

const shown = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

/** Field names as people say them: "postal_code" → "postal code", "totalCents" → "total cents". */
const fieldWords = (k: string) =>
  k
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

function Changes({ changes }: { changes: AuditEntryView['changes'] }) {
  const entries = Object.entries(changes);
  if (entries.length === 0) return null;
  return (
    <ul className="audit-changes">
      {entries.map(([field, c]) => (
        <li key={field}>
          <span className="audit-field">{fieldWords(field)}</span>{' '}
          {c.before !== null && c.before !== undefined && (
            <>
              <del>{shown(c.before)}</del> →{' '}
            </>
          )}
          <ins>{shown(c.after)}</ins>
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
              {e.entity} {e.action}
            </strong>
            {showSubject && e.order && <span> · order #{e.order.number}</span>}
            {showSubject && e.customer && <span> · {e.customer.name}</span>}
          </p>
          <p className="audit-meta muted small">
            <time dateTime={e.at}>{yardTime(e.at, timezone)}</time> · {who(e)}
            {e.actor.kind !== 'system' && e.actor.kind !== 'staff' && ` (${e.actor.kind})`}
            {e.ip && <> · from {e.ip}</>}
          </p>
          <Changes changes={e.changes} />
        </li>
      ))}
    </ol>
  );
}
