import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { accountApi } from './account-api';

/** A new email address takes effect only once confirmed from the link sent to it. */
export function EmailChangeForm({ yard, current }: { yard: string; current: string | null }) {
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ newEmail?: string; currentPassword?: string }>({});
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setAlert(null);
    setErrors({});
    if (!newEmail.trim()) return setErrors({ newEmail: 'Enter the new email address.' });
    if (!password) return setErrors({ currentPassword: 'Enter your current password.' });
    setBusy(true);
    try {
      setDone((await accountApi.changeEmail(yard, newEmail.trim(), password)).message);
      setPassword('');
    } catch (err) {
      const field = err instanceof ApiError ? (err.details.field as string | undefined) : undefined;
      if (field === 'currentPassword' || field === 'newEmail') setErrors({ [field]: errorMessage(err) });
      else setAlert(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">
        You sign in with <strong>{current ?? '—'}</strong>.
      </p>
      <div role="status">{done && <p className="alert alert-success">{done}</p>}</div>
      <FormAlert message={alert} />
      <Field
        label="New email address"
        type="email"
        autoComplete="email"
        inputMode="email"
        value={newEmail}
        onChange={(e) => setNewEmail(e.target.value)}
        error={errors.newEmail}
      />
      <Field
        label="Current password"
        type="password"
        name="email-change-current-password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.currentPassword}
      />
      <Button type="submit" busy={busy}>
        Send confirmation link
      </Button>
    </form>
  );
}
