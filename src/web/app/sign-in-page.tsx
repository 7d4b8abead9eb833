import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useDocumentTitle } from '../ui/document-title';
import { SignInForm } from '../ui/sign-in-form';
import { safeNext, staffApi, staffQueries } from './staff-api';

const route = getRouteApi('/app/sign-in');

export function StaffSignInPage() {
  useDocumentTitle('Sign in');
  const router = useRouter();
  const queryClient = useQueryClient();
  const next = safeNext(route.useSearch().next);
  // `next` is any dashboard address, search included: hand it to history as it is.
  const goOn = () => router.history.replace(next);

  // Already signed in (e.g. a second tab): go straight on.
  const me = useQuery(staffQueries.me());
  // biome-ignore lint/correctness/useExhaustiveDependencies: goOn only reads `next`
  useEffect(() => {
    if (me.data) goOn();
  }, [me.data, next]);

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
                const signedIn = await staffApi.signIn(email, password);
                // A new session: nothing cached for the last one may show, and the shell has its `me`.
                queryClient.removeQueries({ queryKey: ['staff'] });
                queryClient.setQueryData(staffQueries.me().queryKey, signedIn);
                goOn();
              }}
            />
          </div>
        </div>
      </div>
    </main>
  );
}
