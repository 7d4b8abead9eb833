import type {
  CreateReminderRequest,
  ReminderDetailResponse,
  RemindersResponse,
  ReminderView,
  UpdateReminderRequest,
} from '../../shared/api-types';
import { api } from '../ui/api';
import { guard } from './staff-api';

/** The yard's service reminders (docs/reminders.md). */
export const remindersApi = {
  list: (signal?: AbortSignal) => guard(api.get<RemindersResponse>('/api/staff/reminders', { signal })),
  detail: (id: string, signal?: AbortSignal) =>
    guard(api.get<ReminderDetailResponse>(`/api/staff/reminders/${encodeURIComponent(id)}`, { signal })),
  create: (body: CreateReminderRequest) => guard(api.post<ReminderView>('/api/staff/reminders', body)),
  update: (id: string, body: UpdateReminderRequest) =>
    guard(api.patch<ReminderView>(`/api/staff/reminders/${encodeURIComponent(id)}`, body)),
};
