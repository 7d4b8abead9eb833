import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { FormAlert } from '../ui/field';
import { accountApi } from './account-api';
import { PortalFrame, useYard } from './portal-frame';
import { portalLinks } from './portal-links';

/**
 * /portal/:yard/confirm-email/:token — a button confirms, so a mail scanner that opens
 * (or even renders) the link changes nothing.
 */
export function ConfirmEmailPage({ yard, token }: { yard: string; token: string }) {
  const summary = useYard(yard);
  useDocumentTitle('Confirm your new email address');
  const queryClient = useQueryClient();
  // Looked up afresh on every visit (gcTime 0): the link may have been used meanwhile.
  const lookup = useQuery({
    queryKey: ['portal', yard, 'email-change', token],
    queryFn: ({ signal }) => accountApi.lookupEmailChange(yard, token, signal),
    gcTime: 0,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      setDone((await accountApi.confirmEmailChange(yard, token)).message);
      // The portal shows the new address from now on.
      void queryClient.invalidateQueries({ queryKey: ['portal', yard, 'me'] });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  let body: ReactNode;
  if (done) {
    body = (
      <>
        <h1>Email address confirmed</h1>
        <p className="alert alert-success" role="status">
          {done}
        </p>
        <Link className="btn btn-primary btn-block" {...portalLinks.home(yard)}>
          Go to the portal
        </Link>
      </>
    );
  } else if (lookup.error && !lookup.isFetching) {
    body = (
      <>
        <h1>This link does not work</h1>
        <p className="muted">{errorMessage(lookup.error)}</p>
        <Link {...portalLinks.signIn(yard)}>Go to sign in</Link>
      </>
    );
  } else if (!lookup.data) {
    body = <Spinner label="Opening your link…" />;
  } else {
    body = (
      <>
        <h1>Confirm your new email address</h1>
        <p>
          Use <strong>{lookup.data.newEmail}</strong> to sign in and receive mail from{' '}
          {summary?.name ?? 'the yard'}?
        </p>
        <FormAlert message={error} />
        <Button variant="primary" className="btn-block" busy={busy} onClick={confirm}>
          Confirm new email address
        </Button>
      </>
    );
  }
  return <PortalFrame yardName={summary?.name ?? null}>{body}</PortalFrame>;
}
