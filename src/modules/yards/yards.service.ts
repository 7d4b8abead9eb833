import type { Yard } from '../../db/schema.js';
import type { AppDeps } from '../../server/deps.js';
import { notFound, unauthenticated } from '../../server/errors.js';
import { GRANTS } from '../../server/permissions.js';
import type { StaffMe } from '../../shared/api-types.js';
import { yardSummary } from './yard-summary.js';
import { yardsRepo } from './yards.repo.js';

/**
 * How long a yard read by its slug is kept: a change made by another web process shows
 * within this; one made by this process (settings, logo) at once (`forget`).
 */
export const YARD_CACHE_MS = 5_000;
/** Yards kept at most; the least recently used goes first. */
export const YARD_CACHE_SIZE = 1_000;

/** Yards as the routes see them: the one a portal address names, and who a staff member is. */
export function createYardsService(
  deps: Pick<AppDeps, 'database'>,
  cacheOptions: {
    /** Milliseconds of a clock that only moves forward (the cache's own, not the app's Clock). */
    monotonicMs?: () => number;
    maxYards?: number;
  } = {},
) {
  const { monotonicMs = () => performance.now(), maxYards = YARD_CACHE_SIZE } = cacheOptions;
  const yards = yardsRepo(deps.database.db);
  // Every portal request names its yard; the row changes only when its settings or logo do.
  const cache = new Map<string, { yard: Promise<Yard | undefined>; until: number; id?: string }>();

  function cached(slug: string) {
    const now = monotonicMs();
    const hit = cache.get(slug);
    cache.delete(slug);
    if (hit && hit.until > now) {
      cache.set(slug, hit);
      return hit.yard;
    }
    // One read for the requests that arrive together; a miss or a failure is not kept.
    const yard = yards.findBySlug(slug);
    const entry: { yard: typeof yard; until: number; id?: string } = { yard, until: now + YARD_CACHE_MS };
    cache.set(slug, entry);
    const drop = () => {
      if (cache.get(slug) === entry) cache.delete(slug);
    };
    yard.then((y) => {
      if (y) entry.id = y.id;
      else drop();
    }, drop);
    if (cache.size > maxYards) cache.delete(cache.keys().next().value as string);
    return yard;
  }

  /** The yard a portal address names; an unknown slug is a plain 404. */
  async function bySlug(slug: string): Promise<Yard> {
    const yard = await cached(slug);
    if (!yard) throw notFound('That portal');
    return yard;
  }

  /** The yard's row changed (its settings or logo): the next request reads it again. */
  function forget(yardId: string) {
    // A read still under way may have started before the change: it goes too.
    for (const [slug, entry] of cache) if (entry.id === undefined || entry.id === yardId) cache.delete(slug);
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

  return { bySlug, forget, staffMe, findStaffByEmail: yards.findStaffByEmail };
}

export type YardsService = ReturnType<typeof createYardsService>;
/** What a portal route needs of yards: the one its address names. */
export type PortalYards = Pick<YardsService, 'bySlug'>;
