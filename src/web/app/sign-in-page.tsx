import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { navigate, useDocumentTitle, useLocation } from '../ui/router';
import { safeNext, staffApi } from './staff-api';

export function StaffSignInPage() {
  useDocumentTitle('Sign in');
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Already signed in (e.g. a second tab): go straight on.
  useEffect(() => {
    const controller = new AbortController();
    staffApi
      .me(controller.signal)
      .then(() => navigate(next, { replace: true }))
      .catch(() => {});
    return () => controller.abort();
  }, [next]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await staffApi.signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
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
          <div className="card-body auth-body">
            <h1>Sign in to your yard</h1>
            <p className="muted">Staff dashboard: customers, orders and the customer portal.</p>
            <form className="form" onSubmit={submit} noValidate>
              <FormAlert message={error} />
              <Field
                label="Email"
                type="email"
                name="email"
                autoComplete="username"
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
              <Button type="submit" variant="primary" className="btn-block" busy={busy}>
                Sign in
              </Button>
            </form>
          </div>
        </div>
      </div>
    </main>
  );
}
