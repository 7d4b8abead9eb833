import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { BatchPreviewOutcome, InviteBatchSummary } from '../../shared/api-types';
import { ApiError, errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { formatDateTime } from '../ui/format';
import { useUniqueId } from '../ui/unique-id';
import { SendInvitesDialog, StopSendingDialog } from './batch-dialogs';
import { BatchProgress, PausedBanner } from './batch-progress';
import { OUTCOME, PREVIEW_OUTCOMES, plural } from './bulk-invite-words';
import { bulkInvitesApi, reportHref } from './bulk-invites-api';
import { type Chip, FilterChips } from './filter-chips';

interface PanelProps {
  batch: InviteBatchSummary;
  /** The summary an action answered with. */
  onBatch: (batch: InviteBatchSummary) => void;
  /** Fetches the summary again (after a conflict: someone else acted on the batch). */
  reload: () => void;
}

/** Runs one action at a time; keeps its error for the dialog or the panel. */
function useAction(onBatch: PanelProps['onBatch'], reload: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<InviteBatchSummary>): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setError(null);
    try {
      onBatch(await action());
      return true;
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.status === 409) reload();
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

export function PreviewPanel({
  batch,
  onBatch,
  reload,
  selected,
  onSelect,
}: PanelProps & { selected: BatchPreviewOutcome | null; onSelect: (o: BatchPreviewOutcome | null) => void }) {
  const [dialog, setDialog] = useState(false);
  const send = useAction(onBatch, reload);
  const discard = useAction(onBatch, reload);
  const whyId = useUniqueId();
  const willInvite = batch.preview.will_invite;
  const others = batch.rowCount - willInvite;
  const editable = batch.status === 'preview';

  const chips: Chip<BatchPreviewOutcome>[] = PREVIEW_OUTCOMES.filter(
    (o) => o === 'will_invite' || batch.preview[o] > 0,
  ).map((o) => ({
    key: o,
    label: OUTCOME[o].label,
    tone: OUTCOME[o].tone,
    count: batch.preview[o],
    primary: o === 'will_invite',
  }));

  const confirm = async () => {
    if (await send.run(() => bulkInvitesApi.confirm(batch.id))) setDialog(false);
  };

  return (
    <Card title="Preview" className="batch-panel">
      <p className="batch-lede">
        {willInvite > 0 ? (
          <>
            <strong>{plural(willInvite, 'customer')}</strong> will get the portal invite email.{' '}
          </>
        ) : (
          <>No customer will get an invite from this {batch.source === 'search' ? 'search' : 'file'}. </>
        )}
        {others > 0 &&
          (willInvite === 0
            ? `${others === 1 ? 'The row is' : `All ${plural(others, 'row')} are`} skipped, each with its reason below.`
            : `${plural(others, 'other row')} ${others === 1 ? 'is' : 'are'} skipped, each with its reason below.`)}
      </p>
      <FilterChips
        label="Preview totals"
        total={batch.rowCount}
        chips={chips}
        selected={selected}
        onSelect={onSelect}
      />
      {editable && (
        <div className="batch-actions">
          <div className="btn-row">
            <Button
              variant="primary"
              disabled={willInvite === 0}
              aria-describedby={willInvite === 0 ? whyId : undefined}
              onClick={() => {
                send.setError(null);
                setDialog(true);
              }}
            >
              Send {plural(willInvite, 'invite')}
            </Button>
            <Button onClick={() => discard.run(() => bulkInvitesApi.cancel(batch.id))} busy={discard.busy}>
              Discard
            </Button>
          </div>
          {willInvite === 0 && (
            <p id={whyId} className="muted small">
              Nothing to send: no row is marked ‘Will be invited’. Check the reasons below, correct the file
              and upload it again.
            </p>
          )}
          {discard.error && (
            <div className="alert alert-error small" role="alert">
              {discard.error}
            </div>
          )}
        </div>
      )}
      {dialog && (
        <SendInvitesDialog
          count={willInvite}
          busy={send.busy}
          error={send.error}
          onConfirm={confirm}
          onClose={() => setDialog(false)}
        />
      )}
    </Card>
  );
}

export function SendingPanel({ batch, onBatch, reload }: PanelProps) {
  const [dialog, setDialog] = useState(false);
  const stop = useAction(onBatch, reload);
  const { pending, queued } = batch.progress;
  const stopping = batch.status === 'cancelling';

  const confirm = async () => {
    if (await stop.run(() => bulkInvitesApi.cancel(batch.id))) setDialog(false);
  };

  return (
    <Card title={stopping ? 'Stopping' : 'Sending'} className="batch-panel">
      <BatchProgress batch={batch} />
      <div role="status" className="batch-live">
        {batch.paused && <PausedBanner paused={batch.paused} />}
        {stopping && (
          <p className="alert alert-info small">
            Stopping: the invites already with the mail server finish, the rest are not sent.
          </p>
        )}
      </div>
      <div className="batch-actions">
        <p className="muted small">
          You can leave this page: sending goes on, and its progress is here when you come back.
        </p>
        {!stopping && (
          <div className="btn-row">
            <Button
              onClick={() => {
                stop.setError(null);
                setDialog(true);
              }}
            >
              Cancel sending
            </Button>
          </div>
        )}
      </div>
      {dialog && (
        <StopSendingDialog
          remaining={pending + queued}
          busy={stop.busy}
          error={stop.error}
          onConfirm={confirm}
          onClose={() => setDialog(false)}
        />
      )}
    </Card>
  );
}

export function ResultPanel({ batch }: { batch: InviteBatchSummary }) {
  const { sent, skipped, failed, pending } = batch.progress;
  const cancelled = batch.status === 'cancelled';
  return (
    <Card title={cancelled ? 'Cancelled' : 'Finished'} className="batch-panel">
      <p className="batch-lede" role="status">
        {cancelled ? 'Sending was stopped' : 'All done'}
        {batch.finishedAt ? ` ${formatDateTime(batch.finishedAt)}` : ''}:{' '}
        <strong>{plural(sent, 'invite')}</strong> sent, {skipped.toLocaleString()} skipped,{' '}
        {failed.toLocaleString()} failed
        {pending > 0 ? `, ${pending.toLocaleString()} not sent` : ''}.
      </p>
      <BatchProgress batch={batch} />
      {failed > 0 && (
        <div className="alert alert-warning small">
          {plural(failed, 'invite')} could not be delivered; the Result column and the report give the mail
          server’s reason. Correct the addresses on the customers’ profiles and invite them again.
        </div>
      )}
      <div className="batch-actions">
        <p className="muted small">The report lists every row with what happened to it and why.</p>
        <div className="btn-row">
          <a className="btn btn-secondary" href={reportHref(batch.id, 'csv')} download>
            Download report (CSV)
          </a>
          <a className="btn btn-secondary" href={reportHref(batch.id, 'xlsx')} download>
            Download report (Excel)
          </a>
        </div>
      </div>
    </Card>
  );
}

export function DiscardedPanel() {
  return (
    <div className="alert alert-info batch-discarded" role="status">
      This preview was discarded; nothing was sent. <Link to="/app/invites">Upload another file</Link>
    </div>
  );
}
