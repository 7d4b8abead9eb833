import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Field, FormAlert } from '../ui/field';
import { Link, navigate, useDocumentTitle } from '../ui/router';
import { accountPaths } from './account-api';
import { portalApi, portalPaths } from './portal-api';
import { PortalFrame, useYard } from './portal-frame';
import { RequestLinkForm } from './request-link-form';

export function PortalSignInPage({ yard }: { yard: string }) {
  const summary = useYard(yard);
  useDocumentTitle(summary ? `Sign in · ${summary.name}` : 'Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [askNew, setAskNew] = useState(false);

  // Already signed in: straight to the portal.
  useEffect(() => {
    const controller = new AbortController();
    portalApi
      .me(yard, controller.signal)
      .then(() => navigate(portalPaths.home(yard), { replace: true }))
      .catch(() => {});
    return () => controller.abort();
  }, [yard]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await portalApi.signIn(yard, email.trim(), password);
      navigate(portalPaths.home(yard), { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const yardName = summary?.name ?? 'the yard';
  return (
    <PortalFrame yardName={summary?.name ?? null}>
      <h1>Sign in</h1>
      <p className="muted">Welcome back to the {summary ? `${summary.name} ` : ''}customer portal.</p>
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
      <p className="small">
        <Link to={accountPaths.forgot(yard)}>Forgot password?</Link>
      </p>
      <hr className="divider" />
      <p className="muted small">
        New to the portal? Open the link in the invite email from {yardName} and pick a password.
      </p>
      <div className="disclosure">
        <button
          type="button"
          className="link-button"
          aria-expanded={askNew}
          aria-controls="request-link"
          onClick={() => setAskNew((open) => !open)}
        >
          Lost your invite email or the link expired?
        </button>
        {/* Rendered only when open, so the page has a single "Email" field until then. */}
        {askNew && (
          <div id="request-link">
            <RequestLinkForm yard={yard} yardName={yardName} />
          </div>
        )}
      </div>
    </PortalFrame>
  );
}
