import { type ReactNode, useRef } from 'react';
import { Button } from './button';
import { Dialog } from './dialog';

interface ConfirmDialogProps {
  title: string;
  /** The confirming button's label: "Send 3 invites", "Stop sending". */
  confirmLabel: string;
  /** The button that closes without doing anything; it has the focus when the dialog opens. */
  cancelLabel?: string;
  /** A danger confirm is drawn red: stopping, declining, resetting. */
  tone?: 'primary' | 'danger';
  busy: boolean;
  /** Why the last attempt failed, shown inside the dialog. */
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * "Are you sure?" before an action that sends email or cannot be undone. The safe choice
 * has the focus, so Enter on an unexpected dialog does nothing harmful.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  cancelLabel = 'Cancel',
  tone = 'primary',
  busy,
  error,
  onConfirm,
  onClose,
  children,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      title={title}
      onClose={onClose}
      initialFocus={cancelRef}
      footer={
        <>
          <Button ref={cancelRef} onClick={onClose}>
            {cancelLabel}
          </Button>
          <Button variant={tone} onClick={onConfirm} busy={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
