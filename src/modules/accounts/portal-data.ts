import type { Kysely } from 'kysely';
import type { DB, Yard } from '../../db/schema.js';
import { notFound } from '../../server/errors.js';
import type { PortalMe } from '../../shared/api-types.js';
import { loadAccountData } from '../customers/account-data.js';
import { customersRepo } from '../customers/customers.repo.js';
import { yardSummary } from '../yards/yard-summary.js';

/** What a signed-in customer sees: their own records at this yard, nothing else. */
export async function portalAccountData(db: Kysely<DB>, yard: Yard, customerId: string): Promise<PortalMe> {
  const repo = customersRepo(db);
  const customer = await repo.findById(yard.id, customerId);
  if (!customer) throw notFound('Your account');
  return {
    yard: yardSummary(yard),
    ...(await loadAccountData(repo, yard.id, customer)),
  };
}
