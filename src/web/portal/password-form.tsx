import { type FormEvent, useState } from 'react';
import type { InviteLookupResponse, PortalMe } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { type InviteProblem, isInviteProblem, portalApi } from './portal-api';

interface PasswordFormProps {
  yard: string;
  token: string;
  invite: InviteLookupResponse;
  /** The new session's customer, from the answer. */
  onActivated: (me: PortalMe) => void;
  onProblem: (code: InviteProblem) => void;
}

/** Length in Unicode code points, as the server counts it (an emoji is one character). */
const length = (s: string) => [...s].length;

/** The customer's only task: pick a password and confirm it. */
export function PasswordForm({ yard, token, invite, onActivated, onProblem }: PasswordFormProps) {
  const { minLength, maxLength, hint } = invite.passwordRules;
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [show, setShow] = useState(false);
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const count = length(password);

  // The address already signs in here (someone shared a boat with it): its password adds this account.
  const existing = invite.hasAccount;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: { password?: string; confirm?: string } = {};
    if (existing) {
      if (!password) local.password = 'Enter the password you sign in with.';
    } else if (count < minLength) {
      local.password = `Your password needs at least ${minLength} characters (it has ${count}).`;
    } else if (count > maxLength) {
      local.password = `Your password can have at most ${maxLength} characters (it has ${count}).`;
    }
    if (!existing && !local.password && confirm !== password)
      local.confirm = 'The two passwords are not the same.';
    setErrors(local);
    setAlert(null);
    if (local.password || local.confirm) return;
    setBusy(true);
    try {
      onActivated(await portalApi.accept(yard, token, password, existing ? undefined : confirm));
    } catch (err) {
      setBusy(false);
      if (!(err instanceof ApiError)) return setAlert(errorMessage(err));
      if (isInviteProblem(err.code)) return onProblem(err.code);
      if (err.code === 'WEAK_PASSWORD' || err.code === 'BAD_CREDENTIALS')
        return setErrors({ password: err.message });
      if (err.code === 'PASSWORD_MISMATCH') return setErrors({ confirm: err.message });
      setAlert(errorMessage(err));
    }
  };

  const counter =
    count < minLength ? (
      <span className="counter">
        {count} of at least {minLength} characters
      </span>
    ) : (
      <span className="counter is-ok">
        {count} characters <span aria-hidden="true">✓</span>
      </span>
    );

  if (existing) {
    return (
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={alert} />
        <p>
          {invite.email} already signs in to {invite.yard.name} (someone shared their boat with you). Enter
          that password: your own account is added to the same sign-in.
        </p>
        <Field
          label="Email"
          type="email"
          name="username"
          autoComplete="username"
          value={invite.email}
          readOnly
        />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          autoFocus
        />
        <Button type="submit" variant="primary" className="btn-block" busy={busy}>
          Sign in and add my account
        </Button>
      </form>
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormAlert message={alert} />
      <Field
        label="Email"
        type="email"
        name="username"
        autoComplete="username"
        value={invite.email}
        readOnly
      />
      <Field
        label="Password"
        type={show ? 'text' : 'password'}
        name="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        autoFocus
        hint={
          <>
            {counter}
            <span className="password-hint">{hint}</span>
          </>
        }
        addon={
          <Button variant="ghost" className="toggle-visibility" onClick={() => setShow((s) => !s)}>
            {show ? 'Hide' : 'Show'}
            <span className="visually-hidden"> password</span>
          </Button>
        }
      />
      <Field
        label="Confirm password"
        type={show ? 'text' : 'password'}
        name="confirmPassword"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={errors.confirm}
      />
      <Button type="submit" variant="primary" className="btn-block" busy={busy}>
        Activate account
      </Button>
    </form>
  );
}
