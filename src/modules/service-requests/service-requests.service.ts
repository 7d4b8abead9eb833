import type { Yard } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { notFound } from '../../server/errors.js';
import type { ServiceRequestDetails, ServiceRequestResponse } from '../../shared/api-types.js';
import { recordActivity } from '../activity/activity.repo.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import { portalEventsRepo } from '../invites/portal-events.repo.js';
import { nextYardNumber } from '../yards/yard-counters.repo.js';
import type { PhotoType } from './photo-check.js';
import { type NewBoat, serviceRequestsRepo } from './service-requests.repo.js';

export interface ServiceRequestInput {
  boat: { id: string } | { new: NewBoat };
  title: string;
  description: string;
  preferredFrom: string | null;
  preferredTo: string | null;
  photos: Array<{ fileName: string; contentType: PhotoType; data: Buffer }>;
}

/** A short title for the order list: the customer's own, else the first line of the description. */
export function orderTitle(title: string, description: string): string {
  const source = title.trim() || description.trim().split('\n')[0].trim();
  return source.length > 80 ? `${source.slice(0, 79).trimEnd()}…` : source;
}

export function createServiceRequests(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const repo = serviceRequestsRepo();
  const events = portalEventsRepo(db);

  /**
   * Request service: the boat (new or theirs), the order in status 'requested', the
   * request's details and photos, and the timeline event commit together, so the yard
   * sees the whole request at once or nothing of it.
   */
  async function requestService(
    yard: Yard,
    me: CustomerPrincipal,
    input: ServiceRequestInput,
  ): Promise<ServiceRequestResponse> {
    const now = deps.clock.now();
    const title = orderTitle(input.title, input.description);
    // Taken before the transaction: see nextYardNumber.
    const number = await nextYardNumber(db, yard.id, 'order');
    return db.transaction().execute(async (trx) => {
      const boat =
        'id' in input.boat
          ? await repo.ownBoat(trx, yard.id, me.customerId, input.boat.id)
          : await repo.insertBoat(trx, yard.id, me.customerId, input.boat.new);
      if (!boat) throw notFound('That boat');
      const order = await repo.insertOrder(trx, {
        yardId: yard.id,
        customerId: me.customerId,
        boatId: boat.id,
        number,
        title,
        description: input.description,
        now,
      });
      await repo.recordRequested(trx, { yardId: yard.id, orderId: order.id, accountId: me.accountId, now });
      await repo.insertRequest(trx, {
        orderId: order.id,
        yardId: yard.id,
        customerId: me.customerId,
        accountId: me.accountId,
        description: input.description,
        preferredFrom: input.preferredFrom,
        preferredTo: input.preferredTo,
        now,
      });
      for (const [i, p] of input.photos.entries()) {
        await repo.insertPhoto(trx, { yardId: yard.id, orderId: order.id, position: i + 1, ...p, now });
      }
      await events.add(
        {
          yardId: yard.id,
          customerId: me.customerId,
          kind: 'service_requested',
          at: now,
          detail: { orderNumber: order.number, title, boat: boat.name, photos: input.photos.length },
        },
        trx,
      );
      await recordActivity(trx, {
        yardId: yard.id,
        customerId: me.customerId,
        orderId: order.id,
        kind: 'service_requested',
        at: now,
        detail: { boat: boat.name },
      });
      return {
        order: {
          id: order.id,
          number: order.number,
          title: order.title,
          status: order.status,
          boatName: boat.name,
        },
        photoCount: input.photos.length,
      };
    });
  }

  /**
   * What the customer asked for, with its photos' addresses. `customerId` limits it to that
   * customer's own orders (the portal); staff see any order of their yard.
   */
  async function details(
    yardId: string,
    orderId: string,
    photoUrl: (photoId: string) => string,
    customerId?: string,
  ): Promise<ServiceRequestDetails> {
    const request = await repo.findRequest(db, yardId, orderId, customerId);
    if (!request) throw notFound('That service request');
    const photos = await repo.listPhotos(db, yardId, orderId);
    return {
      orderId,
      description: request.description,
      preferredFrom: request.preferred_from ? String(request.preferred_from).slice(0, 10) : null,
      preferredTo: request.preferred_to ? String(request.preferred_to).slice(0, 10) : null,
      requestedAt: request.created_at.toISOString(),
      photos: photos.map((p) => ({
        id: p.id,
        fileName: p.file_name,
        contentType: p.content_type,
        sizeBytes: p.size_bytes,
        url: photoUrl(p.id),
      })),
    };
  }

  async function photo(yardId: string, orderId: string, photoId: string, customerId?: string) {
    if (!(await repo.findRequest(db, yardId, orderId, customerId))) throw notFound('That photo');
    const found = await repo.photo(db, yardId, orderId, photoId);
    if (!found) throw notFound('That photo');
    return found;
  }

  return { requestService, details, photo };
}

export type ServiceRequests = ReturnType<typeof createServiceRequests>;
