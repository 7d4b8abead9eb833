import type { YardSettingsPatch, YardSettingsView } from '../../shared/api-types';
import { api } from '../ui/api';
import { guard } from './staff-api';

const base = '/api/staff/yard/settings';

/** The yard's settings (src/modules/yards/yard-settings.routes.ts). */
export const yardSettingsApi = {
  get: (signal?: AbortSignal) => guard(api.get<YardSettingsView>(base, { signal })),
  save: (patch: YardSettingsPatch) => guard(api.patch<YardSettingsView>(base, patch)),
  uploadLogo: (form: FormData) => guard(api.put<YardSettingsView>('/api/staff/yard/logo', form)),
  removeLogo: () => guard(api.delete<YardSettingsView>('/api/staff/yard/logo')),
};

export const yardSettingsQuery = {
  queryKey: ['staff', 'yard-settings'],
  queryFn: ({ signal }: { signal: AbortSignal }) => yardSettingsApi.get(signal),
  // The form starts from one copy; a background refetch must not reset what is being typed.
  staleTime: Number.POSITIVE_INFINITY,
};
