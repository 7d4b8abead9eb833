import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  InviteTemplateInput,
  InviteTemplatePreviewRequest,
  InviteTemplatePreviewResponse,
  InviteTemplateView,
} from '../../shared/api-schemas/invites.js';
import type { Sessions } from '../auth/sessions.js';
import type { InviteTemplateService } from './invite-template.service.js';

/** The yard's invite email wording: read, save, reset to the default, preview. Staff only. */
export function inviteTemplateRoutes({
  sessions,
  templates,
}: {
  sessions: Pick<Sessions, 'staff'>;
  templates: InviteTemplateService;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/staff/invite-template',
      {
        config: { access: 'staff:invites' },
        schema: { response: { 200: InviteTemplateView, ...errorResponses(401) } },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return templates.view(me.yardId);
      },
    );

    app.put(
      '/api/staff/invite-template',
      {
        config: { access: 'staff:invites' },
        schema: {
          body: InviteTemplateInput,
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
      {
        config: { access: 'staff:invites' },
        schema: { response: { 200: InviteTemplateView, ...errorResponses(401) } },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return templates.reset(me.yardId);
      },
    );

    app.post(
      '/api/staff/invite-template/preview',
      {
        config: { access: 'staff:invites' },
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
