import { z } from 'zod';

// The built-in mail catcher's mailbox (src/modules/mail).

export const MailboxMessageSummary = z.object({
  id: z.string(),
  receivedAt: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  subject: z.string().nullable(),
});
export const MailboxListResponse = z.object({ messages: z.array(MailboxMessageSummary) });
export const MailboxMessage = MailboxMessageSummary.extend({
  text: z.string().nullable(),
  html: z.string().nullable(),
});
