// Longer than most files on purpose: every query of the three message tables, each naming the
// yard, and the one thread-list query both inboxes share; split, the owner rule would be repeated.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { granteesRepo } from '../access/grantees.repo.js';
import type { AttachmentType } from './attachment-check.js';

export type Side = 'customer' | 'staff';

/** A thread as the lists read it, with its subject, customer, last message and unread count. */
export interface ThreadRow {
  id: string;
  customer_id: string;
  order_id: string | null;
  order_number: number | null;
  order_title: string | null;
  first_name: string;
  last_name: string;
  company: string | null;
  last_message_at: Date;
  last_body: string | null;
  last_author: Side | null;
  unread: number;
}

export interface ThreadFilter {
  customerId?: string;
  /** A technician's inbox: only threads of the orders assigned to them. */
  assignedTo?: string;
  unreadOnly?: boolean;
  limit?: number;
}

const other = (side: Side): Side => (side === 'customer' ? 'staff' : 'customer');

/**
 * Whose thread it is: an order's thread is the order's customer's as the order stands (it
 * follows the order in a customer merge); a general thread is its own customer's.
 */
const owner = sql<string>`coalesce(o.customer_id, t.customer_id)`;

/**
 * Threads, messages and attachments (0022). Every query names the yard; a customer's reads
 * also name the customer.
 */
export function messagesRepo(db: Kysely<DB>) {
  /** The threads with their unread count for `side`: messages of the other side after its marker. */
  const threads = (yardId: string, side: Side, f: ThreadFilter) => {
    const readAt = side === 'customer' ? 't.customer_read_at' : 't.staff_read_at';
    let q = db
      .selectFrom('message_threads as t')
      .leftJoin('orders as o', (j) => j.onRef('o.id', '=', 't.order_id').onRef('o.yard_id', '=', 't.yard_id'))
      .innerJoin('customers as c', (j) => j.on('c.id', '=', owner).onRef('c.yard_id', '=', 't.yard_id'))
      .select([
        't.id',
        'c.id as customer_id',
        't.order_id',
        'o.number as order_number',
        'o.title as order_title',
        'c.first_name',
        'c.last_name',
        'c.company',
        't.last_message_at',
      ])
      .select((eb) => [
        eb
          .selectFrom('messages as m')
          .select('m.body')
          .whereRef('m.thread_id', '=', 't.id')
          .orderBy('m.sent_at', 'desc')
          .orderBy('m.id', 'desc')
          .limit(1)
          .as('last_body'),
        eb
          .selectFrom('messages as m')
          .select('m.author')
          .whereRef('m.thread_id', '=', 't.id')
          .orderBy('m.sent_at', 'desc')
          .orderBy('m.id', 'desc')
          .limit(1)
          .as('last_author'),
        eb
          .selectFrom('messages as m')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('m.thread_id', '=', 't.id')
          .where('m.author', '=', other(side))
          .where(sql<boolean>`m.sent_at > coalesce(${sql.ref(readAt)}, '-infinity'::timestamptz)`)
          .as('unread'),
      ])
      .where('t.yard_id', '=', yardId);
    if (f.customerId) q = q.where(owner, '=', f.customerId);
    if (f.assignedTo) q = q.where('o.assigned_to', '=', f.assignedTo);
    if (f.unreadOnly) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('messages as m')
            .select('m.id')
            .whereRef('m.thread_id', '=', 't.id')
            .where('m.author', '=', other(side))
            .where(sql<boolean>`m.sent_at > coalesce(${sql.ref(readAt)}, '-infinity'::timestamptz)`),
        ),
      );
    }
    return q.orderBy('t.last_message_at', 'desc').orderBy('t.id', 'desc');
  };

  return {
    /** The order a thread is about: its customer and assignee, or undefined for another yard's. */
    order: (yardId: string, orderId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('orders')
        .select(['id', 'number', 'title', 'customer_id', 'assigned_to'])
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .executeTakeFirst(),

    customer: (yardId: string, customerId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('customers')
        .select(['id', 'first_name', 'last_name', 'company', 'email'])
        .where('yard_id', '=', yardId)
        .where('id', '=', customerId)
        .executeTakeFirst(),

    /** The order's thread, or the customer's general one (`orderId` null). */
    find: (yardId: string, customerId: string, orderId: string | null, trx: Kysely<DB> = db) => {
      let q = trx
        .selectFrom('message_threads')
        .select(['id', 'customer_id', 'order_id', 'customer_read_at', 'staff_read_at'])
        .where('yard_id', '=', yardId);
      // An order has one thread, whoever its customer is now; a customer one general thread.
      q = orderId
        ? q.where('order_id', '=', orderId)
        : q.where('customer_id', '=', customerId).where('order_id', 'is', null);
      return q.executeTakeFirst();
    },

    /** A thread by id, with what the inbound path checks: its customer's email and the order's assignee. */
    byId: (threadId: string) =>
      db
        .selectFrom('message_threads as t')
        .leftJoin('orders as o', (j) =>
          j.onRef('o.id', '=', 't.order_id').onRef('o.yard_id', '=', 't.yard_id'),
        )
        .innerJoin('customers as c', (j) => j.on('c.id', '=', owner).onRef('c.yard_id', '=', 't.yard_id'))
        .select(['t.id', 't.yard_id', 'c.id as customer_id', 't.order_id', 'c.email', 'o.assigned_to'])
        .where('t.id', '=', threadId)
        .executeTakeFirst(),

    /** The thread, made when it is the first message (a concurrent first message finds the other's). */
    async ensure(trx: Kysely<DB>, yardId: string, customerId: string, orderId: string | null, now: Date) {
      await trx
        .insertInto('message_threads')
        .values({
          yard_id: yardId,
          customer_id: customerId,
          order_id: orderId,
          created_at: now,
          last_message_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const found = await this.find(yardId, customerId, orderId, trx);
      if (!found) throw new Error('message thread vanished after insert');
      return found.id;
    },

    insertMessage: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        threadId: string;
        author: Side;
        staffId: string | null;
        accountId: string | null;
        via: 'web' | 'email';
        body: string;
        now: Date;
      },
    ) =>
      trx
        .insertInto('messages')
        .values({
          yard_id: v.yardId,
          thread_id: v.threadId,
          author: v.author,
          staff_id: v.staffId,
          account_id: v.accountId,
          via: v.via,
          body: v.body,
          sent_at: v.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),

    insertAttachment: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        messageId: string;
        threadId: string;
        position: number;
        fileName: string;
        contentType: AttachmentType;
        data: Buffer;
        now: Date;
      },
    ) =>
      trx
        .insertInto('message_attachments')
        .values({
          yard_id: v.yardId,
          message_id: v.messageId,
          thread_id: v.threadId,
          position: v.position,
          file_name: v.fileName,
          content_type: v.contentType,
          size_bytes: v.data.length,
          data: v.data,
          created_at: v.now,
        })
        .execute(),

    /** A new message: the thread moves up the inbox, the writer's side has read it, and it names the order's customer now. */
    touch: (trx: Kysely<DB>, yardId: string, threadId: string, customerId: string, side: Side, now: Date) =>
      trx
        .updateTable('message_threads')
        .set({
          customer_id: customerId,
          last_message_at: now,
          ...(side === 'customer' ? { customer_read_at: now } : { staff_read_at: now }),
        })
        .where('yard_id', '=', yardId)
        .where('id', '=', threadId)
        .execute(),

    markRead: (yardId: string, threadId: string, side: Side, now: Date) =>
      db
        .updateTable('message_threads')
        .set(side === 'customer' ? { customer_read_at: now } : { staff_read_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', threadId)
        .execute(),

    list: (yardId: string, side: Side, f: ThreadFilter): Promise<ThreadRow[]> =>
      threads(yardId, side, f)
        .limit(f.limit ?? 200)
        .execute() as Promise<ThreadRow[]>,

    one: (yardId: string, side: Side, threadId: string): Promise<ThreadRow | undefined> =>
      threads(yardId, side, {}).where('t.id', '=', threadId).executeTakeFirst() as Promise<
        ThreadRow | undefined
      >,

    /** How many threads have messages this side has not read. */
    async unreadThreads(yardId: string, side: Side, f: Pick<ThreadFilter, 'customerId' | 'assignedTo'>) {
      const readAt = side === 'customer' ? 't.customer_read_at' : 't.staff_read_at';
      let q = db
        .selectFrom('message_threads as t')
        .leftJoin('orders as o', (j) =>
          j.onRef('o.id', '=', 't.order_id').onRef('o.yard_id', '=', 't.yard_id'),
        )
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('t.yard_id', '=', yardId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('messages as m')
              .select('m.id')
              .whereRef('m.thread_id', '=', 't.id')
              .where('m.author', '=', other(side))
              .where(sql<boolean>`m.sent_at > coalesce(${sql.ref(readAt)}, '-infinity'::timestamptz)`),
          ),
        );
      if (f.customerId) q = q.where(owner, '=', f.customerId);
      if (f.assignedTo) q = q.where('o.assigned_to', '=', f.assignedTo);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },

    /** A thread's messages, oldest first, with who wrote them. */
    messages: (yardId: string, threadId: string) =>
      db
        .selectFrom('messages as m')
        .innerJoin('message_threads as t', 't.id', 'm.thread_id')
        .leftJoin('orders as o', (j) =>
          j.onRef('o.id', '=', 't.order_id').onRef('o.yard_id', '=', 't.yard_id'),
        )
        .innerJoin('customers as c', (j) => j.on('c.id', '=', owner).onRef('c.yard_id', '=', 't.yard_id'))
        .leftJoin('staff_users as s', (j) =>
          j.onRef('s.id', '=', 'm.staff_id').onRef('s.yard_id', '=', 'm.yard_id'),
        )
        // Who wrote for the customer: someone the owner shared access with has a name of their own.
        .leftJoin('portal_accounts as pa', (j) =>
          j.onRef('pa.id', '=', 'm.account_id').onRef('pa.yard_id', '=', 'm.yard_id'),
        )
        .select([
          'm.id',
          'm.author',
          'm.via',
          'm.body',
          'm.sent_at',
          's.name as staff_name',
          'c.first_name',
          'c.last_name',
          sql<string | null>`CASE WHEN pa.customer_id IS DISTINCT FROM c.id THEN coalesce(
            (SELECT g.name FROM access_grants g WHERE g.account_id = pa.id AND g.owner_customer_id = c.id
               AND g.yard_id = m.yard_id ORDER BY g.invited_at DESC LIMIT 1),
            pa.display_name) END`.as('grantee_name'),
        ])
        .where('m.yard_id', '=', yardId)
        .where('m.thread_id', '=', threadId)
        .orderBy('m.sent_at')
        .orderBy('m.id')
        .execute(),

    /** The attachments of these messages (no bytes), in their order. */
    attachmentsOf: async (yardId: string, messageIds: string[]) => {
      if (messageIds.length === 0) return [];
      return db
        .selectFrom('message_attachments')
        .select(['id', 'message_id', 'file_name', 'content_type', 'size_bytes'])
        .where('yard_id', '=', yardId)
        .where('message_id', 'in', messageIds)
        .orderBy('message_id')
        .orderBy('position')
        .execute();
    },

    /** One attachment with its bytes and whose thread it is in. */
    attachment: (yardId: string, attachmentId: string) =>
      db
        .selectFrom('message_attachments as a')
        .innerJoin('message_threads as t', (j) =>
          j.onRef('t.id', '=', 'a.thread_id').onRef('t.yard_id', '=', 'a.yard_id'),
        )
        .leftJoin('orders as o', (j) =>
          j.onRef('o.id', '=', 't.order_id').onRef('o.yard_id', '=', 't.yard_id'),
        )
        .select(['a.file_name', 'a.content_type', 'a.data', 't.order_id', 'o.assigned_to'])
        .select(owner.as('customer_id'))
        .where('a.yard_id', '=', yardId)
        .where('a.id', '=', attachmentId)
        .executeTakeFirst(),

    /** An active staff member of the yard by email (a reply by email from the yard's side). */
    staffByEmail: (yardId: string, email: string) =>
      db
        .selectFrom('staff_users')
        .select(['id', 'role'])
        .where('yard_id', '=', yardId)
        .where(sql<boolean>`lower(email) = ${email.toLowerCase()}`)
        .where('deactivated_at', 'is', null)
        .executeTakeFirst(),

    /**
     * The people the owner shared access with who reach this thread (docs/shared-access.md):
     * their login emails get staff's messages and may reply by email.
     */
    granteesOf: (yardId: string, customerId: string, orderId: string | null) =>
      granteesRepo(db).ofOrder(yardId, customerId, orderId),

    /** What a notification says, read when it is sent. */
    forEmail: (yardId: string, messageId: string) =>
      db
        .selectFrom('messages as m')
        .innerJoin('message_threads as t', 't.id', 'm.thread_id')
        .leftJoin('orders as o', (j) =>
          j.onRef('o.id', '=', 't.order_id').onRef('o.yard_id', '=', 't.yard_id'),
        )
        .innerJoin('customers as c', (j) => j.on('c.id', '=', owner).onRef('c.yard_id', '=', 't.yard_id'))
        .innerJoin('yards as y', 'y.id', 'm.yard_id')
        .leftJoin('staff_users as s', (j) =>
          j.onRef('s.id', '=', 'm.staff_id').onRef('s.yard_id', '=', 'm.yard_id'),
        )
        .select([
          'm.author',
          'm.body',
          'm.thread_id',
          'c.id as customer_id',
          't.order_id',
          'o.number as order_number',
          'o.title as order_title',
          'c.email',
          'c.first_name',
          'c.last_name',
          'y.name as yard_name',
          'y.email as yard_email',
          'y.slug',
          's.name as staff_name',
        ])
        .select((eb) =>
          eb
            .selectFrom('message_attachments as a')
            .whereRef('a.message_id', '=', 'm.id')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('attachment_count'),
        )
        .where('m.yard_id', '=', yardId)
        .where('m.id', '=', messageId)
        .executeTakeFirst(),
  };
}

export type MessagesRepo = ReturnType<typeof messagesRepo>;
