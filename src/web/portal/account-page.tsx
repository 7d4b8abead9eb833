import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { FormAlert } from '../ui/field';
import { may, ROLE_WORDS } from './access-api';
import { accountApi } from './account-api';
import { ChangePasswordForm } from './change-password-form';
import { ContactForm } from './contact-form';
import { EmailChangeForm } from './email-change-form';
import { NotificationPreferencesForm } from './notification-preferences-form';
import { PasskeysCard } from './passkeys-card';
import { PeopleWithAccess } from './people-with-access';
import { portalQueries, resetPortalSession } from './portal-api';
import { portalLinks, usePortalYard } from './portal-links';
import { usePortalMe } from './portal-shell';

/**
 * /portal/:yard/account — contact details, email address, notifications, people with access,
 * password, passkeys, sessions (inside PortalShell); someone the account was shared with sees
 * their access instead.
 */
export function AccountPage() {
  useDocumentTitle('Your account');
  const yard = usePortalYard();
  const me = usePortalMe();
  const queryClient = useQueryClient();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Your account</h1>
          <p className="subtitle">What {me.yard.name} has on file for you, and how you sign in.</p>
        </div>
      </div>
      <div className="stack">
        {may.manage(me) ? (
          <>
            <Card title="Contact details">
              <ContactForm
                yard={yard}
                me={me}
                onSaved={(next) => queryClient.setQueryData(portalQueries.me(yard).queryKey, next)}
              />
            </Card>
            <Card title="Email address">
              <EmailChangeForm yard={yard} current={me.customer.email} />
            </Card>
            <Card title="Email notifications">
              <NotificationPreferencesForm
                yard={yard}
                me={me}
                onSaved={(next) => queryClient.setQueryData(portalQueries.me(yard).queryKey, next)}
              />
            </Card>
            <Card title="People with access">
              <PeopleWithAccess yard={yard} me={me} />
            </Card>
          </>
        ) : (
          <Card title="Your access">
            <p>
              {me.access.ownerName} shared{' '}
              {me.boats.length === 1 && me.access.boatId ? me.boats[0].name : 'their boats'} with you:{' '}
              <strong>{ROLE_WORDS[me.access.role].toLowerCase()}</strong>.
            </p>
            <p className="muted">
              Contact details and who has access are {me.access.ownerName}'s to change. Ask them if you need
              more access. Your emails and your password below are your own.
            </p>
          </Card>
        )}
        {!may.manage(me) && (
          <Card title="Your email notifications">
            <NotificationPreferencesForm
              yard={yard}
              me={me}
              onSaved={(next) => queryClient.setQueryData(portalQueries.me(yard).queryKey, next)}
            />
          </Card>
        )}
        <Card title="Password">
          <ChangePasswordForm yard={yard} />
        </Card>
        <Card title="Passkeys">
          <PasskeysCard yard={yard} />
        </Card>
        <Card title="Signed-in devices">
          <SignOutEverywhere yard={yard} />
        </Card>
      </div>
    </>
  );
}

function SignOutEverywhere({ yard }: { yard: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await accountApi.signOutEverywhere(yard);
      resetPortalSession(queryClient, yard);
      await navigate({ ...portalLinks.signIn(yard), replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <>
      <p className="muted">
        Lost a phone or signed in on a shared computer? End every session of your account, this one included.
      </p>
      <FormAlert message={error} />
      <Button variant="danger" busy={busy} onClick={run}>
        Sign out everywhere
      </Button>
    </>
  );
}
