import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { chosenGrant, personName } from './access-grants.repo.js';
import type { GrantRole } from './portal-ability.js';

/**
 * The people an owner shared access with who reach one order, for the mail workers
 * (docs/shared-access.md): a live, accepted grant (the one that counts per sign-in) for all
 * boats, or for the boat of the order; with no order (a general thread), every live grant.
 * Optionally only some roles. Each sign-in once, with its own record (for its preferences).
 */
export function granteesRepo(db: Kysely<DB>) {
  return {
    ofOrder: (yardId: string, ownerId: string, orderId: string | null, roles?: readonly GrantRole[]) =>
      db
        .selectFrom('access_grants as g')
        .innerJoin('portal_accounts as pa', (j) =>
          j.onRef('pa.id', '=', 'g.account_id').onRef('pa.yard_id', '=', 'g.yard_id'),
        )
        .innerJoin('customers as c', (j) =>
          j.onRef('c.id', '=', 'g.owner_customer_id').onRef('c.yard_id', '=', 'g.yard_id'),
        )
        .select([
          'pa.id as account_id',
          'pa.login_email',
          'pa.customer_id as own_customer_id',
          'g.name',
          'g.role',
          personName.as('owner_name'),
        ])
        .where('g.yard_id', '=', yardId)
        .where('g.owner_customer_id', '=', ownerId)
        .where('g.revoked_at', 'is', null)
        .where('g.accepted_at', 'is not', null)
        .where(chosenGrant)
        // An archived owner's record is closed to those it was shared with: no mail about it either.
        .where('c.archived_at', 'is', null)
        .where('pa.disabled_at', 'is', null)
        .$if(roles !== undefined, (q) => q.where('g.role', 'in', [...roles!]))
        .$if(orderId !== null, (q) =>
          q.where((eb) =>
            eb.or([
              eb('g.boat_id', 'is', null),
              eb(
                'g.boat_id',
                '=',
                eb
                  .selectFrom('orders')
                  .select('boat_id')
                  .where('orders.yard_id', '=', yardId)
                  .where('orders.id', '=', orderId!),
              ),
            ]),
          ),
        )
        .orderBy('pa.id')
        .execute(),
  };
}
