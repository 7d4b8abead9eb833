import { useState } from 'react';
import type { NotificationPreferences, PortalMe } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { FormAlert } from '../ui/field';
import { accountApi } from './account-api';

type Kind = keyof NotificationPreferences;

/** Each kind of email the customer may turn off, in the words the page shows. */
const KINDS: { kind: Kind; label: string; hint: string }[] = [
  { kind: 'jobUpdates', label: 'Job updates', hint: 'Progress and photos the yard posts on your orders' },
  { kind: 'messages', label: 'Messages', hint: 'When the yard writes to you' },
  { kind: 'estimates', label: 'Estimates', hint: 'A new or changed estimate to approve' },
  { kind: 'invoices', label: 'Invoices', hint: 'An invoice ready to pay' },
  { kind: 'reminders', label: 'Service reminders', hint: 'Winterizing, engine hours and other service due' },
];

/**
 * Which emails the customer gets: each box saves the moment it is ticked. Receipts, invites
 * and sign-in mail always come. Whatever is off still shows in the portal. Someone the owner
 * shared a boat with chooses their own (reminders go to the owner only, so they are not offered).
 */
export function NotificationPreferencesForm({
  yard,
  me,
  onSaved,
}: {
  yard: string;
  me: PortalMe;
  onSaved: (next: PortalMe) => void;
}) {
  const shared = me.access.role !== 'owner';
  const kinds = shared ? KINDS.filter((k) => k.kind !== 'reminders') : KINDS;
  const [saving, setSaving] = useState<Kind | null>(null);
  // The box follows the tap at once; the saved answer (or the error) settles it.
  const [pending, setPending] = useState<Partial<NotificationPreferences>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const prefs = me.notifications;

  const toggle = async (kind: Kind, on: boolean) => {
    setSaving(kind);
    setPending({ [kind]: on });
    setError(null);
    setStatus('');
    try {
      const next = await accountApi.updateNotifications(yard, { [kind]: on });
      // The box keeps the saved answer itself, so it never flickers back while the page's
      // copy of the account catches up.
      setPending({ [kind]: next[kind] });
      onSaved({ ...me, notifications: next });
      const label = KINDS.find((k) => k.kind === kind)?.label ?? kind;
      setStatus(`${label} emails ${on ? 'on' : 'off'}. Saved.`);
    } catch (err) {
      setPending({});
      setError(errorMessage(err));
    } finally {
      setSaving(null);
    }
  };

  return (
    <fieldset className="notification-prefs">
      <legend className="notification-prefs-legend">Email me about</legend>
      {kinds.map(({ kind, label, hint }) => (
        <label key={kind} className="notification-pref">
          <input
            type="checkbox"
            name={kind}
            checked={pending[kind] ?? prefs[kind]}
            disabled={saving !== null}
            onChange={(e) => toggle(kind, e.currentTarget.checked)}
          />
          <span>
            <span className="notification-pref-label">{label}</span>
            <span className="muted notification-pref-hint">{hint}</span>
          </span>
        </label>
      ))}
      <p className="muted">
        Receipts, invites and sign-in emails always come. Whatever you turn off still shows here in your
        portal.
      </p>
      <FormAlert message={error} />
      <p role="status" className="notification-pref-status">
        {status}
      </p>
    </fieldset>
  );
}
