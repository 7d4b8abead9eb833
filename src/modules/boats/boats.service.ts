import type { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import {
  type CreateBoatRequest,
  DIMENSION_LABELS,
  DIMENSION_LIMITS_FT,
  type Dimension,
  fromFeet,
  isUsHullId,
  type LengthUnit,
  toFeet,
  type UpdateBoatRequest,
} from '../../shared/api-schemas/boats.js';
import type { BoatResponse } from '../../shared/api-types.js';
import { type AuditActor, auditRepo, changedFields } from '../audit/audit.repo.js';
import {
  type BoatChange,
  type BoatEngineRow,
  type BoatRow,
  boatsRepo,
  type NewBoatEngine,
} from './boats.repo.js';

type Patch = z.output<typeof UpdateBoatRequest>;
type Create = z.output<typeof CreateBoatRequest>;
type Warning = BoatResponse['warnings'][number];

const text = (s: string | undefined) => (s === undefined ? undefined : s === '' ? null : s);
const num = (v: string | null) => (v === null ? null : Number(v));

/** What a stored hull ID looks wrong about: kept as entered, but staff should look again. */
export function hullIdWarnings(hullId: string | null): Warning[] {
  if (!hullId || isUsHullId(hullId)) return [];
  return [
    {
      field: 'hullId',
      message: `Hull ID "${hullId}" is not in the US format of 12 characters (such as ABC12345D404). It was saved as entered; check it against the boat.`,
    },
  ];
}

function refuse(field: string, message: string): never {
  throw new AppError('VALIDATION', `${field}: ${message}`, { fields: { [field]: message } });
}

/** The request's fields as columns: dimensions to feet in the yard's unit, '' to null. */
function toColumns(p: Patch, unit: LengthUnit): { change: BoatChange; engines?: NewBoatEngine[] } {
  const change: BoatChange = {
    name: p.name,
    make: text(p.make),
    model: text(p.model),
    year: p.year,
    hull_id: p.hullId === undefined ? undefined : p.hullId === '' ? null : p.hullId.toUpperCase(),
    registration: text(p.registration),
    notes: text(p.notes),
  };
  for (const dim of Object.keys(DIMENSION_LIMITS_FT) as Dimension[]) {
    const value = p[dim];
    if (value === undefined) continue;
    if (value === null) {
      change[`${dim}_ft`] = null;
      continue;
    }
    const feet = toFeet(value, unit);
    const max = DIMENSION_LIMITS_FT[dim];
    if (feet > max) {
      refuse(dim, `${DIMENSION_LABELS[dim]} can be at most ${fromFeet(max, unit)} ${unit}`);
    }
    if (feet < 0.01) refuse(dim, `${DIMENSION_LABELS[dim]} must be more than 0`);
    change[`${dim}_ft`] = feet;
  }
  if (p.location !== undefined) {
    change.location_kind = p.location?.kind ?? null;
    change.slip = p.location?.name ?? null;
  }
  const engines = p.engines?.map((e) => ({
    make: text(e.make) ?? null,
    model: text(e.model) ?? null,
    serial: text(e.serial) ?? null,
    hours: e.hours ?? null,
  }));
  const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as BoatChange;
  return { change: defined, engines };
}

export function detail(b: BoatRow, engines: BoatEngineRow[], unit: LengthUnit): BoatResponse {
  const dim = (ft: string | null) => (ft === null ? null : fromFeet(Number(ft), unit));
  return {
    boat: {
      id: b.id,
      customerId: b.customer_id,
      name: b.name,
      make: b.make,
      model: b.model,
      year: b.year,
      length: dim(b.length_ft),
      beam: dim(b.beam_ft),
      draft: dim(b.draft_ft),
      lengthUnit: unit,
      hullId: b.hull_id,
      registration: b.registration,
      engines: engines.map((e) => ({ make: e.make, model: e.model, serial: e.serial, hours: num(e.hours) })),
      location: b.slip ? { kind: b.location_kind ?? locationKindOf(b.slip), name: b.slip } : null,
      notes: b.notes,
      archivedAt: b.archived_at?.toISOString() ?? null,
      updatedAt: b.updated_at.toISOString(),
    },
    warnings: hullIdWarnings(b.hull_id),
  };
}

/**
 * The kind of a location kept by name only (the demo's boats, imported ones, boats from
 * before 0011): "Rack 214" is a rack, "Yard B-4" or "Hard 12" a yard spot, anything else
 * (a dock and slip, a mooring) a slip.
 */
export function locationKindOf(name: string): 'slip' | 'rack' | 'yard' {
  if (/^\s*rack\b/i.test(name)) return 'rack';
  if (/^\s*(yard|hard|lot|stand)\b/i.test(name)) return 'yard';
  return 'slip';
}

/** Engines as the audit log compares them: what staff see, in order. */
const engineList = (
  engines: { make?: string | null; model?: string | null; serial?: string | null; hours?: unknown }[],
) =>
  engines.map((e) => ({
    make: e.make ?? null,
    model: e.model ?? null,
    serial: e.serial ?? null,
    hours: e.hours == null ? null : Number(e.hours),
  }));

/**
 * Boats as staff keep them: create, edit, move to another customer of the yard, archive.
 * Every write and its audit row commit together (docs/yards.md, "Boats"; docs/audit.md).
 */
export function createBoatsService(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const repo = boatsRepo(db);
  const audit = auditRepo(db);

  async function unitOf(yardId: string): Promise<LengthUnit> {
    return (await repo.lengthUnit(yardId)) ?? 'ft';
  }

  async function get(yardId: string, boatId: string): Promise<BoatResponse> {
    const boat = await repo.find(yardId, boatId);
    if (!boat) throw notFound('That boat');
    return detail(boat, await repo.engines(yardId, boatId), await unitOf(yardId));
  }

  async function create(yardId: string, customerId: string, input: Create, actor: AuditActor) {
    const unit = await unitOf(yardId);
    const { change, engines = [] } = toColumns(input, unit);
    const now = deps.clock.now();
    const id = await db.transaction().execute(async (trx) => {
      const customer = await repo.customer(yardId, customerId, trx);
      if (!customer) throw notFound('That customer');
      if (customer.archived_at)
        refuse('customerId', 'This customer is archived; restore them before adding a boat');
      const boat = await repo.insert(trx, yardId, customerId, {
        ...change,
        name: input.name,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceEngines(trx, yardId, boat.id, engines);
      await audit.record(
        {
          yardId,
          actor,
          entity: 'boat',
          entityId: boat.id,
          customerId,
          action: 'created',
          changes: changedFields(
            {},
            { ...change, ...(engines.length ? { engines: engineList(engines) } : {}) },
          ),
          at: now,
        },
        trx,
      );
      return boat.id;
    });
    return get(yardId, id);
  }

  async function update(yardId: string, boatId: string, patch: Patch, actor: AuditActor) {
    const unit = await unitOf(yardId);
    const { change, engines } = toColumns(patch, unit);
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await repo.lock(trx, yardId, boatId);
      if (!before) throw notFound('That boat');
      const beforeEngines = engines ? await repo.engines(yardId, boatId, trx) : [];
      const after = await repo.update(trx, yardId, boatId, { ...change, updated_at: now });
      if (engines) await repo.replaceEngines(trx, yardId, boatId, engines);
      const changes = changedFields(before, pick(after, Object.keys(change)));
      if (engines) {
        Object.assign(
          changes,
          changedFields({ engines: engineList(beforeEngines) }, { engines: engineList(engines) }),
        );
      }
      if (Object.keys(changes).length === 0) return;
      await audit.record(
        {
          yardId,
          actor,
          entity: 'boat',
          entityId: boatId,
          customerId: before.customer_id,
          action: 'updated',
          changes,
          at: now,
        },
        trx,
      );
    });
    return get(yardId, boatId);
  }

  /**
   * Moves the boat to another customer of the yard. Its orders keep their customer: the
   * customer an order, its estimates, invoices and payments were made out to stays the
   * billing party; the boat's history stays reachable through the boat (docs/yards.md).
   */
  async function transfer(yardId: string, boatId: string, customerId: string, actor: AuditActor) {
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await repo.lock(trx, yardId, boatId);
      if (!before) throw notFound('That boat');
      const target = await repo.customer(yardId, customerId, trx);
      if (!target) throw notFound('That customer');
      if (target.id === before.customer_id) refuse('customerId', 'The boat already belongs to this customer');
      if (target.archived_at) refuse('customerId', 'This customer is archived; restore them first');
      await repo.update(trx, yardId, boatId, { customer_id: customerId, updated_at: now });
      const changes = { customer_id: { before: before.customer_id, after: customerId } };
      // On both customers' pages: the one who had the boat and the one who has it now.
      for (const [who, action] of [
        [before.customer_id, 'transferred_out'],
        [customerId, 'transferred_in'],
      ] as const) {
        await audit.record(
          { yardId, actor, entity: 'boat', entityId: boatId, customerId: who, action, changes, at: now },
          trx,
        );
      }
    });
    return get(yardId, boatId);
  }

  /** Archived boats keep their orders but leave the portal and the new-order pickers. */
  async function setArchived(yardId: string, boatId: string, archived: boolean, actor: AuditActor) {
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await repo.lock(trx, yardId, boatId);
      if (!before) throw notFound('That boat');
      if (!!before.archived_at === archived) return;
      const archived_at = archived ? now : null;
      await repo.update(trx, yardId, boatId, { archived_at, updated_at: now });
      await audit.record(
        {
          yardId,
          actor,
          entity: 'boat',
          entityId: boatId,
          customerId: before.customer_id,
          action: archived ? 'archived' : 'restored',
          changes: changedFields({ archived_at: before.archived_at }, { archived_at }),
          at: now,
        },
        trx,
      );
    });
    return get(yardId, boatId);
  }

  return { get, create, update, transfer, setArchived, unitOf };
}

const pick = <T extends object>(o: T, keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k))) as Partial<T>;

export type BoatsService = ReturnType<typeof createBoatsService>;
