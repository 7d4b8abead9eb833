import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppDeps } from '../../server/deps.js';
import { logger } from '../../server/logger.js';
import { holdLease, LeaseLost } from '../bulk-invites/batch-lease.js';
import { startLeaseLoop } from '../bulk-invites/lease-loop.js';
import { importRunRepo, type SettledUnit } from './import-run.repo.js';
import { readRow, type StagedCell } from './row-values.js';
import { type UnitRow, writeUnit } from './write-unit.js';

/**
 * Units written per transaction, each within its own savepoint: a unit that cannot be
 * written rolls back to its savepoint alone, and the chunk's done-marks commit with its rows.
 */
const CHUNK = 200;

export interface ImportRunnerOptions {
  leaseSeconds: number;
  pollMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/**
 * Writes confirmed imports in the worker process, with the bulk invites' lease and polling
 * loop: a job is claimed with a lease in the database and its units (a customer with their
 * boats) are written one transaction each, the unit marked done in the same transaction.
 * After a crash another worker claims the job when the lease runs out and carries on with
 * the units still pending: nothing is written twice.
 */
export function startImportRunner(deps: Pick<AppDeps, 'database' | 'clock'>, opts: ImportRunnerOptions) {
  const { db } = deps.database;
  const repo = importRunRepo(db);
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = opts.log ?? ((msg, err) => logger().error({ err, runner: 'imports' }, `imports: ${msg}`));

  async function drive(
    claim: { id: string; yard_id: string; confirmed_by: string | null },
    isStopping: () => boolean,
  ) {
    const lease = holdLease(
      { ...repo, pause: repo.release, retryCount: async () => 0 },
      { batchId: claim.id, owner, leaseSeconds: opts.leaseSeconds, retrySeconds: 0 },
    );
    const actor = claim.confirmed_by
      ? { kind: 'staff' as const, staffId: claim.confirmed_by }
      : { kind: 'system' as const };
    // The values to write are read again from the staged cells, as the preview read them.
    const job = await repo.jobContext(claim.id);
    const ctx = {
      phoneCountry: job.phone_country,
      lengthUnit: job.length_unit,
      thisYear: deps.clock.now().getUTCFullYear(),
    };
    const read = (file: 'customers' | 'boats', rowNumber: number, cells: StagedCell[]) =>
      readRow(
        cells,
        {
          mapping: (file === 'customers' ? job.mapping.customers : job.mapping.boats) ?? [],
          labels: (file === 'customers' ? job.headers.customers : job.headers.boats) ?? [],
          rowNumber,
          file,
        },
        ctx,
      );
    let chunks = 0;
    try {
      while (!isStopping()) {
        if ((await lease.renew()) !== 'running') break;
        const units = await repo.nextUnits(claim.yard_id, claim.id, CHUNK);
        if (!units.length) {
          await lease.finish('completed', deps.clock.now());
          return;
        }
        const rows = await repo.unitRows(
          claim.id,
          units.map((u) => u.unit_row),
        );
        const byUnit = new Map<number, UnitRow[]>();
        for (const r of rows) {
          const { customer, boat } = read(r.file, r.row_number, r.cells as StagedCell[]);
          const list = byUnit.get(r.unit_row ?? 0) ?? [];
          list.push({ file: r.file, row_number: r.row_number, customer_id: r.customer_id, customer, boat });
          byUnit.set(r.unit_row ?? 0, list);
        }
        await writeChunk(claim, units, byUnit, actor);
        if (deps.database.kind === 'pglite' && ++chunks % 20 === 0) await repo.checkpoint();
        await lease.renewIfDue();
      }
    } catch (err) {
      if (err instanceof LeaseLost) return;
      throw err;
    }
    await lease.release().catch(() => {});
  }

  /**
   * One transaction for a chunk of units, a savepoint for each: the units still pending are
   * taken (locked) first, so a unit another worker wrote meanwhile is skipped, and each
   * unit's done-mark commits together with its customer, boats and audit rows.
   */
  async function writeChunk(
    claim: { id: string; yard_id: string },
    units: { unit_row: number; customer_number: number | null }[],
    byUnit: Map<number, UnitRow[]>,
    actor: { kind: 'staff'; staffId: string } | { kind: 'system' },
  ) {
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const pending = await repo.takeUnits(
        trx,
        claim.id,
        units.map((u) => u.unit_row),
      );
      const settled: SettledUnit[] = [];
      for (const unit of units) {
        if (!pending.has(unit.unit_row)) continue;
        await repo.savepoint(trx);
        try {
          const done = await writeUnit(trx, repo, {
            yardId: claim.yard_id,
            actor,
            now,
            customerNumber: unit.customer_number,
            rows: byUnit.get(unit.unit_row) ?? [],
          });
          await repo.releaseSavepoint(trx);
          settled.push({ unitRow: unit.unit_row, status: 'done', reason: null, ...done });
        } catch (err) {
          // Another customer took the number meanwhile: this one unit is reported, the rest go on.
          if (!isUniqueViolation(err)) throw err;
          await repo.rollbackToSavepoint(trx);
          settled.push({
            unitRow: unit.unit_row,
            status: 'failed',
            result: null,
            reason: `Customer number ${unit.customer_number} was given to another customer meanwhile; nothing of this customer was written. Import the row again.`,
            customerId: null,
            boatsCreated: 0,
            boatsUpdated: 0,
          });
        }
      }
      await repo.settleUnits(trx, claim.id, settled, now);
    });
  }

  const loop = startLeaseLoop({
    claim: (skip) => repo.claim(owner, opts.leaseSeconds, skip),
    drive,
    pollMs: opts.pollMs ?? 1000,
    maxJobs: 1,
    log,
    what: 'import',
  });
  return { owner, ...loop };
}

export type ImportRunner = ReturnType<typeof startImportRunner>;
