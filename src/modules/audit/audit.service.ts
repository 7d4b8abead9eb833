import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import type { AuditFilters, AuditQuery } from '../../shared/api-schemas/audit.js';
import type { AuditEntryView, AuditListResponse } from '../../shared/api-types.js';
import { decodeCursor, encodeCursor, type RecentCursor } from '../orders/recent-cursor.js';
import { auditCsvRow, CSV_HEADER } from './audit-csv.js';
import { type AuditRow, auditReadRepo } from './audit-read.repo.js';

/** Rows read per page while a CSV streams out. */
const CSV_PAGE = 500;

const view = (r: AuditRow): AuditEntryView => ({
  id: r.id,
  at: r.at.toISOString(),
  actor: {
    kind: r.actor_kind as AuditEntryView['actor']['kind'],
    staffId: r.actor_staff_id,
    accountId: r.actor_account_id,
    name: r.actor_name,
  },
  ip: r.ip,
  entity: r.entity as AuditEntryView['entity'],
  entityId: r.entity_id,
  action: r.action,
  customer: r.customer_id
    ? {
        id: r.customer_id,
        name: `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim() || r.company || 'Customer',
      }
    : null,
  order: r.order_id && r.order_number !== null ? { id: r.order_id, number: Number(r.order_number) } : null,
  changes: (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) ?? {},
});

/** The yard's audit log, read: a page of the list, or all of it (filtered) as CSV. */
export function createAuditLog(deps: Pick<AppDeps, 'database'>) {
  const repo = auditReadRepo(deps.database.db);

  async function list(yardId: string, q: z.output<typeof AuditQuery>): Promise<AuditListResponse> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const [rows, timezone] = await Promise.all([
      repo.page(yardId, q, cursor, q.limit + 1),
      repo.timezone(yardId),
    ]);
    const last = rows.length > q.limit ? rows[q.limit - 1] : undefined;
    return {
      entries: rows.slice(0, q.limit).map(view),
      nextCursor: last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
      timezone,
    };
  }

  /** The filtered log as CSV, newest first, read a page at a time while it is sent. */
  async function csv(yardId: string, f: z.output<typeof AuditFilters>): Promise<Readable> {
    const timezone = await repo.timezone(yardId);
    async function* lines() {
      yield CSV_HEADER;
      let cursor: RecentCursor | null = null;
      for (;;) {
        const rows = await repo.page(yardId, f, cursor, CSV_PAGE);
        for (const r of rows) yield auditCsvRow(view(r), timezone);
        if (rows.length < CSV_PAGE) return;
        const last = rows[rows.length - 1];
        cursor = { at: last.cursor_at, id: last.id };
      }
    }
    return Readable.from(lines());
  }

  return { list, csv };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
