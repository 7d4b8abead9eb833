import { ConfirmDialog } from '../ui/confirm-dialog';
import { plural } from './bulk-invite-words';

interface ConfirmProps {
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Send N portal invites?" — the last step before the emails go out. */
export function SendInvitesDialog({ count, ...confirm }: ConfirmProps & { count: number }) {
  return (
    <ConfirmDialog
      title={`Send ${plural(count, 'portal invite')}?`}
      confirmLabel={`Send ${plural(count, 'invite')}`}
      {...confirm}
    >
      <p>Customers receive the email at the address on file.</p>
      <p className="small muted">Rows not marked ‘Will be invited’ are skipped.</p>
    </ConfirmDialog>
  );
}

/** Stopping a batch part way: what has gone to the mail server still arrives. */
export function StopSendingDialog({ remaining, ...confirm }: ConfirmProps & { remaining: number }) {
  return (
    <ConfirmDialog
      title="Stop sending invites?"
      confirmLabel="Stop sending"
      cancelLabel="Keep sending"
      tone="danger"
      {...confirm}
    >
      <p>
        {remaining > 0
          ? `${plural(remaining, 'customer')} not reached yet will not be invited.`
          : 'The invites that are left will not be sent.'}
      </p>
      <p className="small muted">
        Invites already handed to the mail server are still delivered. The report lists who was invited.
      </p>
    </ConfirmDialog>
  );
}
