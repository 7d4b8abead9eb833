import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

const CARD_COLUMNS = [
  'id',
  'yard_id',
  'customer_id',
  'provider',
  'provider_ref',
  'brand',
  'last4',
  'exp_month',
  'exp_year',
  'is_default',
  'created_at',
] as const;

/**
 * Saved cards, their setups and the customer's id at the provider (docs/saved-cards.md).
 * Every query is scoped by yard and customer: a card is only ever its own customer's.
 */
export function savedCardsRepo(db: Kysely<DB>) {
  return {
    customerInYard: async (yardId: string, customerId: string) =>
      !!(await db
        .selectFrom('customers')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('id', '=', customerId)
        .executeTakeFirst()),

    paymentCustomer: (trx: Kysely<DB>, yardId: string, customerId: string, provider: string) =>
      trx
        .selectFrom('payment_customers')
        .select('provider_customer_ref')
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('provider', '=', provider)
        .executeTakeFirst(),

    /** Keeps the first id stored; a concurrent second one is dropped. */
    addPaymentCustomer: (
      trx: Kysely<DB>,
      row: { yardId: string; customerId: string; provider: string; ref: string; at: Date },
    ) =>
      trx
        .insertInto('payment_customers')
        .values({
          yard_id: row.yardId,
          customer_id: row.customerId,
          provider: row.provider,
          provider_customer_ref: row.ref,
          created_at: row.at,
        })
        .onConflict((oc) => oc.columns(['yard_id', 'customer_id', 'provider']).doNothing())
        .execute(),

    insertSetup: (trx: Kysely<DB>, row: { yardId: string; customerId: string; provider: string; at: Date }) =>
      trx
        .insertInto('card_setups')
        .values({
          yard_id: row.yardId,
          customer_id: row.customerId,
          provider: row.provider,
          created_at: row.at,
          updated_at: row.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),

    setSetup: (
      trx: Kysely<DB>,
      id: string,
      patch: {
        at: Date;
        providerRef?: string;
        status?: 'pending' | 'succeeded' | 'declined';
        failureMessage?: string | null;
      },
    ) =>
      trx
        .updateTable('card_setups')
        .set({
          updated_at: patch.at,
          ...(patch.providerRef !== undefined ? { provider_ref: patch.providerRef } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.failureMessage !== undefined ? { failure_message: patch.failureMessage } : {}),
        })
        .where('id', '=', id)
        .execute(),

    /** The customer's own setup; `lock` takes its row for the rest of the transaction. */
    findSetup(trx: Kysely<DB>, yardId: string, customerId: string, id: string, lock = false) {
      const q = trx
        .selectFrom('card_setups')
        .selectAll()
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('id', '=', id);
      return (lock ? q.forUpdate() : q).executeTakeFirst();
    },

    cardOfSetup: (trx: Kysely<DB>, setupId: string) =>
      trx.selectFrom('saved_cards').select(CARD_COLUMNS).where('setup_id', '=', setupId).executeTakeFirst(),

    /** The customer's cards in use, the default first, then the newest. */
    listCards: (yardId: string, customerId: string) =>
      db
        .selectFrom('saved_cards')
        .select(CARD_COLUMNS)
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('removed_at', 'is', null)
        .orderBy('is_default', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute(),

    /** One card in use of this customer, optionally locked; removed cards are not found. */
    findCard(trx: Kysely<DB>, yardId: string, customerId: string, id: string, lock = false) {
      const q = trx
        .selectFrom('saved_cards')
        .select(CARD_COLUMNS)
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('id', '=', id)
        .where('removed_at', 'is', null);
      return (lock ? q.forUpdate() : q).executeTakeFirst();
    },

    /** Locks the customer's cards in use, so default changes are decided one at a time. */
    lockCards: (trx: Kysely<DB>, yardId: string, customerId: string) =>
      trx
        .selectFrom('saved_cards')
        .select(['id', 'is_default', 'created_at'])
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('removed_at', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .forUpdate()
        .execute(),

    insertCard: (
      trx: Kysely<DB>,
      row: {
        yardId: string;
        customerId: string;
        provider: string;
        providerRef: string;
        setupId: string;
        brand: string;
        last4: string;
        expMonth: number;
        expYear: number;
        isDefault: boolean;
        at: Date;
      },
    ) =>
      trx
        .insertInto('saved_cards')
        .values({
          yard_id: row.yardId,
          customer_id: row.customerId,
          provider: row.provider,
          provider_ref: row.providerRef,
          setup_id: row.setupId,
          brand: row.brand,
          last4: row.last4,
          exp_month: row.expMonth,
          exp_year: row.expYear,
          is_default: row.isDefault,
          created_at: row.at,
        })
        .returning(CARD_COLUMNS)
        .executeTakeFirstOrThrow(),

    /** Makes `cardId` the one default card (clearing the old default first: a partial unique index). */
    async makeDefault(trx: Kysely<DB>, yardId: string, customerId: string, cardId: string) {
      await trx
        .updateTable('saved_cards')
        .set({ is_default: false })
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('is_default', '=', true)
        .where('id', '!=', cardId)
        .execute();
      await trx
        .updateTable('saved_cards')
        .set({ is_default: true })
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('id', '=', cardId)
        .where('removed_at', 'is', null)
        .execute();
    },

    removeCard: (trx: Kysely<DB>, yardId: string, customerId: string, cardId: string, at: Date) =>
      trx
        .updateTable('saved_cards')
        .set({ removed_at: at, is_default: false })
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('id', '=', cardId)
        .where('removed_at', 'is', null)
        .executeTakeFirst(),
  };
}

export type SavedCardsRepo = ReturnType<typeof savedCardsRepo>;
export type SavedCardRow = Awaited<ReturnType<SavedCardsRepo['listCards']>>[number];
