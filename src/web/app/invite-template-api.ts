import type {
  InviteTemplateInput,
  InviteTemplatePreviewRequest,
  InviteTemplatePreviewResponse,
  InviteTemplateView,
} from '../../shared/api-types';
import { api } from '../ui/api';
import { guard } from './staff-api';

const base = '/api/staff/invite-template';

/** The yard's invite email wording (src/modules/invites/invite-template.routes.ts). */
export const inviteTemplateApi = {
  get: (signal?: AbortSignal) => guard(api.get<InviteTemplateView>(base, { signal })),
  save: (template: InviteTemplateInput) => guard(api.put<InviteTemplateView>(base, template)),
  reset: () => guard(api.delete<InviteTemplateView>(base)),
  preview: (request: InviteTemplatePreviewRequest, signal?: AbortSignal) =>
    guard(api.post<InviteTemplatePreviewResponse>(`${base}/preview`, request, { signal })),
};
