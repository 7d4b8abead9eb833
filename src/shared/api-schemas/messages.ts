import { z } from 'zod';

/** Messages between a customer and the yard (docs/messages.md). */

export const MessageAttachmentView = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  url: z.string(),
});

export const MessageView = z.object({
  id: z.string(),
  author: z.enum(['customer', 'staff']),
  /** Staff see the staff member's full name; the customer their first name. The customer's name for their own. */
  authorName: z.string(),
  /** Written in the portal or dashboard (`web`), or a reply by email. */
  via: z.enum(['web', 'email']),
  body: z.string(),
  sentAt: z.string(),
  attachments: z.array(MessageAttachmentView),
});

/** Which thread: the customer's general one, or an order's. */
export const ThreadSubject = z.object({
  orderId: z.string().nullable(),
  orderNumber: z.number().nullable(),
  orderTitle: z.string().nullable(),
});

export const ThreadSummary = ThreadSubject.extend({
  /** Null for a thread with no message yet (the general thread before its first message). */
  id: z.string().nullable(),
  customerId: z.string(),
  customerName: z.string(),
  lastMessageAt: z.string().nullable(),
  lastMessage: z.string().nullable(),
  lastAuthor: z.enum(['customer', 'staff']).nullable(),
  /** Messages from the other side since the reader's side last read the thread. */
  unread: z.number(),
});

export const ThreadListResponse = z.object({
  threads: z.array(ThreadSummary),
  /** Threads with unread messages, over all (not only this page). */
  unreadThreads: z.number(),
});

export const UnreadCountResponse = z.object({ unreadThreads: z.number() });

export const ThreadResponse = z.object({
  thread: ThreadSummary,
  messages: z.array(MessageView),
});

export const PostMessageResponse = z.object({ message: MessageView, note: z.string() });

export const InboxQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  customerId: z.string().uuid('Customer ids are UUIDs').optional(),
});

export const InboundEmailResponse = z.object({ accepted: z.boolean() });
