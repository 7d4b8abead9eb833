import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { MailboxListResponse, MailboxMessage } from '../../shared/api-schemas/mailbox.js';
import type { MailboxService } from './mailbox.service.js';

/** The built-in catcher's mailbox. Registered only when mail goes to the catcher. */
export function mailboxRoutes({ mailbox }: { mailbox: MailboxService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/mailbox',
      { config: { access: 'public' }, schema: { response: { 200: MailboxListResponse } } },
      async () => ({
        messages: await mailbox.latest(200),
      }),
    );

    app.get(
      '/api/mailbox/:id',
      {
        config: { access: 'public' },
        schema: {
          params: z.object({ id: z.string().uuid('Message ids are UUIDs') }),
          response: { 200: MailboxMessage, ...errorResponses(404, 422) },
        },
      },
      async (req) => mailbox.message(req.params.id),
    );
  };
}
