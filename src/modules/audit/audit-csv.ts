import type { AuditEntryView } from '../../shared/api-types.js';

/** One CSV cell: quoted, and a leading = + - @ (or tab/CR) defused so a spreadsheet shows it as text. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export const csvRow = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** "2026-03-01 14:05:09" in the yard's time zone. */
export function yardTime(iso: string, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

const shown = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

/** "title: Haul out → Haul out and wash; status: open → closed". */
export const changesText = (c: AuditEntryView['changes']) =>
  Object.entries(c)
    .map(([k, v]) => `${k}: ${shown(v.before)} → ${shown(v.after)}`)
    .join('; ');

export const CSV_HEADER = csvRow([
  'When',
  'Time zone',
  'Who',
  'Actor',
  'From',
  'Entity',
  'Entity id',
  'Action',
  'Customer',
  'Order',
  'Changes',
]);

export const auditCsvRow = (e: AuditEntryView, timezone: string) =>
  csvRow([
    yardTime(e.at, timezone),
    timezone,
    e.actor.name ?? (e.actor.kind === 'system' ? 'System' : ''),
    e.actor.kind,
    e.ip,
    e.entity,
    e.entityId,
    e.action,
    e.customer?.name ?? '',
    e.order ? `#${e.order.number}` : '',
    changesText(e.changes),
  ]);
