import type { Yard } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { notFound, unauthenticated } from '../../server/errors.js';
import { GRANTS } from '../../server/permissions.js';
import type { StaffMe } from '../../shared/api-types.js';
import { yardSummary } from './yard-summary.js';
import { yardsRepo } from './yards.repo.js';

/** Yards as the routes see them: the one a portal address names, and who a staff member is. */
export function createYardsService(deps: Pick<AppDeps, 'database'>) {
  const yards = yardsRepo(deps.database.db);

  /** The yard a portal address names; an unknown slug is a plain 404. */
  async function bySlug(slug: string): Promise<Yard> {
    const yard = await yards.findBySlug(slug);
    if (!yard) throw notFound('That portal');
    return yard;
  }

  /** The signed-in staff member and their yard; a session whose staff or yard is gone is signed out. */
  async function staffMe(yardId: string, staffId: string): Promise<StaffMe> {
    const staff = await yards.findStaff(yardId, staffId);
    const yard = await yards.findById(yardId);
    if (!staff || !yard) throw unauthenticated();
    return {
      staff: {
        id: staff.id,
        name: staff.name,
        email: staff.email,
        role: staff.role,
        permissions: [...GRANTS[staff.role]],
      },
      yard: yardSummary(yard),
    };
  }

  return { bySlug, staffMe, findStaffByEmail: yards.findStaffByEmail };
}

export type YardsService = ReturnType<typeof createYardsService>;
/** What a portal route needs of yards: the one its address names. */
export type PortalYards = Pick<YardsService, 'bySlug'>;
