import type { NotificationPreferences } from '../../shared/api-types';
import { Card } from '../ui/card';

const NAMES: Record<keyof NotificationPreferences, string> = {
  jobUpdates: 'job updates',
  messages: 'messages',
  estimates: 'estimates',
  invoices: 'invoices',
  reminders: 'service reminders',
};

/**
 * On the staff profile, only when the customer turned some emails off (their account page):
 * which, so that staff know why an estimate or invoice was not mailed.
 */
export function NotificationChoices({
  firstName,
  notifications,
}: {
  firstName: string;
  notifications: NotificationPreferences;
}) {
  const off = (Object.keys(NAMES) as (keyof NotificationPreferences)[]).filter((k) => !notifications[k]);
  if (off.length === 0) return null;
  const who = firstName || 'The customer';
  return (
    <Card title="Email notifications">
      <p>
        {who} turned off emails about <strong>{off.map((k) => NAMES[k]).join(', ')}</strong>.
      </p>
      <p className="muted small">
        They still show in the portal; when one is waiting, let {who} know another way.
      </p>
    </Card>
  );
}
