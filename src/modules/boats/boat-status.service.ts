import type { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type {
  BoatStatusResponse,
  PortalBoatResponse,
  SetBoatStatusRequest,
} from '../../shared/api-schemas/boats.js';
import type { LengthUnit } from '../../shared/api-schemas/values.js';
import { type AuditActor, auditRepo } from '../audit/audit.repo.js';
import { orderView } from '../customers/account-data.js';
import { customersRepo } from '../customers/customers.repo.js';
import { boatStatusRepo } from './boat-status.repo.js';
import { boatsRepo } from './boats.repo.js';
import { detail } from './boats.service.js';

type StatusView = z.output<typeof BoatStatusResponse>;
type Events = Awaited<ReturnType<ReturnType<typeof boatStatusRepo>['events']>>;

/** The timeline as staff read it (who set each status, and the note), or as the customer does (neither). */
function statusView(
  boat: { yard_status: StatusView['status']; yard_status_at: Date | null },
  events: Events,
  forStaff: boolean,
): StatusView {
  return {
    status: boat.yard_status,
    statusAt: boat.yard_status_at?.toISOString() ?? null,
    events: events.map((e) => ({
      id: e.id,
      status: e.status,
      at: e.at.toISOString(),
      ...(forStaff ? { byName: e.by_name, note: e.note } : {}),
    })),
  };
}

/**
 * A boat's live yard status (docs/boat-status.md): staff set it in one click, each change is
 * a timeline row and an audit row committed with it; the customer reads it on the boat's
 * portal page and at a glance on the portal home.
 */
export function createBoatStatusService(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const boats = boatsRepo(db);
  const repo = boatStatusRepo(db);
  const audit = auditRepo(db);
  const customers = customersRepo(db);

  async function status(yardId: string, boatId: string): Promise<StatusView> {
    const boat = await boats.find(yardId, boatId);
    if (!boat) throw notFound('That boat');
    return statusView(boat, await repo.events(yardId, boatId), true);
  }

  /**
   * Sets the boat's status. The same status again without a note changes nothing (a second
   * click is not a second move); a note alone is kept as a row of its own.
   */
  async function set(
    yardId: string,
    boatId: string,
    input: z.output<typeof SetBoatStatusRequest>,
    actor: AuditActor & { staffId: string },
  ): Promise<StatusView> {
    const note = input.note?.trim() || null;
    const at = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await boats.lock(trx, yardId, boatId);
      if (!before) throw notFound('That boat');
      if (before.archived_at) {
        const message = 'This boat is archived; restore it before setting where it is in the yard';
        throw new AppError('VALIDATION', `status: ${message}`, { fields: { status: message } });
      }
      if (before.yard_status === input.status && note === null) return;
      await repo.set(trx, { yardId, boatId, status: input.status, note, by: actor.staffId, at });
      await audit.record(
        {
          yardId,
          actor,
          entity: 'boat',
          entityId: boatId,
          customerId: before.customer_id,
          action: 'status_set',
          changes: {
            yard_status: { before: before.yard_status, after: input.status },
            ...(note ? { note: { before: null, after: note } } : {}),
          },
          at,
        },
        trx,
      );
    });
    return status(yardId, boatId);
  }

  /** The boat's page in its customer's portal; another customer's boat, or an archived one, is not found. */
  async function portalBoat(
    yardId: string,
    customerId: string,
    boatId: string,
    unit: LengthUnit,
  ): Promise<z.output<typeof PortalBoatResponse>> {
    const boat = await boats.find(yardId, boatId);
    if (!boat || boat.customer_id !== customerId || boat.archived_at) throw notFound('That boat');
    const [engines, events, orders] = await Promise.all([
      boats.engines(yardId, boatId),
      repo.events(yardId, boatId),
      customers.orders(yardId, customerId, { boatId }),
    ]);
    const { notes: _n, archivedAt: _a, customerId: _c, ...record } = detail(boat, engines, unit).boat;
    return {
      boat: record,
      status: statusView(boat, events, false),
      orders: orders.map(orderView),
    };
  }

  return { status, set, portalBoat };
}

export type BoatStatusService = ReturnType<typeof createBoatStatusService>;
