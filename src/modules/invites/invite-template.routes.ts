import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorResponses,
  InviteTemplatePreviewResponse,
  InviteTemplateView,
} from '../../server/api-schemas.js';
import { multiLine, singleLine } from '../../server/text-fields.js';
import type { Sessions } from '../auth/sessions.js';
import type { InviteTemplateService } from './invite-template.service.js';

// Control characters and a cap against huge payloads here; the template's own checks
// (invite-template.ts) say what else is wrong and how to fix it, for every field at once.
const CAP = 20_000;
export const InviteTemplateRequest = z.object({
  subject: singleLine('The subject', CAP),
  greeting: singleLine('The greeting', CAP),
  body: multiLine('The body', CAP),
});
export const InviteTemplatePreviewRequest = InviteTemplateRequest.extend({
  customerId: z.string().uuid('Customer ids are UUIDs; pick the customer from the list').optional(),
});

/** The yard's invite email wording: read, save, reset to the default, preview. Staff only. */
export function inviteTemplateRoutes(
  sessions: Sessions,
  templates: InviteTemplateService,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/staff/invite-template',
      { schema: { response: { 200: InviteTemplateView, ...errorResponses(401) } } },
      async (req) => {
        const me = await sessions.staff(req);
        return templates.view(me.yardId);
      },
    );

    app.put(
      '/api/staff/invite-template',
      {
        schema: {
          body: InviteTemplateRequest,
          response: { 200: InviteTemplateView, ...errorResponses(401, 422) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return templates.save(me.yardId, me.staffId, req.body);
      },
    );

    app.delete(
      '/api/staff/invite-template',
      { schema: { response: { 200: InviteTemplateView, ...errorResponses(401) } } },
      async (req) => {
        const me = await sessions.staff(req);
        return templates.reset(me.yardId);
      },
    );

    app.post(
      '/api/staff/invite-template/preview',
      {
        schema: {
          body: InviteTemplatePreviewRequest,
          response: { 200: InviteTemplatePreviewResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return templates.preview(me.yardId, req.body);
      },
    );
  };
}
