import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { PasskeyListResponse, PasskeyView } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Field, FormAlert } from '../ui/field';
import { formatDate, formatDateTime } from '../ui/format';
import { ceremonyProblem, guessDeviceName, passkeysApi } from './passkeys-api';

const passkeysKey = (yard: string) => ['portal', yard, 'passkeys'] as const;

/** The account page's passkeys: the list (name, added, last used), adding one, removing one. */
export function PasskeysCard({ yard }: { yard: string }) {
  const queryClient = useQueryClient();
  const res = useQuery({
    queryKey: passkeysKey(yard),
    queryFn: ({ signal }) => passkeysApi.list(yard, signal),
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<PasskeyView | null>(null);
  const supported = typeof window !== 'undefined' && browserSupportsWebAuthn();
  const saved = (next: PasskeyListResponse, message: string) => {
    queryClient.setQueryData(passkeysKey(yard), next);
    setNotice(message);
  };

  if (!res.data) {
    return res.error ? (
      <div className="alert alert-error" role="alert">
        {errorMessage(res.error)} <Button onClick={() => res.refetch()}>Try again</Button>
      </div>
    ) : (
      <p className="muted">Loading your passkeys…</p>
    );
  }
  const { passkeys, needsPassword } = res.data;
  return (
    <>
      <p className="muted">
        Sign in with your fingerprint, face or screen lock instead of typing your password. The passkey stays
        on your device (or syncs between your own devices); your password keeps working too.
      </p>
      <div role="status">{notice && <p className="alert alert-success">{notice}</p>}</div>
      {passkeys.length === 0 ? (
        <p>You have no passkeys yet.</p>
      ) : (
        <ul className="passkey-list">
          {passkeys.map((p) => (
            <li key={p.id} className="passkey-item">
              <div className="passkey-text">
                <strong>{p.name}</strong>
                <span className="muted small">
                  Added {formatDate(p.createdAt)} ·{' '}
                  {p.lastUsedAt ? `last used ${formatDateTime(p.lastUsedAt)}` : 'not used yet'}
                  {p.synced ? ' · synced' : ''}
                </span>
              </div>
              <Button
                variant="ghost"
                aria-label={`Remove passkey ${p.name}`}
                onClick={() => {
                  setNotice(null);
                  setRemoving(p);
                }}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      {supported ? (
        <AddPasskeyForm
          yard={yard}
          needsPassword={needsPassword}
          onAdded={(next, name) =>
            saved(next, `Passkey "${name}" added. Next time, choose "Use a passkey" on the sign-in page.`)
          }
        />
      ) : (
        <p className="muted small">
          This browser cannot make passkeys. Try a current browser on your phone or computer.
        </p>
      )}
      {removing && (
        <RemovePasskeyDialog
          yard={yard}
          passkey={removing}
          needsPassword={needsPassword}
          onClose={() => setRemoving(null)}
          onRemoved={(next) => {
            setRemoving(null);
            saved(next, `Passkey "${removing.name}" removed. It no longer signs you in.`);
          }}
        />
      )}
    </>
  );
}

function AddPasskeyForm({
  yard,
  needsPassword,
  onAdded,
}: {
  yard: string;
  needsPassword: boolean;
  onAdded: (next: PasskeyListResponse, name: string) => void;
}) {
  const [name, setName] = useState(() => guessDeviceName());
  const [password, setPassword] = useState('');
  const [askPassword, setAskPassword] = useState(needsPassword);
  const [errors, setErrors] = useState<{ name?: string; password?: string }>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setAlert(null);
    const local = {
      ...(name.trim() ? {} : { name: 'Name this passkey so you can tell it apart, e.g. "My iPhone".' }),
      ...(askPassword && !password ? { password: 'Enter your current password.' } : {}),
    };
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const next = await passkeysApi.add(yard, name.trim(), askPassword ? password : undefined);
      setPassword('');
      onAdded(next, name.trim());
    } catch (err) {
      if (err instanceof ApiError && err.code === 'RECENT_SIGN_IN_NEEDED') {
        setAskPassword(true);
        setErrors({ password: err.message });
      } else if (err instanceof ApiError && err.code === 'BAD_CREDENTIALS')
        setErrors({ password: err.message });
      else if (err instanceof ApiError && err.code === 'VALIDATION') setErrors({ name: err.message });
      else if (err instanceof ApiError) setAlert(errorMessage(err));
      else {
        const problem = ceremonyProblem(err);
        if (problem) setAlert(problem);
        else if (!(err instanceof DOMException)) setAlert(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormAlert message={alert} />
      <Field
        label="Passkey name"
        name="passkey-name"
        maxLength={60}
        value={name}
        onChange={(e) => setName(e.target.value)}
        hint="So you can tell your passkeys apart, e.g. the device it is on."
        error={errors.name}
      />
      {askPassword && (
        <Field
          label="Current password"
          type="password"
          name="current-password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint="You signed in more than 10 minutes ago: confirm it is you."
          error={errors.password}
        />
      )}
      <Button type="submit" variant="primary" busy={busy}>
        Add a passkey
      </Button>
    </form>
  );
}

function RemovePasskeyDialog({
  yard,
  passkey,
  needsPassword,
  onClose,
  onRemoved,
}: {
  yard: string;
  passkey: PasskeyView;
  needsPassword: boolean;
  onClose: () => void;
  onRemoved: (next: PasskeyListResponse) => void;
}) {
  const [password, setPassword] = useState('');
  const [askPassword, setAskPassword] = useState(needsPassword);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    if (busy) return;
    if (askPassword && !password) {
      setError('Enter your current password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onRemoved(await passkeysApi.remove(yard, passkey.id, askPassword ? password : undefined));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'RECENT_SIGN_IN_NEEDED') setAskPassword(true);
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={`Remove the passkey "${passkey.name}"?`}
      confirmLabel="Remove passkey"
      tone="danger"
      busy={busy}
      error={error}
      onConfirm={remove}
      onClose={onClose}
    >
      <p>It will no longer sign you in. You can still sign in with your email and password.</p>
      {askPassword && (
        <Field
          label="Current password"
          type="password"
          name="current-password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      )}
    </ConfirmDialog>
  );
}
