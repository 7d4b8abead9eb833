import { ConfirmDialog } from '../ui/confirm-dialog';

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
export function InviteDialog({ email, firstName, yardName, sending, ...confirm }: InviteDialogProps) {
  return (
    <ConfirmDialog title="Invite to your customer portal" confirmLabel="Invite" busy={sending} {...confirm}>
      <p>
        Send the portal invite email to <strong>{email}</strong>?
      </p>
      <p className="small muted">
        {firstName || 'The customer'} gets a link to {yardName}’s portal and only has to pick a password.
        Their account information and order history are already there.
      </p>
    </ConfirmDialog>
  );
}
