import { type Insertable, type Kysely, sql } from 'kysely';
import { runPrepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';

export type NewCustomer = Omit<Insertable<DB['customers']>, 'yard_id'>;
export interface ContactRow {
  kind: 'email' | 'phone';
  label: 'mobile' | 'home' | 'work' | 'other';
  value: string;
  phone_e164: string | null;
}

/** Customers written by hand: numbers, further contacts, duplicates, archive. Yard-scoped. */
export function customerRecordsRepo(db: Kysely<DB>) {
  return {
    phoneCountry: async (yardId: string) =>
      (await db.selectFrom('yards').select('phone_country').where('id', '=', yardId).executeTakeFirst())
        ?.phone_country ?? 'US',

    numberTaken: async (trx: Kysely<DB>, yardId: string, customerNumber: number, exceptId?: string) =>
      !!(await trx
        .selectFrom('customers')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('customer_number', '=', customerNumber)
        .$if(!!exceptId, (q) => q.where('id', '!=', exceptId!))
        .executeTakeFirst()),

    insert: (trx: Kysely<DB>, yardId: string, values: NewCustomer) =>
      trx
        .insertInto('customers')
        .values({ ...values, yard_id: yardId })
        .returningAll()
        .executeTakeFirstOrThrow(),

    update: (trx: Kysely<DB>, yardId: string, id: string, columns: Partial<NewCustomer>, now: Date) =>
      trx
        .updateTable('customers')
        .set({ ...columns, updated_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .execute(),

    /** The whole row, locked for the rest of the transaction. */
    lockFull: (trx: Kysely<DB>, yardId: string, id: string) =>
      trx
        .selectFrom('customers')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    contacts: (yardId: string, customerId: string, trx: Kysely<DB> = db) =>
      runPrepared(
        trx,
        trx
          .selectFrom('customer_contacts')
          .select(['kind', 'label', 'value', 'phone_e164'])
          .where('yard_id', '=', yardId)
          .where('customer_id', '=', customerId)
          .orderBy('kind')
          .orderBy('position'),
      ),

    /** Replaces the customer's further emails or phones with these, in this order. */
    async replaceContacts(
      trx: Kysely<DB>,
      yardId: string,
      customerId: string,
      kind: 'email' | 'phone',
      rows: ContactRow[],
    ) {
      await trx
        .deleteFrom('customer_contacts')
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('kind', '=', kind)
        .execute();
      if (rows.length === 0) return;
      await trx
        .insertInto('customer_contacts')
        .values(
          rows.map((r, position) => ({
            yard_id: yardId,
            customer_id: customerId,
            kind,
            label: r.label,
            value: r.value,
            phone_e164: r.phone_e164,
            position,
          })),
        )
        .execute();
    },

    /**
     * Customers of the yard who have one of these emails or phones, as their primary one or
     * a further one, and which of the two matched.
     */
    async withContacts(yardId: string, emails: string[], phones: string[], exceptId?: string) {
      if (emails.length === 0 && phones.length === 0) return [];
      const e = sql`${emails}::text[]`;
      const p = sql`${phones}::text[]`;
      const { rows } = await sql<{
        id: string;
        customer_number: number;
        first_name: string;
        last_name: string;
        company: string | null;
        archived_at: Date | null;
        by_email: boolean;
        by_phone: boolean;
      }>`
        WITH hits AS (
          SELECT id AS customer_id, email_lower = ANY(${e}) AS by_email, phone_e164 = ANY(${p}) AS by_phone
          FROM customers
          WHERE yard_id = ${yardId} AND (email_lower = ANY(${e}) OR phone_e164 = ANY(${p}))
          UNION ALL
          SELECT customer_id, kind = 'email', kind = 'phone'
          FROM customer_contacts
          WHERE yard_id = ${yardId}
            AND ((kind = 'email' AND lower(value) = ANY(${e})) OR (kind = 'phone' AND phone_e164 = ANY(${p})))
        )
        SELECT c.id, c.customer_number, c.first_name, c.last_name, c.company, c.archived_at,
          bool_or(h.by_email) AS by_email, bool_or(h.by_phone) AS by_phone
        FROM hits h JOIN customers c ON c.id = h.customer_id AND c.yard_id = ${yardId}
        WHERE c.merged_into IS NULL AND c.id IS DISTINCT FROM ${exceptId ?? null}::uuid
        GROUP BY c.id
        ORDER BY c.customer_number
        LIMIT 5`.execute(db);
      return rows;
    },

    setArchived: (trx: Kysely<DB>, yardId: string, id: string, archivedAt: Date | null, now: Date) =>
      trx
        .updateTable('customers')
        .set({ archived_at: archivedAt, updated_at: now })
        .where('yard_id', '=', yardId)
        .where('id', '=', id)
        .execute(),

    /**
     * Ends the portal sessions of the customer's account and those acting for the customer's
     * record through shared access (archived: they are all out at once).
     */
    endPortalSessions: (trx: Kysely<DB>, yardId: string, customerId: string) =>
      trx
        .deleteFrom('sessions')
        .where('kind', '=', 'customer')
        .where('yard_id', '=', yardId)
        .where((eb) =>
          eb.or([
            eb('acting_customer_id', '=', customerId),
            eb(
              'account_id',
              'in',
              eb
                .selectFrom('portal_accounts')
                .select('id')
                .where('yard_id', '=', yardId)
                .where('customer_id', '=', customerId),
            ),
          ]),
        )
        .execute(),
  };
}

export type CustomerRecordsRepo = ReturnType<typeof customerRecordsRepo>;
