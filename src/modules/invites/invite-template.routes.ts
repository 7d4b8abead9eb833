import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorResponses,
  InviteTemplatePreviewResponse,
  InviteTemplateView,
} from '../../server/api-schemas.js';
import type { Sessions } from '../auth/sessions.js';
import type { InviteTemplateService } from './invite-template.service.js';

// Only a cap against huge payloads here: the template's own checks (invite-template.ts) say
// what is wrong and how to fix it, for every field at once.
const text = (label: string) =>
  z.string({ error: `${label} must be text` }).max(20_000, `${label} is far too long`);
export const InviteTemplateRequest = z.object({
  subject: text('The subject'),
  greeting: text('The greeting'),
  body: text('The body'),
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
