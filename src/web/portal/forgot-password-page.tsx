import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { useDocumentTitle } from '../ui/document-title';
import { Field, FormAlert } from '../ui/field';
import { accountApi } from './account-api';
import { PortalFrame, useYard } from './portal-frame';
import { portalLinks } from './portal-links';

/** /portal/:yard/forgot-password — the answer is the same whether or not the email has an account. */
export function ForgotPasswordPage({ yard }: { yard: string }) {
  const summary = useYard(yard);
  useDocumentTitle(summary ? `Forgot password · ${summary.name}` : 'Forgot password');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!email.trim()) return setError('Enter the email address you sign in with.');
    setBusy(true);
    setError(null);
    try {
      setDone((await accountApi.forgot(yard, email.trim())).message);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PortalFrame yardName={summary?.name ?? null}>
      <h1>Forgot your password?</h1>
      <div role="status">{done && <p className="alert alert-success">{done}</p>}</div>
      {!done && (
        <>
          <p className="muted">
            Enter the email address you sign in with. We will email you a link to choose a new password.
          </p>
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
            <Button type="submit" variant="primary" className="btn-block" busy={busy}>
              Email me a reset link
            </Button>
          </form>
        </>
      )}
      <p className="muted small">
        <Link {...portalLinks.signIn(yard)}>Back to sign in</Link>
      </p>
    </PortalFrame>
  );
}
