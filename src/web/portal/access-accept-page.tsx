import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import type { AccessInviteLookupResponse } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { useDocumentTitle } from '../ui/document-title';
import { Field, FormAlert } from '../ui/field';
import { formatDate, setYardTimeZone } from '../ui/format';
import { accessApi, ROLE_WORDS } from './access-api';
import { NewPasswordFields, passwordLength } from './new-password-fields';
import { resetPortalSession } from './portal-api';
import { PortalFrame } from './portal-frame';
import { portalLinks } from './portal-links';

/** What a link that no longer works says, and what to do. */
const PROBLEMS: Record<string, { title: string; text: string }> = {
  INVITE_EXPIRED: {
    title: 'This invitation has expired',
    text: 'Ask the person who invited you to send it again.',
  },
  INVITE_USED: {
    title: 'This invitation was already accepted',
    text: 'Sign in with your email and password.',
  },
  INVITE_SUPERSEDED: {
    title: 'This invitation was replaced by a newer one',
    text: 'Use the link in the most recent email.',
  },
  INVITE_UNKNOWN: {
    title: 'We don’t recognise this link',
    text: 'The link may be incomplete — some email apps break long links. Open it again from the email.',
  },
  ACCESS_INVITE_REVOKED: {
    title: 'This invitation was withdrawn',
    text: 'Ask the person who invited you if you still need access.',
  },
};

/**
 * /portal/:yard/access/:token — an invitation to someone's boats. Opening it never uses it;
 * choosing a password (or signing in, for an address that already signs in here) does.
 */
export function AccessAcceptPage({ yard, token }: { yard: string; token: string }) {
  const lookup = useQuery({
    queryKey: ['portal', yard, 'access-invite', token],
    queryFn: ({ signal }) => accessApi.lookup(yard, token, signal),
    gcTime: 0,
    retry: false,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const invite = lookup.data;
  useDocumentTitle(invite ? `Join ${invite.ownerName} at ${invite.yard.name}` : 'Your invitation');
  const lookupError = lookup.error instanceof ApiError ? lookup.error : null;
  const code = problem ?? (lookupError && PROBLEMS[lookupError.code] ? lookupError.code : null);

  if (code) {
    return (
      <PortalFrame yardName={null}>
        <h1>{PROBLEMS[code].title}</h1>
        <p className="muted">{PROBLEMS[code].text}</p>
        <p>
          <Link {...portalLinks.signIn(yard)} className="btn btn-primary">
            Go to sign in
          </Link>
        </p>
      </PortalFrame>
    );
  }
  if (!invite) {
    return (
      <PortalFrame yardName={null}>
        {lookup.error ? (
          <>
            <h1>We couldn’t open your invitation</h1>
            <p className="muted">{errorMessage(lookup.error)}</p>
          </>
        ) : (
          <Spinner label="Opening your invitation…" />
        )}
      </PortalFrame>
    );
  }
  // The link's expiry on the yard's clock, as the signed-in portal shows times.
  setYardTimeZone(invite.yard.timezone);
  return (
    <PortalFrame yardName={invite.yard.name}>
      <h1>Welcome, {invite.name.split(/\s+/)[0]}</h1>
      <p className="muted">
        {invite.ownerName} shared {invite.boatName ?? 'their boats'} with you at {invite.yard.name}:{' '}
        <strong>{ROLE_WORDS[invite.role].toLowerCase()}</strong>.
      </p>
      <AcceptForm yard={yard} token={token} invite={invite} onProblem={setProblem} />
      <p className="muted small">This link works until {formatDate(invite.expiresAt)}.</p>
    </PortalFrame>
  );
}

function AcceptForm({
  yard,
  token,
  invite,
  onProblem,
}: {
  yard: string;
  token: string;
  invite: AccessInviteLookupResponse;
  onProblem: (code: string) => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { minLength } = invite.passwordRules;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setAlert(null);
    if (!invite.hasAccount) {
      const local: { password?: string; confirm?: string } = {};
      const count = passwordLength(password);
      if (count < minLength)
        local.password = `Your password needs at least ${minLength} characters (it has ${count}).`;
      else if (confirm !== password) local.confirm = 'The two passwords are not the same.';
      setErrors(local);
      if (local.password || local.confirm) return;
    }
    setBusy(true);
    try {
      const me = await accessApi.accept(yard, {
        token,
        password,
        ...(invite.hasAccount ? {} : { confirmPassword: confirm }),
      });
      resetPortalSession(queryClient, yard, me);
      await navigate({ ...portalLinks.home(yard), replace: true });
    } catch (err) {
      setBusy(false);
      if (!(err instanceof ApiError)) return setAlert(errorMessage(err));
      if (PROBLEMS[err.code]) return onProblem(err.code);
      if (err.code === 'WEAK_PASSWORD') return setErrors({ password: err.message });
      if (err.code === 'PASSWORD_MISMATCH') return setErrors({ confirm: err.message });
      setAlert(errorMessage(err));
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormAlert message={alert} />
      <Field
        label="Email"
        type="email"
        name="username"
        autoComplete="username"
        value={invite.email}
        readOnly
      />
      {invite.hasAccount ? (
        <>
          <p className="muted">
            You already sign in to {invite.yard.name} with this address: enter that password.
          </p>
          <Field
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
          />
        </>
      ) : (
        <NewPasswordFields
          label="Choose a password"
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errors={errors}
          rules={invite.passwordRules}
        />
      )}
      <Button type="submit" variant="primary" className="btn-block" busy={busy}>
        {invite.hasAccount ? 'Sign in and accept' : 'Accept and open the portal'}
      </Button>
    </form>
  );
}
