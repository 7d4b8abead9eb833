import { z } from 'zod';

/**
 * Which emails a customer gets (docs/notifications.md): job updates and messages on their
 * orders, estimates and invoices ready to read, service reminders. Receipts, invites and
 * account mail are not preferences.
 */
export const NotificationPreferences = z.object({
  jobUpdates: z.boolean(),
  messages: z.boolean(),
  estimates: z.boolean(),
  invoices: z.boolean(),
  reminders: z.boolean(),
});

/** A change names only the kinds it turns on or off; a stray field is refused. */
export const UpdateNotificationPreferences = NotificationPreferences.partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: 'Say which emails to turn on or off, e.g. { "estimates": false }',
  });
