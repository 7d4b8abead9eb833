import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import type { MailboxMessage, MailboxMessageSummary } from '../../shared/api-types.js';
import { mailboxRepo } from './mailbox.repo.js';

/** Reading the built-in catcher's mailbox. */
export function createMailboxService(deps: Pick<AppDeps, 'database'>) {
  const mailbox = mailboxRepo(deps.database.db);
  return {
    /** The newest messages, newest first. */
    async latest(limit: number): Promise<MailboxMessageSummary[]> {
      const rows = await mailbox.latest(limit);
      return rows.map((r) => ({
        id: r.id,
        receivedAt: r.received_at.toISOString(),
        from: r.mail_from,
        to: r.rcpt_to,
        subject: r.subject,
      }));
    },

    async message(id: string): Promise<MailboxMessage> {
      const r = await mailbox.find(id);
      if (!r) throw notFound('That message');
      return {
        id: r.id,
        receivedAt: r.received_at.toISOString(),
        from: r.mail_from,
        to: r.rcpt_to,
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
      };
    },
  };
}

export type MailboxService = ReturnType<typeof createMailboxService>;
