import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../server/errors.js';
import type { CustomerAccountData, PortalAccess } from '../../shared/api-types.js';
import type { CustomerPrincipal } from '../auth/sessions.js';
import { accessGrantsRepo, type reachedRecords } from './access-grants.repo.js';
import { portalScopeRepo } from './portal-scope.repo.js';

/**
 * The records one sign-in reaches at a yard: its own and those shared with it
 * (docs/shared-access.md), for the switcher, for sign-in and for switching.
 */
export function portalRecords(db: Kysely<DB>) {
  const grants = accessGrantsRepo(db);
  const scope = portalScopeRepo(db);

  async function list(yardId: string, accountId: string) {
    return recordsAndName(await grants.recordsOf(yardId, accountId)).records;
  }

  return {
    /** Who is signed in, for which record, and which other records they can switch to. */
    async access(me: CustomerPrincipal): Promise<PortalAccess> {
      return accessOf(me, await grants.recordsOf(me.yardId, me.accountId));
    },

    /**
     * The record a new session acts for: the account's own, else the first one shared with it.
     * An account with neither has nothing left to see.
     */
    async actingAtSignIn(yardId: string, account: { id: string; customer_id: string | null }) {
      if (account.customer_id) return null;
      const [first] = await list(yardId, account.id);
      if (!first) throw new AppError('ACCESS_ENDED');
      return first.customerId;
    },

    /** Switching: the record must be one the account reaches now. Null = its own. */
    async switchable(yardId: string, accountId: string, customerId: string) {
      const records = await list(yardId, accountId);
      const target = records.find((r) => r.customerId === customerId);
      if (!target) throw new AppError('NOT_FOUND', 'You have no access to that account any more.');
      return target.role === 'owner' ? null : customerId;
    },

    /**
     * A link to an order of another record the sign-in reaches (an email's link): the record
     * to act for, null = its own. An order it does not reach — another customer's, on a boat
     * its grant does not cover, of another yard, or none at all — is the same 404.
     */
    async holderOfOrder(yardId: string, accountId: string, orderId: string) {
      const [order, { own, granted }] = await Promise.all([
        scope.holderOfOrder(yardId, orderId),
        grants.recordsOf(yardId, accountId),
      ]);
      if (!order) throw notFound('That order');
      if (own?.customer_id === order.customer_id) return null;
      const grant = granted.find(
        (g) =>
          g.owner_customer_id === order.customer_id && (g.boat_id === null || g.boat_id === order.boat_id),
      );
      if (!grant) throw notFound('That order');
      return grant.owner_customer_id;
    },
  };
}

/** The records an account reaches (accessGrantsRepo.recordsOf), own first, and its own name. */
function recordsAndName({ own, granted }: ReturnType<typeof reachedRecords>) {
  const ownId = own?.customer_id;
  const records = [
    ...(ownId ? [{ customerId: ownId, name: own.name, role: 'owner' as const, boatName: null }] : []),
    ...granted.map((g) => ({
      customerId: g.owner_customer_id,
      name: g.name,
      role: g.role,
      boatName: g.boat_name,
    })),
  ];
  return { records, name: own?.name ?? '' };
}

/** Who is signed in, for which record, and which other records they can switch to. */
export function accessOf(me: CustomerPrincipal, reached: ReturnType<typeof reachedRecords>): PortalAccess {
  const { records, name } = recordsAndName(reached);
  return {
    signedInName: name,
    role: me.role,
    boatId: me.boatId,
    ownerName: me.ownerName,
    records: records.map((r) => ({ ...r, acting: r.customerId === me.customerId })),
  };
}

/**
 * A grant limited to one boat sees that boat and what is on it: its orders, their estimates,
 * invoices and payments. Everything else is left out, as if it did not exist.
 */
export function narrowToBoat<T extends CustomerAccountData>(data: T, boatId: string | null): T {
  if (!boatId) return data;
  const orders = data.orders.filter((o) => o.boatId === boatId);
  const orderNumbers = new Set(orders.map((o) => o.number));
  const invoices = data.invoices.filter((i) => orderNumbers.has(i.orderNumber));
  const invoiceNumbers = new Set(invoices.map((i) => i.number));
  return {
    ...data,
    boats: data.boats.filter((b) => b.id === boatId),
    orders,
    estimates: data.estimates.filter((e) => orderNumbers.has(e.orderNumber)),
    invoices,
    payments: data.payments.filter((p) => invoiceNumbers.has(p.invoiceNumber)),
  };
}
