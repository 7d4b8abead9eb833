import { type Kysely, sql } from 'kysely';
import type { AuditChanges, DB } from '../../db/schema.js';
import { timeOrderedId } from './audit-id.js';

/** Who made a change, and from where (docs/audit.md). */
export interface AuditActor {
  kind: 'staff' | 'customer' | 'system';
  staffId?: string;
  accountId?: string;
  /** The client's address as the app sees it (`req.ip`, behind TRUST_PROXY). */
  ip?: string;
}

export interface AuditEntry {
  yardId: string;
  actor: AuditActor;
  entity:
    | 'customer'
    | 'boat'
    | 'order'
    | 'estimate'
    | 'invoice'
    | 'payment'
    | 'staff'
    | 'settings'
    | 'account';
  entityId?: string | null;
  /** Shown on this customer's page and this order's page. */
  customerId?: string | null;
  orderId?: string | null;
  /** What happened, in a word or two: 'created', 'updated', 'archived', 'merged', … */
  action: string;
  changes?: AuditChanges;
  at: Date;
}

/**
 * The audit log's only writer. Call it with the transaction that makes the change, so the
 * change and its record commit together or not at all. Rows are never updated or deleted
 * (a trigger refuses it); the actor's name is copied as it is now.
 */
export function auditRepo(db: Kysely<DB>) {
  const row = (e: AuditEntry) => ({
    // Rows of one moment list in the order they were written: (at, id) is the list's order.
    id: timeOrderedId(),
    yard_id: e.yardId,
    at: e.at,
    actor_kind: e.actor.kind,
    actor_staff_id: e.actor.staffId ?? null,
    actor_account_id: e.actor.accountId ?? null,
    actor_name: e.actor.staffId
      ? sql<string>`(SELECT name FROM staff_users WHERE id = ${e.actor.staffId} AND yard_id = ${e.yardId})`
      : e.actor.accountId
        ? sql<string>`(SELECT coalesce(trim(c.first_name || ' ' || c.last_name), a.display_name, a.login_email)
            FROM portal_accounts a LEFT JOIN customers c ON c.id = a.customer_id
            WHERE a.id = ${e.actor.accountId} AND a.yard_id = ${e.yardId})`
        : null,
    ip: e.actor.ip ?? null,
    entity: e.entity,
    entity_id: e.entityId ?? null,
    customer_id: e.customerId ?? null,
    order_id: e.orderId ?? null,
    action: e.action,
    changes: JSON.stringify(e.changes ?? {}),
  });
  return {
    async record(e: AuditEntry, trx: Kysely<DB> = db) {
      await trx.insertInto('audit_log').values(row(e)).execute();
    },
    /** Several entries of one change in one statement (an import's customer with their boats). */
    async recordMany(entries: AuditEntry[], trx: Kysely<DB> = db) {
      if (entries.length) await trx.insertInto('audit_log').values(entries.map(row)).execute();
    },
  };
}

/**
 * The fields whose value differs between `before` and `after`, each with both values;
 * only the keys of `after` are compared (a patch names what it sets). Dates and numbers
 * compare by value.
 */
export function changedFields<T extends Record<string, unknown>>(
  before: Partial<T>,
  after: Partial<T>,
): AuditChanges {
  const out: AuditChanges = {};
  for (const key of Object.keys(after)) {
    const a = normalise(after[key]);
    const b = normalise(before[key]);
    if (JSON.stringify(a) !== JSON.stringify(b)) out[key] = { before: b, after: a };
  }
  return out;
}

const normalise = (v: unknown): unknown =>
  v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? String(v) : v;
