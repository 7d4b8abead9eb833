import { useRef } from 'react';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { plural } from './bulk-invite-words';

interface ConfirmProps {
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

function DialogError({ error }: { error: string | null }) {
  return error ? (
    <div className="alert alert-error" role="alert">
      {error}
    </div>
  ) : null;
}

/** "Send N portal invites?" — the last step before the emails go out. */
export function SendInvitesDialog({
  count,
  busy,
  error,
  onConfirm,
  onClose,
}: ConfirmProps & { count: number }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      title={`Send ${plural(count, 'portal invite')}?`}
      onClose={onClose}
      initialFocus={cancelRef}
      footer={
        <>
          <Button ref={cancelRef} onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" onClick={onConfirm} busy={busy}>
            Send {plural(count, 'invite')}
          </Button>
        </>
      }
    >
      <p>Customers receive the email at the address on file.</p>
      <p className="small muted">Rows not marked ‘Will be invited’ are skipped.</p>
      <DialogError error={error} />
    </Dialog>
  );
}

/** Stopping a batch part way: what has gone to the mail server still arrives. */
export function StopSendingDialog({
  remaining,
  busy,
  error,
  onConfirm,
  onClose,
}: ConfirmProps & { remaining: number }) {
  const keepRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      title="Stop sending invites?"
      onClose={onClose}
      initialFocus={keepRef}
      footer={
        <>
          <Button ref={keepRef} onClick={onClose}>
            Keep sending
          </Button>
          <Button variant="danger" onClick={onConfirm} busy={busy}>
            Stop sending
          </Button>
        </>
      }
    >
      <p>
        {remaining > 0
          ? `${plural(remaining, 'customer')} not reached yet will not be invited.`
          : 'The invites that are left will not be sent.'}
      </p>
      <p className="small muted">
        Invites already handed to the mail server are still delivered. The report lists who was invited.
      </p>
      <DialogError error={error} />
    </Dialog>
  );
}
