import type { Kysely } from 'kysely';
import type { DB, Yard } from '../../db/schema.js';
import { notFound } from '../../server/errors.js';
import type { PortalMe } from '../../shared/api-types.js';
import { narrowToBoat } from '../access/portal-records.js';
import { accountDataView } from '../customers/account-data.js';
import { accountDataRepo } from '../customers/account-data.repo.js';
import { yardSummary } from '../yards/yard-summary.js';

/**
 * What a signed-in customer sees: the record they act for at this yard, nothing else —
 * narrowed to one boat for a one-boat grant (docs/shared-access.md).
 */
export async function portalAccountData(
  db: Kysely<DB>,
  yard: Yard,
  customerId: string,
  boatId: string | null = null,
): Promise<Omit<PortalMe, 'access'>> {
  // One statement: the customer and their records (account-data.repo.ts).
  const row = await accountDataRepo(db).account(yard.id, customerId);
  if (!row) throw notFound('Your account');
  return { yard: yardSummary(yard), ...narrowToBoat(accountDataView(row, row), boatId) };
}
