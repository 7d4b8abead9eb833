import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useDocumentTitle } from '../ui/document-title';
import { SignInForm } from '../ui/sign-in-form';
import { PasskeySignIn } from './passkey-sign-in';
import { portalApi, portalQueries, resetPortalSession } from './portal-api';
import { PortalFrame, useYard } from './portal-frame';
import { portalLinks } from './portal-links';
import { RequestLinkForm } from './request-link-form';

export function PortalSignInPage({ yard }: { yard: string }) {
  const summary = useYard(yard);
  useDocumentTitle(summary ? `Sign in · ${summary.name}` : 'Sign in');
  const [askNew, setAskNew] = useState(false);
  const [keepSignedIn, setKeepSignedIn] = useState(false);

  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // Already signed in: straight to the portal.
  const me = useQuery(portalQueries.me(yard));
  const signedIn = Boolean(me.data);
  useEffect(() => {
    if (signedIn) void navigate({ ...portalLinks.home(yard), replace: true });
  }, [signedIn, yard, navigate]);

  const yardName = summary?.name ?? 'the yard';
  return (
    <PortalFrame yardName={summary?.name ?? null} logoUrl={summary?.logoUrl}>
      <h1>Sign in</h1>
      <p className="muted">Welcome back to the {summary ? `${summary.name} ` : ''}customer portal.</p>
      <SignInForm
        offerKeepSignedIn
        passkeyAutofill
        onKeepSignedIn={setKeepSignedIn}
        signIn={async (email, password, keepSignedIn) => {
          resetPortalSession(queryClient, yard, await portalApi.signIn(yard, email, password, keepSignedIn));
          await navigate({ ...portalLinks.home(yard), replace: true });
        }}
      />
      <PasskeySignIn
        yard={yard}
        keepSignedIn={keepSignedIn}
        onSignedIn={async (signedIn) => {
          resetPortalSession(queryClient, yard, signedIn);
          await navigate({ ...portalLinks.home(yard), replace: true });
        }}
      />
      <p className="small">
        <Link {...portalLinks.forgot(yard)}>Forgot password?</Link>
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
