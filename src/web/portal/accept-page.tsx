import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { formatDate, setYardTimeZone } from '../ui/format';
import { InviteProblemPage } from './invite-problem';
import { PasswordForm } from './password-form';
import { type InviteProblem, isInviteProblem, portalApi, resetPortalSession } from './portal-api';
import { PortalFrame } from './portal-frame';
import { portalLinks } from './portal-links';

/** /portal/:yard/accept/:token — opening it never uses the invite up; choosing the password does. */
export function AcceptPage({ yard, token }: { yard: string; token: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Looked up afresh on every visit (gcTime 0): the invite may have been used in another tab.
  const lookup = useQuery({
    queryKey: ['portal', yard, 'invite', token],
    queryFn: ({ signal }) => portalApi.lookup(yard, token, signal),
    gcTime: 0,
  });
  const [problem, setProblem] = useState<InviteProblem | null>(null);
  const invite = lookup.data;
  useDocumentTitle(invite ? `Welcome to ${invite.yard.name}` : 'Your invite');

  const lookupError = lookup.error instanceof ApiError ? lookup.error : null;
  const code = problem ?? (lookupError && isInviteProblem(lookupError.code) ? lookupError.code : null);
  if (code) return <InviteProblemPage yard={yard} code={code} />;

  if (!invite) {
    return (
      <PortalFrame yardName={null}>
        {lookup.error && !lookup.isFetching ? (
          <>
            <h1>We couldn’t open your invite</h1>
            <p className="muted">
              {lookupError?.status === 404
                ? 'This portal address is not recognised. Check the link in your invite email.'
                : errorMessage(lookup.error)}
            </p>
            {lookupError?.status !== 404 && (
              <Button onClick={() => lookup.refetch()} busy={lookup.isFetching}>
                Try again
              </Button>
            )}
          </>
        ) : (
          <Spinner label="Opening your invite…" />
        )}
      </PortalFrame>
    );
  }

  // The link's expiry on the yard's clock, as the signed-in portal shows times.
  setYardTimeZone(invite.yard.timezone);
  return (
    <PortalFrame yardName={invite.yard.name}>
      <h1>Welcome, {invite.firstName}</h1>
      <p className="muted">
        {invite.hasAccount
          ? `Your own boats, orders and invoices at ${invite.yard.name} are ready to join the sign-in you already have.`
          : `Pick a password for your ${invite.yard.name} customer portal. Your boats, orders and invoices are already there.`}
      </p>
      <PasswordForm
        yard={yard}
        token={token}
        invite={invite}
        onActivated={(me) => {
          resetPortalSession(queryClient, yard, me);
          void navigate({ ...portalLinks.home(yard), replace: true });
        }}
        onProblem={setProblem}
      />
      <p className="muted small">This link works until {formatDate(invite.expiresAt)}.</p>
    </PortalFrame>
  );
}
