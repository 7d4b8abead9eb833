import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { accountApi } from './account-api';
import { localPasswordErrors, NewPasswordFields } from './new-password-fields';

// The same rules the server applies (password-policy.ts); the server has the last word.
const RULES = {
  minLength: 15,
  hint: 'Use at least 15 characters. A phrase of a few unrelated words is easy to remember and hard to guess.',
};

/** Change password with the current one; every other session of the account ends. */
export function ChangePasswordForm({ yard }: { yard: string }) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; password?: string; confirm?: string }>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setAlert(null);
    setDone(null);
    const local = current
      ? localPasswordErrors(password, confirm, RULES.minLength)
      : { current: 'Enter your current password.' };
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      setDone(
        (
          await accountApi.changePassword(yard, {
            currentPassword: current,
            password,
            confirmPassword: confirm,
          })
        ).message,
      );
      setCurrent('');
      setPassword('');
      setConfirm('');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'BAD_CREDENTIALS') setErrors({ current: err.message });
      else if (err instanceof ApiError && err.code === 'WEAK_PASSWORD') setErrors({ password: err.message });
      else if (err instanceof ApiError && err.code === 'PASSWORD_MISMATCH')
        setErrors({ confirm: err.message });
      else setAlert(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <div role="status">{done && <p className="alert alert-success">{done}</p>}</div>
      <FormAlert message={alert} />
      <Field
        label="Current password"
        type="password"
        name="current-password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={errors.current}
      />
      <NewPasswordFields
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        errors={errors}
        rules={RULES}
      />
      <Button type="submit" busy={busy}>
        Change password
      </Button>
    </form>
  );
}
