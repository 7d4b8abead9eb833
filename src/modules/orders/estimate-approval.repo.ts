import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Whether an order waits for its customer to approve a changed estimate again; yard-scoped. */
export function estimateApprovalRepo(db: Kysely<DB>) {
  return {
    /**
     * The newest sent version of an estimate of the order that is not approved while an
     * earlier version of the same estimate was: the yard changed an approved estimate and
     * the customer has not approved the change yet. Drafts do not count (the customer has
     * not seen them); a declined or expired newest version still waits.
     */
    pendingReapproval: (yardId: string, orderId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('estimates as e')
        .select(['e.id', 'e.number', 'e.version', 'e.status', 'e.sent_at'])
        .where('e.yard_id', '=', yardId)
        .where('e.order_id', '=', orderId)
        .where('e.status', 'in', ['sent', 'declined', 'expired'])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('estimates as n')
                .select(sql`1`.as('one'))
                .whereRef('n.yard_id', '=', 'e.yard_id')
                .whereRef('n.order_id', '=', 'e.order_id')
                .whereRef('n.number', '=', 'e.number')
                .whereRef('n.version', '>', 'e.version')
                .where('n.status', '!=', 'draft'),
            ),
          ),
        )
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('estimates as p')
              .innerJoin('estimate_acceptances as a', 'a.estimate_id', 'p.id')
              .select(sql`1`.as('one'))
              .whereRef('p.yard_id', '=', 'e.yard_id')
              .whereRef('p.order_id', '=', 'e.order_id')
              .whereRef('p.number', '=', 'e.number')
              .whereRef('p.version', '<', 'e.version'),
          ),
        )
        .orderBy('e.number')
        .executeTakeFirst(),
  };
}

export type EstimateApprovalRepo = ReturnType<typeof estimateApprovalRepo>;
