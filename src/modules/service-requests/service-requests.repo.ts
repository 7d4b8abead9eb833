import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PhotoType } from './photo-check.js';

export interface NewBoat {
  name: string;
  make: string | null;
  model: string | null;
  year: number | null;
  lengthFt: string | null;
}

/** The only file of service requests that touches the database; every query is yard-scoped and runs in the caller's transaction. */
export function serviceRequestsRepo() {
  return {
    /** The customer's own boat; another customer's or another yard's is not found. */
    ownBoat: (trx: Kysely<DB>, yardId: string, customerId: string, boatId: string) =>
      trx
        .selectFrom('boats')
        .select(['id', 'name'])
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('id', '=', boatId)
        .where('archived_at', 'is', null)
        .executeTakeFirst(),

    insertBoat: (trx: Kysely<DB>, yardId: string, customerId: string, b: NewBoat) =>
      trx
        .insertInto('boats')
        .values({
          yard_id: yardId,
          customer_id: customerId,
          name: b.name,
          make: b.make,
          model: b.model,
          year: b.year,
          length_ft: b.lengthFt,
        })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow(),

    insertOrder: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        customerId: string;
        boatId: string;
        number: number;
        title: string;
        description: string;
        now: Date;
      },
    ) =>
      trx
        .insertInto('orders')
        .values({
          yard_id: v.yardId,
          customer_id: v.customerId,
          boat_id: v.boatId,
          number: v.number,
          title: v.title,
          description: v.description,
          status: 'requested',
          opened_at: v.now,
          updated_at: v.now,
        })
        .returning(['id', 'number', 'title', 'status'])
        .executeTakeFirstOrThrow(),

    /** The order's first status, by the customer, for the order page's status history. */
    recordRequested: (
      trx: Kysely<DB>,
      v: { yardId: string; orderId: string; accountId: string; now: Date },
    ) =>
      trx
        .insertInto('order_status_history')
        .values({
          yard_id: v.yardId,
          order_id: v.orderId,
          from_status: null,
          to_status: 'requested',
          changed_at: v.now,
          actor_account_id: v.accountId,
          note: 'Requested in the portal',
        })
        .execute(),

    insertRequest: (
      trx: Kysely<DB>,
      v: {
        orderId: string;
        yardId: string;
        customerId: string;
        accountId: string;
        description: string;
        preferredFrom: string | null;
        preferredTo: string | null;
        now: Date;
      },
    ) =>
      trx
        .insertInto('service_requests')
        .values({
          order_id: v.orderId,
          yard_id: v.yardId,
          customer_id: v.customerId,
          account_id: v.accountId,
          description: v.description,
          preferred_from: v.preferredFrom,
          preferred_to: v.preferredTo,
          created_at: v.now,
        })
        .execute(),

    insertPhoto: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        orderId: string;
        position: number;
        fileName: string;
        contentType: PhotoType;
        data: Buffer;
        now: Date;
      },
    ) =>
      trx
        .insertInto('service_request_photos')
        .values({
          yard_id: v.yardId,
          order_id: v.orderId,
          position: v.position,
          file_name: v.fileName,
          content_type: v.contentType,
          size_bytes: v.data.length,
          data: v.data,
          created_at: v.now,
        })
        .execute(),

    /** The request of one order, only when the order is this yard's (and, given, this customer's). */
    findRequest: (trx: Kysely<DB>, yardId: string, orderId: string, customerId?: string) => {
      let q = trx
        .selectFrom('service_requests')
        .select(['order_id', 'description', 'preferred_from', 'preferred_to', 'created_at'])
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId);
      if (customerId) q = q.where('customer_id', '=', customerId);
      return q.executeTakeFirst();
    },

    listPhotos: (trx: Kysely<DB>, yardId: string, orderId: string) =>
      trx
        .selectFrom('service_request_photos')
        .select(['id', 'file_name', 'content_type', 'size_bytes'])
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .orderBy('position')
        .execute(),

    photo: (trx: Kysely<DB>, yardId: string, orderId: string, photoId: string) =>
      trx
        .selectFrom('service_request_photos')
        .select(['file_name', 'content_type', 'data'])
        .where('yard_id', '=', yardId)
        .where('order_id', '=', orderId)
        .where('id', '=', photoId)
        .executeTakeFirst(),
  };
}
