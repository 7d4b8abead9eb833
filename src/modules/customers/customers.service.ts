import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import type {
  CustomerListResponse,
  CustomerProfileResponse,
  PortalStatus,
  UpdateCustomerRequest,
} from '../../shared/api-types.js';
import { portalState } from '../invites/invite-policy.js';
import { inviteLinksRepo, invitesRepo } from '../invites/invites.repo.js';
import { portalEventsRepo, timelineSummary } from '../invites/portal-events.repo.js';
import { loadAccountData } from './account-data.js';
import { searchCustomers } from './customer-search.repo.js';
import { customersRepo } from './customers.repo.js';
import { normalizePhone } from './phone.js';

export function createCustomersService(deps: Pick<AppDeps, 'database' | 'clock'>) {
  const { db } = deps.database;
  const repo = customersRepo(db);
  const invites = invitesRepo(db);
  const inviteLinks = inviteLinksRepo(db);
  const events = portalEventsRepo(db);

  async function list(
    yardId: string,
    q: { q?: string; after?: string; limit?: number },
  ): Promise<CustomerListResponse> {
    const result = await searchCustomers(db, yardId, q);
    const ids = result.rows.map((r) => r.id);
    const statuses = new Map<string, PortalStatus>();
    if (ids.length) {
      const { inPortal, invited } = await repo.portalStates(yardId, ids);
      for (const id of invited) statuses.set(id, 'invited');
      for (const id of inPortal) statuses.set(id, 'in_portal');
    }
    return {
      customers: result.rows.map((r) => ({
        id: r.id,
        customerNumber: r.customer_number,
        firstName: r.first_name,
        lastName: r.last_name,
        company: r.company,
        email: r.email,
        phone: r.phone,
        portalStatus: statuses.get(r.id) ?? 'none',
      })),
      nextCursor: result.nextCursor,
      capped: result.capped,
    };
  }

  async function profile(yardId: string, customerId: string): Promise<CustomerProfileResponse> {
    const customer = await repo.findById(yardId, customerId);
    if (!customer) throw notFound('That customer');
    const [data, facts, timeline] = await Promise.all([
      loadAccountData(repo, yardId, customer, { archivedBoats: true }),
      invites.facts(yardId, customerId),
      events.list(yardId, customerId),
    ]);
    return {
      ...data,
      portal: portalState({ ...facts, email: customer.email }, deps.clock.now()),
      timeline: timeline.map((e) => ({
        id: e.id,
        kind: e.kind as CustomerProfileResponse['timeline'][number]['kind'],
        at: e.created_at.toISOString(),
        actorName: e.actor_name,
        summary: timelineSummary(
          e.kind as CustomerProfileResponse['timeline'][number]['kind'],
          e.detail ?? {},
          e.actor_name,
        ),
        orderNumber: orderOfEvent(e.detail ?? {}, data.invoices),
      })),
    };
  }

  /**
   * Edits contact details. A changed email voids every invite link sent to the old
   * address in the same transaction, so an old email can never open the account.
   */
  async function update(yardId: string, customerId: string, staffId: string, patch: UpdateCustomerRequest) {
    const now = deps.clock.now();
    let phoneFields = {};
    if (patch.phone !== undefined) {
      const normalized = patch.phone ? normalizePhone(patch.phone) : null;
      if (patch.phone && !normalized) {
        throw new AppError(
          'VALIDATION',
          `"${patch.phone}" does not look like a phone number. Use e.g. (305) 555-0142.`,
          {
            fields: { phone: 'Not a phone number' },
          },
        );
      }
      phoneFields = {
        phone: patch.phone || null,
        phone_e164: normalized?.e164 ?? null,
        phone_digits: normalized?.digits ?? null,
      };
    }
    await db.transaction().execute(async (trx) => {
      const before = await repo.lockById(trx, yardId, customerId);
      if (!before) throw notFound('That customer');
      await repo.update(
        trx,
        yardId,
        customerId,
        {
          ...(patch.firstName !== undefined && { first_name: patch.firstName }),
          ...(patch.lastName !== undefined && { last_name: patch.lastName }),
          ...(patch.company !== undefined && { company: patch.company || null }),
          ...(patch.email !== undefined && { email: patch.email || null }),
          ...(patch.street !== undefined && { street: patch.street || null }),
          ...(patch.city !== undefined && { city: patch.city || null }),
          ...(patch.state !== undefined && { state: patch.state || null }),
          ...(patch.postalCode !== undefined && { postal_code: patch.postalCode || null }),
          ...phoneFields,
        },
        now,
      );
      const newEmail = patch.email === undefined ? before.email : patch.email || null;
      if ((newEmail ?? '').toLowerCase() !== (before.email ?? '').toLowerCase()) {
        await inviteLinks.revoke(trx, yardId, customerId, now);
        await events.add(
          {
            yardId,
            customerId,
            kind: 'email_changed',
            at: now,
            actorStaffId: staffId,
            detail: { email: newEmail },
          },
          trx,
        );
      }
    });
    return profile(yardId, customerId);
  }

  return { list, profile, update };
}

export type CustomersService = ReturnType<typeof createCustomersService>;

/** The order a portal event names: by its number, or through the invoice a payment was for. */
function orderOfEvent(
  detail: Record<string, unknown>,
  invoices: { number: number; orderNumber: number }[],
): number | null {
  if (typeof detail.orderNumber === 'number') return detail.orderNumber;
  if (typeof detail.invoiceNumber === 'number') {
    return invoices.find((i) => i.number === detail.invoiceNumber)?.orderNumber ?? null;
  }
  return null;
}
