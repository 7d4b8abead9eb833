import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import type { BatchPreview, BatchResult } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type {
  BatchPreviewOutcome,
  BatchRowResult,
  InviteBatchRowsResponse,
  InviteBatchRowView,
  InviteBatchSummary,
} from '../../shared/api-types.js';
import { PREVIEW_LABELS, PREVIEW_OUTCOMES, ROW_RESULTS } from '../../shared/bulk-invite-words.js';
import { allMatchingCustomers } from '../customers/customer-search-all.repo.js';
import { buildPreview, type PreviewInputRow } from './batch-preview.js';
import { fullName, REPORT_HEADER, reportRows } from './batch-report.js';
import { type BatchRecord, type BatchRowRecord, inviteBatchesRepo } from './invite-batches.repo.js';
import { parseSlots } from './parse-slots.js';
import {
  defaultReadBudget,
  detectKind,
  isExampleRow,
  readTemplateRows,
  SpreadsheetError,
} from './spreadsheet/index.js';
import { readStagedRows, stageRows } from './staged-rows.js';

/** A batch still `preparing` this long after it began was left by a process that died. */
const STALE_PREPARING_MS = 60 * 60_000;

export function createInviteBatchesService(deps: Pick<AppDeps, 'database' | 'clock' | 'config'>) {
  const { db } = deps.database;
  const repo = inviteBatchesRepo(db);
  const limits = deps.config.bulkInvites;
  const slots = parseSlots(limits.maxParses);

  async function summaries(batches: BatchRecord[]): Promise<InviteBatchSummary[]> {
    const counts = await repo.counts(batches.map((b) => b.id));
    return batches.map((b) => {
      const preview = Object.fromEntries(PREVIEW_OUTCOMES.map((o) => [o, 0])) as Record<
        BatchPreviewOutcome,
        number
      >;
      const progress = {
        ...Object.fromEntries(ROW_RESULTS.map((r) => [r, 0])),
        total: b.row_count,
      } as Record<BatchRowResult, number> & { total: number };
      for (const c of counts) {
        if (c.batch_id !== b.id) continue;
        preview[c.preview] += Number(c.n);
        progress[c.result] += Number(c.n);
      }
      return {
        id: b.id,
        source: b.source,
        label: b.label,
        status: b.status,
        createdAt: b.created_at.toISOString(),
        createdBy: b.created_by_name,
        confirmedAt: b.confirmed_at?.toISOString() ?? null,
        finishedAt: b.finished_at?.toISOString() ?? null,
        rowCount: b.row_count,
        preview,
        progress,
        paused:
          b.pause_reason && b.resume_at && (b.status === 'running' || b.status === 'cancelling')
            ? { reason: b.pause_reason, resumeAt: b.resume_at.toISOString() }
            : null,
      };
    });
  }

  async function summary(yardId: string, batchId: string): Promise<InviteBatchSummary> {
    const batch = await repo.find(yardId, batchId);
    if (!batch) throw notFound('That bulk invite');
    return (await summaries([batch]))[0];
  }

  /**
   * Matches the rows a thousand at a time and writes each thousand in one statement, with
   * no transaction held across them, so neither this yard's other work nor another yard's
   * waits behind a large file (on PGlite a transaction would hold the only connection).
   * Until every row is written the batch is `preparing` and shown to nobody; if anything
   * fails it is deleted with its rows, so a file either becomes a whole preview or nothing.
   */
  async function createBatch(
    v: { yardId: string; staffId: string | null; source: 'upload' | 'search'; label: string },
    rows: AsyncIterable<PreviewInputRow>,
  ): Promise<InviteBatchSummary> {
    const now = deps.clock.now();
    await repo.deleteStalePreparing(v.yardId, new Date(now.getTime() - STALE_PREPARING_MS));
    const { id } = await repo.insertPreparing({ ...v, now });
    try {
      const count = await buildPreview(db, repo, { yardId: v.yardId, batchId: id, now }, rows);
      if (count === 0) {
        throw new AppError(
          'EMPTY_TEMPLATE',
          v.source === 'upload'
            ? 'The file has no customer rows under the header. Add one row per customer to invite.'
            : 'No customer matches this search.',
        );
      }
      await repo.finishPreparing(v.yardId, id, count);
    } catch (err) {
      await repo.deletePreparing(v.yardId, id);
      throw err;
    }
    return summary(v.yardId, id);
  }

  /**
   * Reads the whole file into parsed rows first (within the reader's budgets), then
   * matches and stores them: no database work waits on parsing, and a file refused at
   * its last row has written nothing.
   */
  async function createFromUpload(
    yardId: string,
    staffId: string,
    file: { name: string; path: string },
  ): Promise<InviteBatchSummary> {
    const release = slots.take(yardId);
    const staged = `${file.path}.rows`;
    try {
      const head = Buffer.alloc(8);
      const handle = await open(file.path, 'r');
      const { bytesRead } = await handle.read(head, 0, 8, 0).finally(() => handle.close());
      const kind = detectKind(file.name, head.subarray(0, bytesRead));
      const rows = readTemplateRows(createReadStream(file.path), {
        kind,
        maxRows: limits.maxRows,
        budget: defaultReadBudget(limits),
      });
      async function* input(): AsyncGenerator<PreviewInputRow> {
        for await (const r of rows) yield { ...r, example: isExampleRow(r) };
      }
      await stageRows(input(), staged);
      return await createBatch(
        { yardId, staffId, source: 'upload', label: file.name || 'Upload' },
        readStagedRows(staged),
      );
    } catch (err) {
      if (err instanceof SpreadsheetError) {
        throw new AppError('INVALID_TEMPLATE', err.message, { row: err.row, column: err.column });
      }
      throw err;
    } finally {
      release();
      await rm(staged, { force: true });
    }
  }

  async function createFromSearch(yardId: string, staffId: string, q: string): Promise<InviteBatchSummary> {
    let rowNumber = 0;
    async function* input(): AsyncGenerator<PreviewInputRow> {
      for await (const page of allMatchingCustomers(db, yardId, q)) {
        for (const c of page) {
          if (++rowNumber > limits.maxRows) {
            throw new AppError(
              'TOO_MANY_ROWS',
              `More than ${limits.maxRows.toLocaleString('en-US')} customers match. Narrow the search, or invite them in several batches.`,
            );
          }
          yield {
            rowNumber,
            number: String(c.customer_number),
            email: c.email,
            name: fullName(c.first_name, c.last_name) || null,
            phone: c.phone,
          };
        }
      }
    }
    const words = q.trim();
    const label = words ? `Customers matching "${words}"` : 'All customers';
    return createBatch({ yardId, staffId, source: 'search', label }, input());
  }

  /** A preview for a list of customers (those an import wrote), in the order given. */
  async function createFromCustomerIds(
    yardId: string,
    staffId: string,
    ids: string[],
    label: string,
  ): Promise<InviteBatchSummary> {
    if (ids.length > limits.maxRows) {
      throw new AppError(
        'TOO_MANY_ROWS',
        `More than ${limits.maxRows.toLocaleString('en-US')} customers. Invite them in several batches.`,
      );
    }
    let rowNumber = 0;
    async function* input(): AsyncGenerator<PreviewInputRow> {
      for (let i = 0; i < ids.length; i += 1000) {
        for (const c of await repo.customersByIds(yardId, ids.slice(i, i + 1000))) {
          yield {
            rowNumber: ++rowNumber,
            number: String(c.customer_number),
            email: c.email,
            name: fullName(c.first_name, c.last_name) || null,
            phone: c.phone,
          };
        }
      }
    }
    return createBatch({ yardId, staffId, source: 'search', label }, input());
  }

  function rowView(r: BatchRowRecord): InviteBatchRowView {
    return {
      rowNumber: r.row_number,
      input: { number: r.input_number, email: r.input_email, name: r.input_name, phone: r.input_phone },
      customer:
        r.customer_id && r.customer_number !== null
          ? {
              id: r.customer_id,
              customerNumber: r.customer_number,
              name: fullName(r.first_name, r.last_name),
              email: r.customer_email,
            }
          : null,
      preview: r.preview,
      previewReason: r.preview_reason ?? PREVIEW_LABELS[r.preview],
      eligibleAt: r.eligible_at?.toISOString() ?? null,
      duplicateOf: r.duplicate_of,
      result: r.result,
      resultReason: r.result_reason,
    };
  }

  async function rows(
    yardId: string,
    batchId: string,
    q: { preview?: BatchPreview; result?: BatchResult; offset?: number; limit?: number },
  ): Promise<InviteBatchRowsResponse> {
    if (!(await repo.find(yardId, batchId))) throw notFound('That bulk invite');
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const page = await repo.rows(yardId, batchId, { ...q, offset, limit: limit + 1 });
    return {
      rows: page.slice(0, limit).map(rowView),
      nextOffset: page.length > limit ? offset + limit : null,
    };
  }

  /** Staff confirm: rows that will not be invited are settled with their reason, the rest wait for the worker. */
  async function confirm(yardId: string, batchId: string, staffId: string): Promise<InviteBatchSummary> {
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const batch = await repo.lock(trx, yardId, batchId);
      if (!batch) throw notFound('That bulk invite');
      if (batch.status !== 'preview') {
        throw new AppError('BATCH_NOT_IN_PREVIEW', `This bulk invite was already ${batch.status}.`);
      }
      if ((await repo.countRows(trx, batchId, 'will_invite')) === 0) {
        throw new AppError(
          'NOTHING_TO_SEND',
          'No row of this file will be invited, so there is nothing to send. Check the reasons in the preview.',
        );
      }
      await repo.skipNotEligible(trx, batchId, now);
      await repo.setStatus(trx, batchId, 'running', { confirmed_at: now, confirmed_by: staffId });
    });
    return summary(yardId, batchId);
  }

  /** A preview is discarded; a running batch stops after the invites already with the mail server. */
  async function cancel(yardId: string, batchId: string): Promise<InviteBatchSummary> {
    await db.transaction().execute(async (trx) => {
      const batch = await repo.lock(trx, yardId, batchId);
      if (!batch) throw notFound('That bulk invite');
      if (batch.status === 'preview') await repo.setStatus(trx, batchId, 'discarded');
      else if (batch.status === 'running') await repo.setStatus(trx, batchId, 'cancelling');
      else if (batch.status !== 'cancelling') {
        throw new AppError('BATCH_FINISHED', `This bulk invite is already ${batch.status}.`);
      }
    });
    return summary(yardId, batchId);
  }

  async function report(yardId: string, batchId: string) {
    const batch = await repo.find(yardId, batchId);
    if (!batch) throw notFound('That bulk invite');
    return { batch, header: REPORT_HEADER, rows: reportRows(repo, yardId, batchId) };
  }

  return {
    summary,
    list: async (yardId: string) => summaries(await repo.list(yardId, 50)),
    createFromUpload,
    createFromSearch,
    createFromCustomerIds,
    rows,
    confirm,
    cancel,
    report,
  };
}

export type InviteBatchesService = ReturnType<typeof createInviteBatchesService>;
