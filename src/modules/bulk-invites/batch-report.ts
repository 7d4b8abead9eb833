import { PREVIEW_LABELS, RESULT_LABELS } from '../../shared/bulk-invite-words.js';
import { utcTime } from './batch-preview.js';
import type { InviteBatchesRepo } from './invite-batches.repo.js';

/** The downloadable report of a bulk invite (CSV and .xlsx): one line per row of the file. */

export const fullName = (first: string | null, last: string | null) =>
  [first, last].filter(Boolean).join(' ');

export const REPORT_HEADER = [
  'Row',
  'Customer number',
  'Customer name',
  'Email on file',
  'File: customer number',
  'File: email',
  'File: name',
  'File: phone',
  'Preview',
  'Result',
  'Reason',
  'Finished (UTC)',
];

/** Every row with its outcome and reason, read a thousand rows at a time. */
export async function* reportRows(
  repo: Pick<InviteBatchesRepo, 'rows'>,
  yardId: string,
  batchId: string,
): AsyncGenerator<string[]> {
  let afterRow = 0;
  for (;;) {
    const page = await repo.rows(yardId, batchId, { afterRow, limit: 1000 });
    for (const r of page) {
      yield [
        String(r.row_number),
        r.customer_number === null ? '' : String(r.customer_number),
        fullName(r.first_name, r.last_name),
        r.customer_email ?? '',
        r.input_number ?? '',
        r.input_email ?? '',
        r.input_name ?? '',
        r.input_phone ?? '',
        PREVIEW_LABELS[r.preview],
        RESULT_LABELS[r.result],
        r.result_reason ??
          (r.result === 'sent' ? `Invite sent to ${r.customer_email ?? ''}.` : (r.preview_reason ?? '')),
        r.finished_at ? utcTime(r.finished_at) : '',
      ];
    }
    if (page.length < 1000) return;
    afterRow = page[page.length - 1].row_number;
  }
}
