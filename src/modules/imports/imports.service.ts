// Longer than 300 lines: the upload, mapping, preview, confirmation and report of an import read
// as one story; the pieces they call (reading rows, deciding rows, writing units) live apart.
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type {
  ImportField,
  ImportHeaders,
  ImportMapping,
  ImportOutcome,
  ImportRowsResponse,
  ImportSummary,
} from '../../shared/api-types.js';
import { createInviteBatchesService } from '../bulk-invites/invite-batches.service.js';
import { parseSlots } from '../bulk-invites/parse-slots.js';
import {
  columnLetter,
  defaultReadBudget,
  detectKind,
  readSheetRows,
  SpreadsheetError,
  tooManyRows,
} from '../bulk-invites/spreadsheet/index.js';
import { readStagedRows, stageRows } from '../bulk-invites/staged-rows.js';
import { guessMapping, headerKey } from './import-fields.js';
import { buildImportPreview } from './import-preview.js';
import { importUnitsRepo } from './import-units.repo.js';
import { type ImportFileName, type ImportJob, importsRepo } from './imports.repo.js';
import { checkMapping } from './mapping-rules.js';
import { readRow, type StagedCell } from './row-values.js';

/** A job still `staging` this long after it began was left by a process that died. */
const STALE_STAGING_MS = 60 * 60_000;
const OUTCOMES: ImportOutcome[] = ['create', 'update', 'no_change', 'duplicate', 'invalid'];

interface Staged {
  rowNumber: number;
  cells: StagedCell[];
}

export function createImportsService(deps: Pick<AppDeps, 'database' | 'clock' | 'config'>) {
  const { db } = deps.database;
  const repo = importsRepo(db);
  const units = importUnitsRepo(db);
  const limits = deps.config.bulkInvites;
  const slots = parseSlots(limits.maxParses);
  const invites = createInviteBatchesService(deps);
  /** Between chunks of a large file: PGlite's write-ahead log is recycled (it has no checkpointer). */
  const settle = deps.database.kind === 'pglite' ? repo.checkpoint : async () => {};

  /** Reads a file with the bulk invites' reader and budgets into a file of rows on disk. */
  async function spool(file: { name: string; path: string }, which: ImportFileName) {
    const head = Buffer.alloc(8);
    const handle = await open(file.path, 'r');
    const { bytesRead } = await handle.read(head, 0, 8, 0).finally(() => handle.close());
    const kind = detectKind(file.name, head.subarray(0, bytesRead));
    let labels: string[] = [];
    const rows = readSheetRows(createReadStream(file.path), {
      kind,
      budget: defaultReadBudget(limits),
      emptyMessage: `The ${which} file is empty. Export it again from the old system, with its header row.`,
      onHeader: (cells) => {
        labels = cells.map((c, i) => c || columnLetter(i));
      },
    });
    let count = 0;
    async function* staged(): AsyncGenerator<Staged> {
      for await (const raw of rows) {
        if (++count > limits.maxRows) throw tooManyRows(limits.maxRows);
        yield { rowNumber: raw.rowNumber, cells: Array.from(raw.cells, (c) => c ?? null) };
      }
    }
    const path = `${file.path}.rows`;
    await stageRows(staged(), path);
    if (count === 0) {
      await rm(path, { force: true });
      throw new AppError('EMPTY_TEMPLATE', `The ${which} file has no rows under its header.`);
    }
    return { path, labels, count };
  }

  async function summaries(jobs: ImportJob[]): Promise<ImportSummary[]> {
    const ids = jobs.map((j) => j.id);
    const [outcomes, unitRows] = await Promise.all([repo.outcomeCounts(ids), repo.unitCounts(ids)]);
    return Promise.all(
      jobs.map(async (j) => {
        const preview = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<ImportOutcome, number>;
        for (const c of outcomes) if (c.import_id === j.id && c.outcome) preview[c.outcome] += Number(c.n);
        const progress = {
          units: 0,
          done: 0,
          failed: 0,
          customersCreated: 0,
          customersUpdated: 0,
          customersUnchanged: 0,
          boatsCreated: 0,
          boatsUpdated: 0,
        };
        for (const u of unitRows) {
          if (u.import_id !== j.id) continue;
          const n = Number(u.n);
          progress.units += n;
          if (u.status === 'done') progress.done += n;
          if (u.status === 'failed') progress.failed += n;
          if (u.result === 'created') progress.customersCreated += n;
          if (u.result === 'updated') progress.customersUpdated += n;
          if (u.result === 'unchanged') progress.customersUnchanged += n;
          progress.boatsCreated += Number(u.boats_created ?? 0);
          progress.boatsUpdated += Number(u.boats_updated ?? 0);
        }
        const sample = async (file: ImportFileName) =>
          (await repo.samples(j.id, file)).map((r) =>
            (r.cells as StagedCell[]).map((c) => (typeof c === 'string' ? c : c ? c.text : '')),
          );
        return {
          id: j.id,
          label: j.label,
          status: j.status,
          createdAt: j.created_at.toISOString(),
          confirmedAt: j.confirmed_at?.toISOString() ?? null,
          finishedAt: j.finished_at?.toISOString() ?? null,
          headers: j.headers,
          mapping: j.mapping,
          mappingSaved: Boolean(await repo.savedMapping(j.yard_id, headerKey(j.headers))),
          samples: {
            customers: await sample('customers'),
            boats: j.headers.boats ? await sample('boats') : [],
          },
          rowCount: j.row_count,
          preview,
          progress,
        };
      }),
    );
  }

  async function job(yardId: string, id: string) {
    const found = await repo.find(yardId, id);
    if (!found) throw notFound('That import');
    return found;
  }
  const summary = async (yardId: string, id: string) => (await summaries([await job(yardId, id)]))[0];

  async function yardContext(yardId: string) {
    const yard = await repo.yardSettings(yardId);
    return {
      phoneCountry: yard.phone_country,
      lengthUnit: yard.length_unit,
      thisYear: deps.clock.now().getUTCFullYear(),
    };
  }

  async function preview(yardId: string, j: ImportJob, mapping: ImportMapping) {
    await repo.setMapping(yardId, j.id, mapping);
    await buildImportPreview(
      repo,
      { yardId, importId: j.id, headers: j.headers, mapping },
      await yardContext(yardId),
      settle,
    );
    await repo.setStatus(yardId, j.id, ['mapping', 'preview'], 'preview');
  }

  /**
   * Reads the upload (one file, or customers and boats) into rows on disk within the
   * reader's budgets, then stores them a thousand at a time with no transaction held. The
   * mapping is the one saved for this header set, else a guess; with a saved mapping the
   * preview is made at once.
   */
  async function createFromUpload(
    yardId: string,
    staffId: string,
    files: { customers: { name: string; path: string }; boats: { name: string; path: string } | null },
  ): Promise<ImportSummary> {
    const release = slots.take(yardId);
    const spooled: { path: string }[] = [];
    let jobId: string | null = null;
    try {
      const customers = await spool(files.customers, 'customers');
      spooled.push(customers);
      const boats = files.boats ? await spool(files.boats, 'boats') : null;
      if (boats) spooled.push(boats);
      const headers: ImportHeaders = { customers: customers.labels, boats: boats?.labels ?? null };
      const saved = await repo.savedMapping(yardId, headerKey(headers));
      const mapping = saved?.mapping ?? guessMapping(headers);
      const now = deps.clock.now();
      await repo.deleteStaleStaging(yardId, new Date(now.getTime() - STALE_STAGING_MS));
      const label = [files.customers.name, files.boats?.name].filter(Boolean).join(' + ') || 'Upload';
      jobId = (await repo.insertJob({ yardId, staffId, label, headers, mapping, now })).id;
      for (const [which, s] of [
        ['customers', customers],
        ['boats', boats],
      ] as const) {
        if (!s) continue;
        let chunk: Staged[] = [];
        let chunks = 0;
        for await (const row of readStagedRows<Staged>(s.path)) {
          chunk.push(row);
          if (chunk.length === 1000) {
            await repo.insertRows(yardId, jobId, which, chunk);
            chunk = [];
            if (++chunks % 20 === 0) await settle();
          }
        }
        await repo.insertRows(yardId, jobId, which, chunk);
      }
      await repo.finishStaging(yardId, jobId, customers.count + (boats?.count ?? 0), headers, mapping);
      const j = await job(yardId, jobId);
      if (saved && !checkMapping(headers, mapping)) await preview(yardId, j, mapping);
      return summary(yardId, jobId);
    } catch (err) {
      if (jobId) await repo.deleteJob(yardId, jobId);
      if (err instanceof SpreadsheetError) {
        throw new AppError('INVALID_TEMPLATE', err.message, { row: err.row, column: err.column });
      }
      throw err;
    } finally {
      release();
      for (const s of spooled) await rm(s.path, { force: true });
    }
  }

  /** Staff's mapping: checked, saved for this header set when asked, and the preview made again. */
  async function setMapping(
    yardId: string,
    staffId: string,
    id: string,
    body: { mapping: ImportMapping; save: boolean },
  ): Promise<ImportSummary> {
    const j = await job(yardId, id);
    if (j.status !== 'mapping' && j.status !== 'preview') {
      throw new AppError('IMPORT_NOT_IN_PREVIEW', `This import is already ${j.status}.`);
    }
    const problem = checkMapping(j.headers, body.mapping);
    if (problem) throw new AppError('VALIDATION', problem.message, { fields: { mapping: problem.message } });
    const release = slots.take(yardId);
    try {
      if (body.save)
        await repo.saveMapping(yardId, headerKey(j.headers), body.mapping, staffId, deps.clock.now());
      await preview(yardId, j, body.mapping);
    } finally {
      release();
    }
    return summary(yardId, id);
  }

  async function rows(
    yardId: string,
    id: string,
    q: { outcome?: ImportOutcome; offset?: number; limit?: number },
  ): Promise<ImportRowsResponse> {
    const j = await job(yardId, id);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const page = await repo.rows(yardId, id, { outcome: q.outcome, offset, limit: limit + 1 });
    const ctx = await yardContext(yardId);
    // The mapped values are read from the cells for the page shown; only the decision is stored.
    const values = (r: (typeof page)[number]) =>
      readRow(
        r.cells as StagedCell[],
        {
          mapping: (r.file === 'customers' ? j.mapping.customers : j.mapping.boats) ?? [],
          labels: (r.file === 'customers' ? j.headers.customers : j.headers.boats) ?? [],
          rowNumber: r.row_number,
          file: r.file,
        },
        ctx,
      ).values as Record<string, string | null>;
    return {
      rows: page.slice(0, limit).map((r) => ({
        file: r.file,
        rowNumber: r.row_number,
        outcome: r.outcome ?? 'invalid',
        reason: r.reason ?? '',
        values: values(r),
        customerId: r.customer_id,
      })),
      nextOffset: page.length > limit ? offset + limit : null,
    };
  }

  /** Staff confirm: each customer of the preview becomes a unit the worker writes. */
  async function confirm(yardId: string, id: string, staffId: string): Promise<ImportSummary> {
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const j = await units.lock(trx, yardId, id);
      if (!j || j.status === 'staging') throw notFound('That import');
      if (j.status !== 'preview') {
        throw new AppError(
          'IMPORT_NOT_IN_PREVIEW',
          `This import is ${j.status}; only a previewed import can be confirmed.`,
        );
      }
      await units.createUnits(trx, yardId, id);
      await units.start(trx, id, staffId, now);
    });
    return summary(yardId, id);
  }

  async function discard(yardId: string, id: string): Promise<ImportSummary> {
    const j = await job(yardId, id);
    if (!(await repo.setStatus(yardId, id, ['mapping', 'preview'], 'discarded'))) {
      throw new AppError('IMPORT_NOT_IN_PREVIEW', `This import is already ${j.status}.`);
    }
    return summary(yardId, id);
  }

  /** The bulk-invite preview for every customer the import wrote. */
  async function invite(yardId: string, id: string, staffId: string) {
    const j = await job(yardId, id);
    if (j.status !== 'completed') {
      throw new AppError(
        'IMPORT_NOT_FINISHED',
        'Invite the imported customers once the import has finished.',
      );
    }
    const ids = await repo.importedCustomerIds(yardId, id);
    const batch = await invites.createFromCustomerIds(
      yardId,
      staffId,
      ids,
      `Customers imported from ${j.label}`,
    );
    return { batchId: batch.id };
  }

  /** Rows not imported (invalid or duplicate), with the reason, as the report's rows. */
  async function* problemRows(yardId: string, id: string): AsyncGenerator<string[]> {
    let after = { file: '~', row: 0 };
    for (;;) {
      const page = await repo.problemRows(yardId, id, after, 1000);
      if (!page.length) return;
      for (const r of page) {
        const cells = (r.cells as StagedCell[]).map((c) => (typeof c === 'string' ? c : c ? c.text : ''));
        yield [r.file, String(r.row_number), r.outcome ?? '', r.reason ?? '', ...cells];
      }
      const last = page[page.length - 1];
      after = { file: last.file, row: last.row_number };
    }
  }

  async function report(yardId: string, id: string) {
    const j = await job(yardId, id);
    const header = ['File', 'Row', 'Outcome', 'Reason', ...j.headers.customers];
    return { job: j, header, rows: problemRows(yardId, id) };
  }

  return {
    summary,
    list: async (yardId: string) => summaries(await repo.list(yardId, 20)),
    createFromUpload,
    setMapping,
    rows,
    confirm,
    discard,
    invite,
    report,
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
export type { ImportField };
