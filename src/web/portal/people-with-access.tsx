import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { AccessGrantView, GrantRole, PortalMe } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Badge, type Tone } from '../ui/badge';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Field, FormAlert } from '../ui/field';
import { formatDate } from '../ui/format';
import { useUniqueId } from '../ui/unique-id';
import { accessApi, ROLE_WORDS } from './access-api';

export const GRANT_STATUS: Record<AccessGrantView['status'], { label: string; tone: Tone }> = {
  invited: { label: 'Invited', tone: 'info' },
  active: { label: 'Has access', tone: 'success' },
  expired: { label: 'Invitation expired', tone: 'warning' },
  revoked: { label: 'Access ended', tone: 'neutral' },
};

const ROLES: GrantRole[] = ['view', 'approve', 'pay'];

/**
 * "People with access" on the account page: the owner invites a co-owner, captain or manager
 * by email to one boat or all, with a role, sees who has access and ends it at once.
 */
export function PeopleWithAccess({ yard, me }: { yard: string; me: PortalMe }) {
  const queryClient = useQueryClient();
  const key = ['portal', yard, 'access'];
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => accessApi.list(yard, signal) });
  const [revoking, setRevoking] = useState<AccessGrantView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const grants = list.data?.grants ?? [];
  const shown = grants.filter((g) => g.status !== 'revoked');

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(key, await accessApi.revoke(yard, revoking.id));
      setRevoking(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="muted">
        Let a co-owner, captain or manager see your boats at {me.yard.name} with their own sign-in. You choose
        what they may do, and you can end it at any time.
      </p>
      {list.error && <FormAlert message={errorMessage(list.error)} />}
      {shown.length > 0 && (
        <ul className="access-list" aria-label="People with access">
          {shown.map((g) => (
            <li key={g.id}>
              <div className="access-who">
                <strong>{g.name}</strong>{' '}
                <Badge tone={GRANT_STATUS[g.status].tone}>{GRANT_STATUS[g.status].label}</Badge>
                <span className="muted">
                  {g.email} · {ROLE_WORDS[g.role]} · {g.boatName ?? 'All boats'}
                  {g.status === 'invited' && g.linkExpiresAt
                    ? ` · link works until ${formatDate(g.linkExpiresAt)}`
                    : ''}
                </span>
              </div>
              <Button variant="danger" size="sm" onClick={() => setRevoking(g)}>
                {g.status === 'active' ? 'Remove access' : 'Cancel invitation'}
                <span className="visually-hidden"> for {g.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <InviteForm
        yard={yard}
        me={me}
        onInvited={() => void queryClient.invalidateQueries({ queryKey: key })}
      />
      {revoking && (
        <ConfirmDialog
          title={`Remove ${revoking.name}'s access?`}
          confirmLabel="Remove access"
          tone="danger"
          busy={busy}
          error={error}
          onConfirm={revoke}
          onClose={() => {
            setRevoking(null);
            setError(null);
          }}
        >
          <p>
            {revoking.name} ({revoking.email}) will be signed out of your account at once and can no longer
            see {revoking.boatName ?? 'your boats'}.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function InviteForm({ yard, me, onInvited }: { yard: string; me: PortalMe; onInvited: () => void }) {
  const id = useUniqueId('share');
  const [role, setRole] = useState<GrantRole>('view');
  const [boatId, setBoatId] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setAlert(null);
    setDone(null);
    setFields({});
    try {
      const res = await accessApi.invite(yard, {
        name: String(data.get('name') ?? '').trim(),
        email: String(data.get('email') ?? '').trim(),
        role,
        boatId: boatId || null,
      });
      setDone(res.message);
      form.reset();
      onInvited();
    } catch (err) {
      const f =
        err instanceof ApiError ? (err.details?.fields as Record<string, string> | undefined) : undefined;
      if (f) setFields(f);
      else setAlert(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form access-form" onSubmit={submit} noValidate>
      <h3>Invite someone</h3>
      <FormAlert message={alert} />
      {done && (
        <div className="alert alert-success" role="status">
          {done}
        </div>
      )}
      <Field label="Their name" name="name" autoComplete="off" required error={fields.name} />
      <Field label="Their email" name="email" type="email" autoComplete="off" required error={fields.email} />
      <div className={`field ${fields.boatId ? 'has-error' : ''}`}>
        <label htmlFor={`${id}-boat`}>Boats</label>
        <select id={`${id}-boat`} value={boatId} onChange={(e) => setBoatId(e.target.value)}>
          <option value="">All my boats</option>
          {me.boats.map((b) => (
            <option key={b.id} value={b.id}>
              Only {b.name}
            </option>
          ))}
        </select>
        {fields.boatId && <div className="field-error">{fields.boatId}</div>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>What they may do</label>
        <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as GrantRole)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_WORDS[r]}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="primary" busy={busy}>
        Send invitation
      </Button>
    </form>
  );
}
