import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import type { StaffLinkLookup } from '../../shared/api-types';
import { localPasswordErrors, NewPasswordFields } from '../portal/new-password-fields';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { Field, FormAlert } from '../ui/field';
import { formatDate } from '../ui/format';
import { staffQueries } from './staff-api';
import { staffLinkApi } from './staff-users-api';
import './staff-welcome.css';

const PROBLEMS: Record<Exclude<StaffLinkLookup['state'], 'valid'>, { title: string; text: string }> = {
  used: { title: 'This link was already used', text: 'Sign in with your email and the password you picked.' },
  expired: { title: 'This link has expired', text: 'Ask the yard’s owner to send you a new one.' },
  superseded: {
    title: 'A newer link was sent',
    text: 'Use the link in the most recent email, or ask the yard’s owner to send a new one.',
  },
  unknown: {
    title: 'We do not recognise this link',
    text: 'Check the link in your email, or ask the yard’s owner for a new one.',
  },
};

const PROBLEM_CODES: Record<string, keyof typeof PROBLEMS> = {
  INVITE_USED: 'used',
  INVITE_EXPIRED: 'expired',
  INVITE_SUPERSEDED: 'superseded',
  INVITE_UNKNOWN: 'unknown',
};

/** /app/welcome/:token — a new staff member picks a password; opening the page uses nothing up. */
export function StaffWelcomePage({ token }: { token: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const lookup = useQuery({
    queryKey: ['staff-link', token],
    queryFn: ({ signal }) => staffLinkApi.lookup(token, signal),
    gcTime: 0,
  });
  const [problem, setProblem] = useState<keyof typeof PROBLEMS | null>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const link = lookup.data;
  useDocumentTitle(link?.yard ? `Welcome to ${link.yard.name}` : 'Pick your password');

  const state = problem ?? (link && link.state !== 'valid' ? link.state : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !link?.passwordRules) return;
    const local = localPasswordErrors(password, confirm, link.passwordRules.minLength);
    setErrors(local);
    setAlert(null);
    if (local.password || local.confirm) return;
    setBusy(true);
    try {
      const me = await staffLinkApi.accept(token, password, confirm);
      queryClient.removeQueries({ queryKey: ['staff'] });
      queryClient.setQueryData(staffQueries.me().queryKey, me);
      await navigate({ to: '/app/customers', replace: true });
    } catch (err) {
      setBusy(false);
      if (!(err instanceof ApiError)) return setAlert(errorMessage(err));
      if (PROBLEM_CODES[err.code]) return setProblem(PROBLEM_CODES[err.code]);
      if (err.code === 'WEAK_PASSWORD') return setErrors({ password: err.message });
      if (err.code === 'PASSWORD_MISMATCH') return setErrors({ confirm: err.message });
      setAlert(errorMessage(err));
    }
  };

  return (
    <main className="center-page">
      <div className="auth-card">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          Slipway
        </div>
        <div className="card">
          <div className="card-body staff-welcome">
            {state ? (
              <>
                <h1>{PROBLEMS[state].title}</h1>
                <p className="muted">{PROBLEMS[state].text}</p>
                <Link to="/app/sign-in" search={{}}>
                  Go to sign-in
                </Link>
              </>
            ) : !link?.yard || !link.passwordRules ? (
              lookup.error && !lookup.isFetching ? (
                <>
                  <h1>We couldn’t open your link</h1>
                  <p className="muted">{errorMessage(lookup.error)}</p>
                  <Button onClick={() => lookup.refetch()}>Try again</Button>
                </>
              ) : (
                <Spinner label="Opening your link…" />
              )
            ) : (
              <>
                <h1>Welcome to {link.yard.name}</h1>
                <p className="muted">
                  {link.name ? `${link.name}, pick` : 'Pick'} a password for the {link.yard.name} dashboard.
                  You sign in with your email and this password from now on.
                </p>
                <form className="form" onSubmit={submit} noValidate>
                  <FormAlert message={alert} />
                  <Field
                    label="Email"
                    type="email"
                    name="username"
                    autoComplete="username"
                    value={link.email}
                    readOnly
                  />
                  <NewPasswordFields
                    label="Password"
                    password={password}
                    confirm={confirm}
                    onPassword={setPassword}
                    onConfirm={setConfirm}
                    errors={errors}
                    rules={link.passwordRules}
                  />
                  <Button type="submit" variant="primary" className="btn-block" busy={busy}>
                    Set my password
                  </Button>
                </form>
                <p className="muted small">This link works until {formatDate(link.expiresAt)}.</p>
              </>
            )}
          </div>
        </div>
      </div>
    </main>
  );
}
