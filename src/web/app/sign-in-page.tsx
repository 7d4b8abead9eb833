import { useEffect } from 'react';
import { navigate, useDocumentTitle, useLocation } from '../ui/router';
import { SignInForm } from '../ui/sign-in-form';
import { safeNext, staffApi } from './staff-api';

export function StaffSignInPage() {
  useDocumentTitle('Sign in');
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  // Already signed in (e.g. a second tab): go straight on.
  useEffect(() => {
    const controller = new AbortController();
    staffApi
      .me(controller.signal)
      .then(() => navigate(next, { replace: true }))
      .catch(() => {});
    return () => controller.abort();
  }, [next]);

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
            <SignInForm
              signIn={async (email, password) => {
                await staffApi.signIn(email, password);
                navigate(next, { replace: true });
              }}
            />
          </div>
        </div>
      </div>
    </main>
  );
}
