import { expressionBuilder, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { linkKind, singleUseLinks } from '../auth/single-use-links.repo.js';
import { personName } from './access-grants.repo.js';

const link = expressionBuilder<DB, 'access_invites'>();

/**
 * A shared-access invitation link: belongs to its grant, carries the address it went to;
 * live until superseded by a newer link for the grant or revoked with the grant.
 */
export const ACCESS_INVITE_LINK = linkKind({
  table: 'access_invites',
  subject: 'grant_id',
  columns: ['email', 'superseded_at', 'revoked_at'],
  live: link.and([link('superseded_at', 'is', null), link('revoked_at', 'is', null)]),
  open: link.and([link('superseded_at', 'is', null), link('revoked_at', 'is', null)]),
  issuable: (now) =>
    link.and([
      link('consumed_at', 'is', null),
      link('superseded_at', 'is', null),
      link('revoked_at', 'is', null),
      link('expires_at', '>', now),
    ]),
  consumed: (now) => ({ consumed_at: now }),
  superseded: (now) => ({ superseded_at: now }),
  revoked: (now) => ({ revoked_at: now }),
});

export const accessInviteLinksRepo = (db: Kysely<DB>) => singleUseLinks(db, ACCESS_INVITE_LINK);

/** The invitation email's makings, yard-scoped through the link's own yard. */
export function accessInvitesRepo(db: Kysely<DB>) {
  return {
    linkForDelivery: (linkId: string) =>
      db
        .selectFrom('access_invites as l')
        .innerJoin('access_grants as g', 'g.id', 'l.grant_id')
        .innerJoin('customers as c', 'c.id', 'g.owner_customer_id')
        .innerJoin('yards as y', 'y.id', 'l.yard_id')
        .leftJoin('boats as b', 'b.id', 'g.boat_id')
        .select([
          'l.id',
          'l.yard_id',
          'l.email',
          'l.expires_at',
          'l.consumed_at',
          'l.superseded_at',
          'l.revoked_at',
          'g.name',
          'g.role',
          'b.name as boat_name',
          personName.as('owner_name'),
          'y.slug as yard_slug',
          'y.name as yard_name',
          'y.email as yard_email',
          'y.phone as yard_phone',
        ])
        .where('l.id', '=', linkId)
        .whereRef('g.yard_id', '=', 'l.yard_id')
        .executeTakeFirst(),
  };
}
