import { useCallback, useEffect, useRef, useState } from 'react';
import type { PortalState } from '../../shared/api-types';
import { ApiError, type ApiErrorCode, errorMessage } from '../ui/api';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { formatDate, formatRelative, formatWhen } from '../ui/format';
import { useUniqueId } from '../ui/unique-id';
import { useAt, useNow } from '../ui/use-now';
import { CustomerPasskeys } from './customer-passkeys';
import { InviteDialog } from './invite-dialog';
import { staffApi } from './staff-api';

interface PortalCardProps {
  customerId: string;
  firstName: string;
  yardName: string;
  portal: PortalState;
  /** Shows the portal state the invite answered with, before the full refetch arrives. */
  onPortal: (portal: PortalState) => void;
  /** Refetches the whole profile (timeline included). */
  refresh: () => void;
}

const CONFLICTS = new Set<ApiErrorCode>(['INVITE_TOO_SOON', 'ALREADY_IN_PORTAL', 'NO_EMAIL']);

function conflictMessage(error: ApiError): string {
  const next = error.details.nextInviteAt;
  if (error.code === 'INVITE_TOO_SOON' && typeof next === 'string') {
    return `An invite was sent less than 24 hours ago. You can send it again ${formatWhen(next)}.`;
  }
  return error.message;
}

export function PortalCard({ customerId, firstName, yardName, portal, onPortal, refresh }: PortalCardProps) {
  const now = useNow(30_000);
  const [, setTick] = useState(0);
  const [open, setOpen] = useState(false);
  const [sending, setSending] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const inFlight = useRef(false);
  const statusRef = useRef<HTMLDivElement>(null);
  const explainId = useUniqueId();

  // When the 24 hours are over while the page is open, the button becomes active again.
  const waitOver = useCallback(() => {
    setTick((t) => t + 1);
    refresh();
  }, [refresh]);
  useAt(portal.button === 'wait' ? portal.nextInviteAt : null, waitOver);

  useEffect(() => {
    if (notice || error) statusRef.current?.focus();
  }, [notice, error]);

  const waitIsOver =
    portal.button === 'wait' && portal.nextInviteAt !== null && Date.parse(portal.nextInviteAt) <= Date.now();
  const button = waitIsOver ? 'invite' : portal.button;
  const last = portal.lastInvite;

  const openDialog = () => {
    setDialogError(null);
    setError(null);
    setNotice(null);
    setOpen(true);
  };

  const sendInvite = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSending(true);
    setDialogError(null);
    try {
      const res = await staffApi.invite(customerId);
      onPortal(res.portal);
      setOpen(false);
      setNotice(`Invite sent to ${res.portal.email ?? portal.email}.`);
      refresh();
    } catch (err) {
      if (err instanceof ApiError && CONFLICTS.has(err.code)) {
        setOpen(false);
        setError(conflictMessage(err));
        refresh();
      } else {
        setDialogError(errorMessage(err));
      }
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };

  let body: React.ReactNode;
  if (button === 'in_portal') {
    body = (
      <div className="portal-state">
        <Badge tone="success">IN PORTAL</Badge>
        {portal.account && (
          <p className="muted small">
            Joined {formatDate(portal.account.activatedAt)} · signs in as {portal.account.loginEmail}
          </p>
        )}
        <CustomerPasskeys customerId={customerId} firstName={firstName} />
      </div>
    );
  } else {
    let explain: React.ReactNode = null;
    if (button === 'wait') {
      const sentAt = last?.sentAt ?? last?.createdAt;
      explain = (
        <>
          {last?.status === 'queued'
            ? `The invite email is being sent${sentAt ? ` (queued ${formatRelative(sentAt, now)})` : ''}.`
            : `Invite sent ${sentAt ? formatRelative(sentAt, now) : 'recently'}.`}{' '}
          {portal.nextInviteAt && `You can send it again ${formatWhen(portal.nextInviteAt, now)}.`}
        </>
      );
    } else if (button === 'no_email') {
      explain = portal.reason ?? 'Add an email address to invite this customer.';
    } else if (last && last.status !== 'failed') {
      explain = `Last invite sent ${formatDate(last.sentAt ?? last.createdAt)} and not accepted yet. You can send it again.`;
    } else {
      explain = 'They get an email with a link; all they do is pick a password.';
    }
    body = (
      <div className="portal-state">
        <Button
          variant="primary"
          disabled={button !== 'invite' || sending}
          onClick={openDialog}
          aria-describedby={explainId}
        >
          Invite to Portal
        </Button>
        <p id={explainId} className="muted small">
          {explain}
        </p>
        {portal.email && button !== 'no_email' && <p className="small">Invite goes to {portal.email}</p>}
      </div>
    );
  }

  return (
    <Card title="Customer Portal" className="portal-card">
      {body}
      {last?.status === 'failed' && button !== 'in_portal' && (
        <div className="alert alert-warning small portal-msg">
          The last invite could not be delivered: {last.failureReason ?? 'the mail server refused it.'}
        </div>
      )}
      <div ref={statusRef} tabIndex={-1} className="portal-feedback">
        {error && (
          <div className="alert alert-error small portal-msg" role="alert">
            {error}
          </div>
        )}
        <div role="status">
          {notice && <div className="alert alert-success small portal-msg">{notice}</div>}
        </div>
      </div>
      {open && portal.email && (
        <InviteDialog
          email={portal.email}
          firstName={firstName}
          yardName={yardName}
          sending={sending}
          error={dialogError}
          onConfirm={sendInvite}
          onClose={() => setOpen(false)}
        />
      )}
    </Card>
  );
}
