import { type FormEvent, useState } from 'react';
import { errorMessage } from './api';
import { Button } from './button';
import { Field, FormAlert } from './field';

/**
 * Email + password sign-in, shared by the staff dashboard and the customer portal.
 * `signIn` throws the API's error on failure; its message is shown in the alert.
 * On success the caller navigates, so the button stays busy until the page changes.
 * `offerKeepSignedIn` adds the "Keep me signed in" box (the portal's), unticked at first.
 * `passkeyAutofill` lets the browser offer its passkeys among the email field's suggestions;
 * `onKeepSignedIn` tells the page the box's state (a passkey sign-in beside the form uses it).
 */
export function SignInForm({
  signIn,
  offerKeepSignedIn = false,
  passkeyAutofill = false,
  onKeepSignedIn,
}: {
  signIn: (email: string, password: string, keepSignedIn: boolean) => Promise<void>;
  offerKeepSignedIn?: boolean;
  passkeyAutofill?: boolean;
  onKeepSignedIn?: (keep: boolean) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [keepSignedIn, setKeepSignedIn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password, offerKeepSignedIn && keepSignedIn);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormAlert message={error} />
      <Field
        label="Email"
        type="email"
        name="email"
        autoComplete={passkeyAutofill ? 'username webauthn' : 'username'}
        inputMode="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        autoFocus
      />
      <Field
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {offerKeepSignedIn && (
        <label className="checkbox">
          <input
            type="checkbox"
            name="keepSignedIn"
            checked={keepSignedIn}
            onChange={(e) => {
              setKeepSignedIn(e.target.checked);
              onKeepSignedIn?.(e.target.checked);
            }}
          />
          Keep me signed in (not on a shared computer)
        </label>
      )}
      <Button type="submit" variant="primary" className="btn-block" busy={busy}>
        Sign in
      </Button>
    </form>
  );
}
