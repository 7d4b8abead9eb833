import { useState } from 'react';
import { Button } from '../ui/button';
import { Field } from '../ui/field';

/** Length in Unicode code points, as the server counts it (an emoji is one character). */
export const passwordLength = (s: string) => [...s].length;

interface NewPasswordFieldsProps {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  errors: { password?: string; confirm?: string };
  rules: { minLength: number; hint: string };
  label?: string;
}

/** "New password" and "Confirm new password", with a live count and a show/hide toggle. */
export function NewPasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  errors,
  rules,
  label = 'New password',
}: NewPasswordFieldsProps) {
  const [show, setShow] = useState(false);
  const count = passwordLength(password);
  return (
    <>
      <Field
        label={label}
        type={show ? 'text' : 'password'}
        name="new-password"
        autoComplete="new-password"
        required
        minLength={rules.minLength}
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={errors.password}
        hint={
          <>
            <span className={count < rules.minLength ? 'counter' : 'counter is-ok'}>
              {count < rules.minLength
                ? `${count} of at least ${rules.minLength} characters`
                : `${count} characters`}
            </span>
            <span className="password-hint">{rules.hint}</span>
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
        label={`Confirm ${label.toLowerCase()}`}
        type={show ? 'text' : 'password'}
        name="confirm-password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
        error={errors.confirm}
      />
    </>
  );
}

/** The checks the server makes first, so most mistakes are shown without a round trip. */
export function localPasswordErrors(password: string, confirm: string, minLength: number) {
  const count = passwordLength(password);
  if (count < minLength)
    return { password: `Your password needs at least ${minLength} characters (it has ${count}).` };
  if (confirm !== password) return { confirm: 'The two passwords are not the same.' };
  return {};
}
