import type { Kysely } from 'kysely';
import type { DB, Yard } from '../../db/schema.js';
import { notFound } from '../../server/errors.js';
import type { PortalMe } from '../../shared/api-types.js';
import { accountDataView } from '../customers/account-data.js';
import { accountDataRepo } from '../customers/account-data.repo.js';
import { yardSummary } from '../yards/yard-summary.js';

/** What a signed-in customer sees: their own records at this yard, nothing else. */
export async function portalAccountData(db: Kysely<DB>, yard: Yard, customerId: string): Promise<PortalMe> {
  // One statement: the customer and their records (account-data.repo.ts).
  const row = await accountDataRepo(db).account(yard.id, customerId);
  if (!row) throw notFound('Your account');
  return { yard: yardSummary(yard), ...accountDataView(row, row) };
}
