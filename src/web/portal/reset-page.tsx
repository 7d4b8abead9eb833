import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError, type ApiErrorCode, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { FormAlert } from '../ui/field';
import { accountApi } from './account-api';
import { localPasswordErrors, NewPasswordFields } from './new-password-fields';
import { PortalFrame, useYard } from './portal-frame';
import { portalLinks } from './portal-links';

/** The reset link itself is unusable: the page says why instead of the form. */
const LINK_PROBLEMS = new Set<ApiErrorCode>([
  'RESET_UNKNOWN',
  'RESET_USED',
  'RESET_EXPIRED',
  'RESET_SUPERSEDED',
]);

/** /portal/:yard/reset/:token — opening it never uses the link; setting the password does. */
export function ResetPage({ yard, token }: { yard: string; token: string }) {
  const summary = useYard(yard);
  useDocumentTitle('Choose a new password');
  // Looked up afresh on every visit (gcTime 0): the link may have been used meanwhile.
  const lookup = useQuery({
    queryKey: ['portal', yard, 'reset', token],
    queryFn: ({ signal }) => accountApi.lookupReset(yard, token, signal),
    gcTime: 0,
  });
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [endSessions, setEndSessions] = useState(true);
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const info = lookup.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !info) return;
    const local = localPasswordErrors(password, confirm, info.passwordRules.minLength);
    setErrors(local);
    setAlert(null);
    if (local.password || local.confirm) return;
    setBusy(true);
    try {
      const res = await accountApi.reset(yard, { token, password, confirmPassword: confirm, endSessions });
      setDone(res.message);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'WEAK_PASSWORD') setErrors({ password: err.message });
      else if (err instanceof ApiError && err.code === 'PASSWORD_MISMATCH')
        setErrors({ confirm: err.message });
      else if (err instanceof ApiError && LINK_PROBLEMS.has(err.code)) setProblem(err.message);
      else setAlert(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const linkProblem = problem ?? (lookup.error && !lookup.isFetching ? errorMessage(lookup.error) : null);
  let body: ReactNode;
  if (done) {
    body = (
      <>
        <h1>Password changed</h1>
        <p className="alert alert-success" role="status">
          {done}
        </p>
        <Link className="btn btn-primary btn-block" {...portalLinks.signIn(yard)}>
          Sign in
        </Link>
      </>
    );
  } else if (linkProblem) {
    body = (
      <>
        <h1>This link does not work</h1>
        <p className="muted">{linkProblem}</p>
        <Link className="btn btn-primary" {...portalLinks.forgot(yard)}>
          Ask for a new link
        </Link>
      </>
    );
  } else if (!info) {
    body = <Spinner label="Opening your link…" />;
  } else {
    body = (
      <>
        <h1>Choose a new password</h1>
        <p className="muted">For {info.email}.</p>
        <form className="form" onSubmit={submit} noValidate>
          <FormAlert message={alert} />
          <input type="hidden" name="username" autoComplete="username" value={info.email} />
          <NewPasswordFields
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            errors={errors}
            rules={info.passwordRules}
          />
          <label className="checkbox">
            <input type="checkbox" checked={endSessions} onChange={(e) => setEndSessions(e.target.checked)} />
            Sign me out on all devices
          </label>
          <Button type="submit" variant="primary" className="btn-block" busy={busy}>
            Set new password
          </Button>
        </form>
      </>
    );
  }
  return <PortalFrame yardName={summary?.name ?? null}>{body}</PortalFrame>;
}
