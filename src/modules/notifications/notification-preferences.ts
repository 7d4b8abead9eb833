import type { NotificationPreferences } from '../../shared/api-types.js';

export type NotificationKind = keyof NotificationPreferences;

/** Each kind and its column in notification_preferences (0020). */
export const NOTIFICATION_COLUMNS = {
  jobUpdates: 'job_updates',
  messages: 'messages',
  estimates: 'estimates',
  invoices: 'invoices',
  reminders: 'reminders',
} as const satisfies Record<NotificationKind, string>;

export type NotificationColumn = (typeof NOTIFICATION_COLUMNS)[NotificationKind];
export type NotificationRow = Record<NotificationColumn, boolean>;

/** A customer who never chose gets every kind. */
export const ALL_ON: NotificationPreferences = {
  jobUpdates: true,
  messages: true,
  estimates: true,
  invoices: true,
  reminders: true,
};

export function preferencesView(row: NotificationRow | null | undefined): NotificationPreferences {
  if (!row) return { ...ALL_ON };
  return {
    jobUpdates: row.job_updates,
    messages: row.messages,
    estimates: row.estimates,
    invoices: row.invoices,
    reminders: row.reminders,
  };
}
