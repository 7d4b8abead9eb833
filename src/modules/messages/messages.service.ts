import { executorFor } from '../../db/connection.js';
import { QUEUES } from '../../jobs/queue.js';
import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import { withRequestId } from '../../server/logger.js';
import type {
  MessageView,
  ThreadListResponse,
  ThreadResponse,
  ThreadSummary,
} from '../../shared/api-types.js';
import type { CustomerPrincipal, StaffPrincipal } from '../auth/sessions.js';
import type { MessageInput } from './message-form.js';
import { messagesRepo, type Side, type ThreadRow } from './messages.repo.js';

/** Which thread: an order's, or the customer's general one. */
export type ThreadKey = { orderId: string } | { customerId: string; general: true };

/** Where an attachment is served from, for whoever is reading. */
export type AttachmentUrl = (attachmentId: string) => string;

/** A job on the message-email queue: tell the other side about this message. */
export interface MessageEmailJob {
  yardId: string;
  messageId: string;
  /** Tried again for these sign-ins only after a passing mail failure (mail-each.ts). */
  only?: string[];
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] || name;
const customerName = (c: { first_name: string; last_name: string; company?: string | null }) =>
  `${c.first_name} ${c.last_name}`.trim() || c.company || 'Customer';
const PREVIEW = 140;

/** Where a thread stands: its yard, customer and order, and its row when it has one. */
interface Place {
  yardId: string;
  customerId: string;
  orderId: string | null;
  order: { number: number; title: string } | null;
  customer: { first_name: string; last_name: string; company: string | null };
  threadId: string | null;
}

/** Messages between a customer and the yard (docs/messages.md). */
export function createMessages(deps: Pick<AppDeps, 'database' | 'clock' | 'boss'>) {
  const { db } = deps.database;
  const repo = messagesRepo(db);

  const summary = (row: ThreadRow | undefined, place: Place): ThreadSummary => ({
    id: row?.id ?? place.threadId,
    customerId: place.customerId,
    customerName: customerName(place.customer),
    orderId: place.orderId,
    orderNumber: place.order?.number ?? null,
    orderTitle: place.order?.title ?? null,
    lastMessageAt: row ? row.last_message_at.toISOString() : null,
    lastMessage: row?.last_body ? row.last_body.slice(0, PREVIEW) : null,
    lastAuthor: row?.last_author ?? null,
    unread: Number(row?.unread ?? 0),
  });

  const rowSummary = (r: ThreadRow): ThreadSummary =>
    summary(r, {
      yardId: '',
      customerId: r.customer_id,
      orderId: r.order_id,
      order: r.order_id ? { number: r.order_number ?? 0, title: r.order_title ?? '' } : null,
      customer: r,
      threadId: r.id,
    });

  /** Resolves a key to its thread's place; another yard's or customer's answers 404. */
  async function place(
    yardId: string,
    key: ThreadKey,
    customerId?: string,
    technician?: string,
  ): Promise<Place> {
    if ('orderId' in key) {
      const order = await repo.order(yardId, key.orderId);
      if (!order || (customerId && order.customer_id !== customerId)) throw notFound('That order');
      if (technician && order.assigned_to !== technician) throw notFound('That order');
      const customer = await repo.customer(yardId, order.customer_id);
      if (!customer) throw notFound('That order');
      const t = await repo.find(yardId, order.customer_id, order.id);
      return {
        yardId,
        customerId: order.customer_id,
        orderId: order.id,
        order: { number: order.number, title: order.title },
        customer,
        threadId: t?.id ?? null,
      };
    }
    // A technician works on orders: the general thread is the office's.
    if (technician || (customerId && customerId !== key.customerId)) throw notFound('That customer');
    const customer = await repo.customer(yardId, key.customerId);
    if (!customer) throw notFound('That customer');
    const t = await repo.find(yardId, customer.id, null);
    return { yardId, customerId: customer.id, orderId: null, order: null, customer, threadId: t?.id ?? null };
  }

  async function views(place: Place, side: Side, url: AttachmentUrl): Promise<MessageView[]> {
    if (!place.threadId) return [];
    const rows = await repo.messages(place.yardId, place.threadId);
    const files = await repo.attachmentsOf(
      place.yardId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      author: r.author,
      authorName:
        r.author === 'staff'
          ? side === 'staff'
            ? (r.staff_name ?? 'Staff')
            : firstName(r.staff_name ?? 'Staff')
          : (r.grantee_name ?? customerName(r)),
      via: r.via,
      body: r.body,
      sentAt: r.sent_at.toISOString(),
      attachments: files
        .filter((f) => f.message_id === r.id)
        .map((f) => ({
          id: f.id,
          fileName: f.file_name,
          contentType: f.content_type,
          sizeBytes: f.size_bytes,
          url: url(f.id),
        })),
    }));
  }

  async function thread(place: Place, side: Side, url: AttachmentUrl): Promise<ThreadResponse> {
    const row = place.threadId ? await repo.one(place.yardId, side, place.threadId) : undefined;
    return { thread: summary(row, place), messages: await views(place, side, url) };
  }

  /**
   * The message, its files, the thread's marks and the other side's notification job commit
   * together, after the whole form was read and checked (or the email parsed).
   */
  async function write(
    p: Place,
    author: { side: Side; staffId: string | null; accountId: string | null; via: 'web' | 'email' },
    input: MessageInput,
  ): Promise<string> {
    const now = deps.clock.now();
    return db.transaction().execute(async (trx) => {
      const threadId = await repo.ensure(trx, p.yardId, p.customerId, p.orderId, now);
      const { id } = await repo.insertMessage(trx, {
        yardId: p.yardId,
        threadId,
        author: author.side,
        staffId: author.staffId,
        accountId: author.accountId,
        via: author.via,
        body: input.body,
        now,
      });
      for (const [i, f] of input.files.entries()) {
        await repo.insertAttachment(trx, {
          yardId: p.yardId,
          messageId: id,
          threadId,
          position: i + 1,
          ...f,
          now,
        });
      }
      await repo.touch(trx, p.yardId, threadId, p.customerId, author.side, now);
      const job: MessageEmailJob = { yardId: p.yardId, messageId: id };
      await deps.boss.send(QUEUES.messageEmail, withRequestId(job), { db: executorFor(trx) });
      return id;
    });
  }

  async function posted(p: Place, side: Side, messageId: string, url: AttachmentUrl) {
    const t = await repo.find(p.yardId, p.customerId, p.orderId);
    const all = await views({ ...p, threadId: t?.id ?? null }, side, url);
    const found = all.find((m) => m.id === messageId);
    if (!found) throw new Error('posted message not found');
    return found;
  }

  const tech = (me: StaffPrincipal) => (me.role === 'technician' ? me.staffId : undefined);

  return {
    /** Called before an upload is read, so a wrong thread costs no upload. */
    requireStaffThread: (me: StaffPrincipal, key: ThreadKey) => place(me.yardId, key, undefined, tech(me)),
    requireCustomerThread: (me: CustomerPrincipal, key: ThreadKey) => place(me.yardId, key, me.customerId),

    /** The staff inbox: newest first; a technician's holds only the threads of orders assigned to them. */
    async inbox(
      me: StaffPrincipal,
      f: { unreadOnly?: boolean; customerId?: string },
    ): Promise<ThreadListResponse> {
      const filter = { customerId: f.customerId, assignedTo: tech(me) };
      const rows = await repo.list(me.yardId, 'staff', { ...filter, unreadOnly: f.unreadOnly });
      return {
        threads: rows.map(rowSummary),
        unreadThreads: await repo.unreadThreads(me.yardId, 'staff', filter),
      };
    },

    unreadForStaff: async (me: StaffPrincipal) => ({
      unreadThreads: await repo.unreadThreads(me.yardId, 'staff', { assignedTo: tech(me) }),
    }),

    async forStaff(me: StaffPrincipal, key: ThreadKey, url: AttachmentUrl) {
      return thread(await place(me.yardId, key, undefined, tech(me)), 'staff', url);
    },

    async postAsStaff(me: StaffPrincipal, key: ThreadKey, input: MessageInput, url: AttachmentUrl) {
      const p = await place(me.yardId, key, undefined, tech(me));
      const id = await write(p, { side: 'staff', staffId: me.staffId, accountId: null, via: 'web' }, input);
      return posted(p, 'staff', id, url);
    },

    async staffRead(me: StaffPrincipal, key: ThreadKey) {
      const p = await place(me.yardId, key, undefined, tech(me));
      if (p.threadId) await repo.markRead(me.yardId, p.threadId, 'staff', deps.clock.now());
    },

    async staffAttachment(me: StaffPrincipal, attachmentId: string) {
      const a = await repo.attachment(me.yardId, attachmentId);
      if (!a || (tech(me) && (!a.order_id || a.assigned_to !== me.staffId))) throw notFound('That file');
      return a;
    },

    /** The portal's list: the general thread first (even before its first message), then the orders' threads. */
    async forCustomerList(me: CustomerPrincipal): Promise<ThreadListResponse> {
      const rows = await repo.list(me.yardId, 'customer', { customerId: me.customerId });
      const threads = rows.map(rowSummary);
      if (!threads.some((t) => t.orderId === null)) {
        const customer = await repo.customer(me.yardId, me.customerId);
        if (customer) {
          threads.push(
            summary(undefined, {
              yardId: me.yardId,
              customerId: me.customerId,
              orderId: null,
              order: null,
              customer,
              threadId: null,
            }),
          );
        }
      }
      threads.sort((a, b) => Number(b.orderId === null) - Number(a.orderId === null));
      return {
        threads,
        unreadThreads: await repo.unreadThreads(me.yardId, 'customer', { customerId: me.customerId }),
      };
    },

    async forCustomer(me: CustomerPrincipal, key: ThreadKey, url: AttachmentUrl) {
      return thread(await place(me.yardId, key, me.customerId), 'customer', url);
    },

    async postAsCustomer(me: CustomerPrincipal, key: ThreadKey, input: MessageInput, url: AttachmentUrl) {
      const p = await place(me.yardId, key, me.customerId);
      const id = await write(
        p,
        { side: 'customer', staffId: null, accountId: me.accountId, via: 'web' },
        input,
      );
      return posted(p, 'customer', id, url);
    },

    async customerRead(me: CustomerPrincipal, key: ThreadKey) {
      const p = await place(me.yardId, key, me.customerId);
      if (p.threadId) await repo.markRead(me.yardId, p.threadId, 'customer', deps.clock.now());
    },

    async customerAttachment(me: CustomerPrincipal, attachmentId: string) {
      const a = await repo.attachment(me.yardId, attachmentId);
      if (!a || a.customer_id !== me.customerId) throw notFound('That file');
      return a;
    },

    /**
     * A reply by email, already checked by the inbound path (signed address, sender): written
     * to the thread as the customer's or the staff member's message.
     */
    async receiveReply(
      t: { yardId: string; customerId: string; orderId: string | null },
      author: { side: 'customer'; accountId?: string | null } | { side: 'staff'; staffId: string },
      input: MessageInput,
    ) {
      const key: ThreadKey = t.orderId ? { orderId: t.orderId } : { customerId: t.customerId, general: true };
      const p = await place(t.yardId, key);
      const staffId = author.side === 'staff' ? author.staffId : null;
      const accountId = author.side === 'customer' ? (author.accountId ?? null) : null;
      return write(p, { side: author.side, staffId, accountId, via: 'email' }, input);
    },
  };
}

export type Messages = ReturnType<typeof createMessages>;
