import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { StaffRoleName, StaffUserList, StaffUserView } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Spinner } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Dialog } from '../ui/dialog';
import { useDocumentTitle } from '../ui/document-title';
import { Field, FormAlert } from '../ui/field';
import { formatDate, formatWhen } from '../ui/format';
import { type Column, Table } from '../ui/table';
import { SelectField } from './labelled-controls';
import { ROLE_LABELS, staffUsersApi, staffUsersQuery } from './staff-users-api';
import './staff-users.css';

const ROLES = Object.keys(ROLE_LABELS) as StaffRoleName[];

const STATUS = {
  active: { label: 'Active', tone: 'success' },
  invited: { label: 'Invited', tone: 'info' },
  deactivated: { label: 'Deactivated', tone: 'neutral' },
} as const;

/** /app/settings/staff — the owner's staff users: invite, change roles, deactivate. */
export function StaffUsersPage() {
  useDocumentTitle('Staff users');
  const queryClient = useQueryClient();
  const users = useQuery(staffUsersQuery);
  const [inviting, setInviting] = useState(false);
  const [deactivating, setDeactivating] = useState<StaffUserView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const done = (list: StaffUserList, message: string) => {
    queryClient.setQueryData(staffUsersQuery.queryKey, list);
    setProblem(null);
    setNotice(message);
  };
  const act = useMutation({
    mutationFn: (a: { user: StaffUserView; action: 'deactivate' | 'reactivate' | 'resend-invite' }) =>
      staffUsersApi.act(a.user.id, a.action),
    onSuccess: (list, { user, action }) => {
      setDeactivating(null);
      done(
        list,
        action === 'deactivate'
          ? `${user.name} is deactivated and was signed out.`
          : action === 'reactivate'
            ? `${user.name} can sign in again.`
            : `A new link is on its way to ${user.email}.`,
      );
    },
    onError: (err) => setProblem(errorMessage(err)),
  });
  const setRole = useMutation({
    mutationFn: (a: { user: StaffUserView; role: StaffRoleName }) => staffUsersApi.setRole(a.user.id, a.role),
    onSuccess: (list, { user, role }) =>
      done(list, `${user.name} is now ${ROLE_LABELS[role].label.toLowerCase()}.`),
    onError: (err) => setProblem(errorMessage(err)),
  });

  const columns: Column<StaffUserView>[] = [
    {
      header: 'Name',
      cellClassName: 'cell-a',
      cell: (u) => (
        <>
          <strong>{u.name}</strong>
          {u.isYou && <span className="muted"> (you)</span>}
          <div className="small muted">{u.email}</div>
        </>
      ),
    },
    {
      header: 'Role',
      cellClassName: 'cell-c',
      cell: (u) => (
        <select
          className="staff-role-select"
          aria-label={`Role of ${u.name}`}
          value={u.role}
          disabled={setRole.isPending}
          onChange={(e) => setRole.mutate({ user: u, role: e.target.value as StaffRoleName })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r].label}
            </option>
          ))}
        </select>
      ),
    },
    {
      header: 'Status',
      cellClassName: 'cell-b',
      cell: (u) => (
        <>
          <Badge tone={STATUS[u.status].tone}>{STATUS[u.status].label}</Badge>
          {u.status === 'invited' && u.linkExpiresAt && (
            <div className="small muted">
              {new Date(u.linkExpiresAt).getTime() > Date.now()
                ? `Link works until ${formatDate(u.linkExpiresAt)}`
                : `Link expired ${formatDate(u.linkExpiresAt)}: send a new one`}
            </div>
          )}
          {u.status === 'active' && u.lastSeenAt && (
            <div className="small muted">Seen {formatWhen(u.lastSeenAt)}</div>
          )}
        </>
      ),
    },
    {
      header: <span className="visually-hidden">Actions</span>,
      cellClassName: 'cell-d',
      cell: (u) => (
        <div className="row-actions">
          {u.status === 'invited' && (
            <Button size="sm" onClick={() => act.mutate({ user: u, action: 'resend-invite' })}>
              Send a new link
            </Button>
          )}
          {u.status === 'deactivated' ? (
            <Button size="sm" onClick={() => act.mutate({ user: u, action: 'reactivate' })}>
              Reactivate
            </Button>
          ) : (
            !u.isYou && (
              <Button size="sm" variant="danger" onClick={() => setDeactivating(u)}>
                Deactivate
              </Button>
            )
          )}
        </div>
      ),
    },
  ];

  return (
    <div className="stack staff-users">
      <div className="page-header">
        <div>
          <h1>Staff users</h1>
          <p className="subtitle">Who works in this dashboard, and what their role lets them do.</p>
        </div>
        <Button variant="primary" onClick={() => setInviting(true)}>
          Invite staff
        </Button>
      </div>
      {notice && (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      )}
      {problem && (
        <div className="alert alert-error" role="alert">
          {problem}
        </div>
      )}
      {users.error ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(users.error)}
        </div>
      ) : !users.data ? (
        <Spinner />
      ) : (
        <Table
          columns={columns}
          rows={users.data.staff}
          rowKey={(u) => u.id}
          label="Staff users"
          className="table-cards"
        />
      )}
      <dl className="small muted role-legend">
        {ROLES.map((r) => (
          <div key={r}>
            <dt>{ROLE_LABELS[r].label}</dt>
            <dd>{ROLE_LABELS[r].can}</dd>
          </div>
        ))}
      </dl>
      {inviting && (
        <InviteStaffDialog
          onClose={() => setInviting(false)}
          onInvited={(list, email) => {
            setInviting(false);
            done(list, `An invite with a link to pick a password is on its way to ${email}.`);
          }}
        />
      )}
      {deactivating && (
        <ConfirmDialog
          title={`Deactivate ${deactivating.name}?`}
          confirmLabel="Deactivate"
          tone="danger"
          busy={act.isPending}
          error={act.error ? errorMessage(act.error) : null}
          onConfirm={() => act.mutate({ user: deactivating, action: 'deactivate' })}
          onClose={() => {
            setDeactivating(null);
            act.reset();
          }}
        >
          <p>
            {deactivating.name} is signed out at once and cannot sign in until reactivated. Their work stays
            as it is.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function InviteStaffDialog({
  onClose,
  onInvited,
}: {
  onClose: () => void;
  onInvited: (list: StaffUserList, email: string) => void;
}) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<StaffRoleName>('office');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setAlert(null);
    try {
      onInvited(await staffUsersApi.invite({ name, email, role }), email.trim());
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.details?.fields) {
        setErrors(err.details.fields as Record<string, string>);
      } else if (err instanceof ApiError && err.details?.field) {
        setErrors({ [String(err.details.field)]: err.message });
      } else {
        setAlert(errorMessage(err));
      }
    }
  };

  return (
    <Dialog
      title="Invite a staff member"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={() => void submit()}>
            Send invite
          </Button>
        </>
      }
    >
      <form className="form staff-invite-form" onSubmit={submit} noValidate>
        <FormAlert message={alert} />
        <Field
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          autoComplete="off"
        />
        <Field
          label="Email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          autoComplete="off"
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as StaffRoleName)}
          hint={ROLE_LABELS[role].can}
          error={errors.role}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r].label}
            </option>
          ))}
        </SelectField>
        <p className="small muted">They get an email with a link to pick a password; it works for 7 days.</p>
        {/* Enter in a field sends the form. */}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
