import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import type { ActivityKind, ActivityListResponse } from '../../shared/api-types.js';
import { decodeCursor, encodeCursor } from '../orders/recent-cursor.js';
import { activityRepo } from './activity.repo.js';
import { activitySentence } from './activity-sentence.js';

/** The dashboard's activity inbox: what customers did, newest first, read once for the yard. */
export function createActivityInbox(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const repo = activityRepo(deps.database.db);

  /** `assignedTo`: a technician's staff id, for their part of the inbox only. */
  async function list(
    yardId: string,
    q: { unread: boolean; cursor?: string; limit: number },
    assignedTo?: string,
  ): Promise<ActivityListResponse> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const [rows, unread] = await Promise.all([
      repo.list(yardId, { unread: q.unread, cursor, take: q.limit + 1, assignedTo }),
      repo.unreadCount(yardId, assignedTo),
    ]);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => {
        const detail = (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<
          string,
          unknown
        >;
        const name = [r.first_name, r.last_name].filter(Boolean).join(' ') || r.company || 'A customer';
        const order =
          r.order_id && r.order_number !== null && r.order_title !== null
            ? { id: r.order_id, number: r.order_number, title: r.order_title }
            : null;
        const kind = r.kind as ActivityKind;
        return {
          id: r.id,
          kind,
          customer: { id: r.customer_id, name },
          order,
          sentence: activitySentence(kind, name, order, detail, r.currency),
          amountCents:
            kind === 'invoice_paid' && typeof detail.amountCents === 'number' ? detail.amountCents : null,
          at: r.created_at.toISOString(),
          read: r.read_at !== null,
        };
      }),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
      unread,
    };
  }

  async function read(yardId: string, staffId: string, id: string, assignedTo?: string) {
    const row = await repo.markRead(yardId, id, staffId, deps.clock.now(), assignedTo);
    if (!row) throw notFound('That activity');
    return { unread: await repo.unreadCount(yardId, assignedTo) };
  }

  async function readAll(yardId: string, staffId: string, assignedTo?: string) {
    await repo.markAllRead(yardId, staffId, deps.clock.now(), assignedTo);
    return { unread: await repo.unreadCount(yardId, assignedTo) };
  }

  return {
    list,
    unread: async (yardId: string, assignedTo?: string) => ({
      unread: await repo.unreadCount(yardId, assignedTo),
    }),
    read,
    readAll,
  };
}

export type ActivityInbox = ReturnType<typeof createActivityInbox>;
