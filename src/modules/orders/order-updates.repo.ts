import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PhotoType } from '../service-requests/photo-check.js';

/** An update as the lists read it, with the order it is on and who posted it. */
export interface OrderUpdateRow {
  id: string;
  order_id: string;
  order_number: number;
  order_title: string;
  body: string;
  posted_at: Date;
  staff_name: string;
}

/**
 * Updates the yard posts on orders (0021) and their photos. Every query names the yard; a
 * customer's reads also name the customer the order belongs to now.
 */
export function orderUpdatesRepo(db: Kysely<DB>) {
  const updates = (trx: Kysely<DB>, yardId: string) =>
    trx
      .selectFrom('order_updates as u')
      .innerJoin('orders as o', (j) =>
        j.onRef('o.id', '=', 'u.order_id').onRef('o.yard_id', '=', 'u.yard_id'),
      )
      .innerJoin('staff_users as s', (j) =>
        j.onRef('s.id', '=', 'u.posted_by').onRef('s.yard_id', '=', 'u.yard_id'),
      )
      .select([
        'u.id',
        'u.order_id',
        'o.number as order_number',
        'o.title as order_title',
        'u.body',
        'u.posted_at',
        's.name as staff_name',
      ])
      .where('u.yard_id', '=', yardId)
      .orderBy('u.posted_at', 'desc')
      .orderBy('u.id', 'desc');

  return {
    /** The order the update goes on: its customer and boat, or undefined for another yard's. */
    order: (yardId: string, orderId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('orders')
        .select(['id', 'number', 'customer_id', 'boat_id'])
        .where('yard_id', '=', yardId)
        .where('id', '=', orderId)
        .executeTakeFirst(),

    /** The customer's own boat of this yard, or undefined. */
    ownBoat: (yardId: string, customerId: string, boatId: string) =>
      db
        .selectFrom('boats')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('id', '=', boatId)
        .executeTakeFirst(),

    insertUpdate: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        orderId: string;
        customerId: string;
        boatId: string | null;
        body: string;
        staffId: string;
        now: Date;
      },
    ) =>
      trx
        .insertInto('order_updates')
        .values({
          yard_id: v.yardId,
          order_id: v.orderId,
          customer_id: v.customerId,
          boat_id: v.boatId,
          body: v.body,
          posted_by: v.staffId,
          posted_at: v.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),

    insertPhoto: (
      trx: Kysely<DB>,
      v: {
        yardId: string;
        updateId: string;
        orderId: string;
        position: number;
        fileName: string;
        contentType: PhotoType;
        data: Buffer;
        now: Date;
      },
    ) =>
      trx
        .insertInto('order_update_photos')
        .values({
          yard_id: v.yardId,
          update_id: v.updateId,
          order_id: v.orderId,
          position: v.position,
          file_name: v.fileName,
          content_type: v.contentType,
          size_bytes: v.data.length,
          data: v.data,
          created_at: v.now,
        })
        .execute(),

    /** One order's updates, newest first; with `customerId`, only when the order is theirs. */
    ofOrder: (yardId: string, orderId: string, customerId?: string): Promise<OrderUpdateRow[]> => {
      let q = updates(db, yardId).where('u.order_id', '=', orderId);
      if (customerId) q = q.where('o.customer_id', '=', customerId);
      return q.execute();
    },

    /** The newest updates on one boat's orders that are this customer's. */
    ofBoat: (yardId: string, customerId: string, boatId: string, limit: number): Promise<OrderUpdateRow[]> =>
      updates(db, yardId)
        .where('u.boat_id', '=', boatId)
        .where('o.customer_id', '=', customerId)
        .limit(limit)
        .execute(),

    /** The photos of these updates (no bytes), in their order. */
    photosOf: async (yardId: string, updateIds: string[]) => {
      if (updateIds.length === 0) return [];
      return db
        .selectFrom('order_update_photos')
        .select(['id', 'update_id', 'order_id', 'file_name', 'content_type', 'size_bytes'])
        .where('yard_id', '=', yardId)
        .where('update_id', 'in', updateIds)
        .orderBy('update_id')
        .orderBy('position')
        .execute();
    },

    /** One photo with its bytes; with `customerId`, only when its order is theirs. */
    photo: (yardId: string, orderId: string, photoId: string, customerId?: string) => {
      let q = db
        .selectFrom('order_update_photos as p')
        .innerJoin('orders as o', (j) =>
          j.onRef('o.id', '=', 'p.order_id').onRef('o.yard_id', '=', 'p.yard_id'),
        )
        .select(['p.file_name', 'p.content_type', 'p.data'])
        .where('p.yard_id', '=', yardId)
        .where('p.order_id', '=', orderId)
        .where('p.id', '=', photoId);
      if (customerId) q = q.where('o.customer_id', '=', customerId);
      return q.executeTakeFirst();
    },

    /** The email's content, read when the mail is sent: the update, its order, its customer and yard. */
    forEmail: (yardId: string, updateId: string) =>
      db
        .selectFrom('order_updates as u')
        .innerJoin('orders as o', (j) =>
          j.onRef('o.id', '=', 'u.order_id').onRef('o.yard_id', '=', 'u.yard_id'),
        )
        .innerJoin('customers as c', (j) =>
          j.onRef('c.id', '=', 'o.customer_id').onRef('c.yard_id', '=', 'o.yard_id'),
        )
        .innerJoin('yards as y', 'y.id', 'u.yard_id')
        .innerJoin('staff_users as s', (j) =>
          j.onRef('s.id', '=', 'u.posted_by').onRef('s.yard_id', '=', 'u.yard_id'),
        )
        .leftJoin('boats as b', (j) => j.onRef('b.id', '=', 'o.boat_id').onRef('b.yard_id', '=', 'o.yard_id'))
        .select([
          'u.body',
          'u.order_id',
          'o.number',
          'o.title',
          'o.customer_id',
          'c.email',
          'c.first_name',
          'y.name as yard_name',
          'y.email as yard_email',
          'y.slug',
          's.name as staff_name',
          'b.name as boat_name',
        ])
        .select((eb) =>
          eb
            .selectFrom('order_update_photos as p')
            .whereRef('p.update_id', '=', 'u.id')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('photo_count'),
        )
        .where('u.yard_id', '=', yardId)
        .where('u.id', '=', updateId)
        .executeTakeFirst(),
  };
}
