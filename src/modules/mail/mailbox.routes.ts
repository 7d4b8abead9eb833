import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { MailboxListResponse, MailboxMessage } from '../../shared/api-schemas/mailbox.js';
import type { MailboxMessage as MailboxMessageBody, MailboxMessageSummary } from '../../shared/api-types.js';
import { mailboxRepo } from './mailbox.repo.js';

/** The built-in catcher's mailbox. Registered only when mail goes to the catcher. */
export function mailboxRoutes(deps: Pick<AppDeps, 'database'>): FastifyPluginAsyncZod {
  const mailbox = mailboxRepo(deps.database.db);
  return async (app) => {
    app.get(
      '/api/mailbox',
      { schema: { response: { 200: MailboxListResponse } } },
      async (): Promise<{ messages: MailboxMessageSummary[] }> => {
        const rows = await mailbox.latest(200);
        return {
          messages: rows.map((r) => ({
            id: r.id,
            receivedAt: r.received_at.toISOString(),
            from: r.mail_from,
            to: r.rcpt_to,
            subject: r.subject,
          })),
        };
      },
    );

    app.get(
      '/api/mailbox/:id',
      {
        schema: {
          params: z.object({ id: z.string().uuid('Message ids are UUIDs') }),
          response: { 200: MailboxMessage, ...errorResponses(404, 422) },
        },
      },
      async (req): Promise<MailboxMessageBody> => {
        const r = await mailbox.find(req.params.id);
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
    );
  };
}
