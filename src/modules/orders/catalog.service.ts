import type { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type { CatalogJobInput, CatalogJobPatch } from '../../shared/api-schemas/order-editing.js';
import type { CatalogJobView, CatalogListResponse } from '../../shared/api-types.js';
import { type CatalogRow, catalogRepo } from './catalog.repo.js';
import { defaultTaxClass } from './money.js';
import { type LineInput, prepareLines } from './order-lines.js';

type JobInput = z.output<typeof CatalogJobInput>;
type JobPatch = z.output<typeof CatalogJobPatch>;

/** A stored catalog line: what staff typed, the tax class filled in; a per-foot quantity may be left for the boat. */
export type CatalogLine = CatalogJobView['lines'][number];

/**
 * Checks a job's lines by the same rules as an order's (a per-foot line without a
 * quantity is checked at one foot; it takes the boat's length when added to an order).
 */
export function catalogLines(lines: readonly LineInput[]): CatalogLine[] {
  prepareLines(lines, '1');
  return lines.map((l) => ({
    kind: l.kind,
    description: l.description,
    quantity: l.quantity?.trim() || null,
    unitPriceCents: l.unitPriceCents,
    taxClass: l.taxClass ?? defaultTaxClass(l.kind),
    optional: l.optional ?? false,
    note: l.note || null,
    technician: l.kind === 'labor' ? l.technician || null : null,
    partNumber: l.kind === 'part' ? l.partNumber || null : null,
  }));
}

/** A stored job's lines, with the defaults of anything an older or hand-made row left out. */
function storedLines(job: Pick<CatalogRow, 'lines'>): CatalogLine[] {
  return (job.lines as Partial<CatalogLine>[]).map((l) => ({
    kind: l.kind ?? 'fee',
    description: l.description ?? '',
    quantity: l.quantity ?? null,
    unitPriceCents: l.unitPriceCents ?? 0,
    taxClass: l.taxClass ?? defaultTaxClass(l.kind ?? 'fee'),
    optional: l.optional ?? false,
    note: l.note ?? null,
    technician: l.technician ?? null,
    partNumber: l.partNumber ?? null,
  }));
}

/** A stored job's lines, as order lines to prepare. */
export function linesOfJob(job: Pick<CatalogRow, 'lines'>): LineInput[] {
  return storedLines(job).map((l) => ({ ...l, quantity: l.quantity ?? undefined }));
}

export function jobView(row: CatalogRow): CatalogJobView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    lines: storedLines(row),
    archivedAt: row.archived_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Who sees the catalog's prices: everyone but a technician, who has no money (docs/yards.md). */
export const seesCatalogPrices = (role: string) => role !== 'technician';

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

/** The yard's canned jobs: list, add, edit, archive. */
export function createCatalogService(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const repo = catalogRepo(deps.database.db);

  async function assertFreeName(yardId: string, name: string, exceptId?: string) {
    if (await repo.nameTaken(yardId, name, exceptId)) {
      throw new AppError('CATALOG_NAME_TAKEN', `The catalog already has a job called "${name}".`);
    }
  }

  const taken = (name: string) =>
    new AppError('CATALOG_NAME_TAKEN', `The catalog already has a job called "${name}".`);

  return {
    /** The jobs; without `prices` (a technician's list) the lines carry no money. */
    async list(yardId: string, includeArchived: boolean, prices: boolean): Promise<CatalogListResponse> {
      const jobs = (await repo.list(yardId, includeArchived)).map(jobView);
      if (prices) return { jobs, prices };
      return {
        jobs: jobs.map((job) => ({ ...job, lines: job.lines.map(({ unitPriceCents: _, ...line }) => line) })),
        prices,
      };
    },

    async create(yardId: string, input: JobInput) {
      const lines = catalogLines(input.lines);
      await assertFreeName(yardId, input.name);
      try {
        const row = await repo.insert({
          yardId,
          name: input.name,
          description: input.description || null,
          lines,
          now: deps.clock.now(),
        });
        return jobView(row);
      } catch (e) {
        if (isUniqueViolation(e)) throw taken(input.name);
        throw e;
      }
    },

    async update(yardId: string, id: string, patch: JobPatch) {
      const job = await repo.find(yardId, id);
      if (!job) throw notFound('That catalog job');
      const lines = patch.lines ? catalogLines(patch.lines) : undefined;
      if (patch.name !== undefined) await assertFreeName(yardId, patch.name, id);
      try {
        const row = await repo.update(yardId, id, {
          name: patch.name,
          description: patch.description === undefined ? undefined : patch.description || null,
          lines,
          now: deps.clock.now(),
        });
        if (!row) throw notFound('That catalog job');
        return jobView(row);
      } catch (e) {
        if (isUniqueViolation(e)) throw taken(patch.name ?? job.name);
        throw e;
      }
    },

    async archive(yardId: string, id: string) {
      const row = await repo.archive(yardId, id, deps.clock.now());
      if (row) return jobView(row);
      const job = await repo.find(yardId, id);
      if (!job) throw notFound('That catalog job');
      return jobView(job);
    },

    /** A live job of this yard; archived or another yard's: 404. */
    async liveJob(yardId: string, id: string) {
      const job = await repo.find(yardId, id);
      if (!job || job.archived_at) throw notFound('That catalog job');
      return job;
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
