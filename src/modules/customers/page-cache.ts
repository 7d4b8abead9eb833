import { databaseLosses } from '../../db/unavailable.js';
import { pageCacheMetrics } from '../../server/metrics.js';

/**
 * Pages this process built, each kept beside the version of its record it was read at
 * (record_versions, migration 0033; docs/page-cache.md). A request reads the record's version
 * with its session and takes the page only when the versions are equal: every write the page
 * shows raises the version in its own transaction, so a kept page is never older than what the
 * database holds. Pages kept before the process lost the database are not used: a failed-over
 * or restored server may hold less than they show. At most `limit` pages, the least recently
 * used go first; 0 keeps none.
 */
export function pageCache<P>(name: 'me' | 'profile', limit: number) {
  const pages = new Map<string, { version: number; losses: number; page: P }>();
  return {
    /** The page of this record at this version, if this process kept it. */
    get(recordId: string, version: number): P | undefined {
      const kept = pages.get(recordId);
      if (!kept || kept.version !== version || kept.losses !== databaseLosses()) {
        pageCacheMetrics.inc({ page: name, result: 'miss' });
        return undefined;
      }
      // Most recently used last: Map keeps insertion order.
      pages.delete(recordId);
      pages.set(recordId, kept);
      pageCacheMetrics.inc({ page: name, result: 'hit' });
      return kept.page;
    },

    /** Keeps a page read at `version` (read in the same statement as the page). */
    set(recordId: string, version: number, page: P): void {
      if (limit === 0) return;
      const kept = pages.get(recordId);
      // A slower request that read an older version does not replace a newer page.
      if (kept && kept.version > version && kept.losses === databaseLosses()) return;
      pages.delete(recordId);
      pages.set(recordId, { version, losses: databaseLosses(), page });
      if (pages.size > limit) pages.delete(pages.keys().next().value as string);
    },

    get size() {
      return pages.size;
    },
  };
}

export type PageCache<P> = ReturnType<typeof pageCache<P>>;
