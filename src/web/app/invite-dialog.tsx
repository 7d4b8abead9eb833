import { useRef } from 'react';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';

interface InviteDialogProps {
  email: string;
  firstName: string;
  yardName: string;
  sending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Send the portal invite email to <email>?" with Cancel and Invite. */
export function InviteDialog({
  email,
  firstName,
  yardName,
  sending,
  error,
  onConfirm,
  onClose,
}: InviteDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      title="Invite to your customer portal"
      onClose={onClose}
      initialFocus={cancelRef}
      footer={
        <>
          <Button ref={cancelRef} onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" onClick={onConfirm} busy={sending}>
            Invite
          </Button>
        </>
      }
    >
      <p>
        Send the portal invite email to <strong>{email}</strong>?
      </p>
      <p className="small muted">
        {firstName || 'The customer'} gets a link to {yardName}’s portal and only has to pick a password.
        Their account information and order history are already there.
      </p>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
