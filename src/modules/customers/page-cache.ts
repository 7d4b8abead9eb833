import { pageCacheMetrics } from '../../server/metrics.js';

/**
 * Pages this process built, each kept beside the version of its record it was read at
 * (record_versions, migration 0033; docs/page-cache.md). A request reads the record's version
 * with its session and takes the page only when the versions are equal: every write the page
 * shows replaces the version in its own transaction, so a kept page is never older than what
 * the database holds. Versions are random, compared for equality only: a failed-over standby or
 * a restored backup holds either a page's version with its rows, or another. At most `limit`
 * pages, the least recently used go first; 0 keeps none.
 */
export function pageCache<P>(name: 'me' | 'profile', limit: number) {
  const pages = new Map<string, { version: string; page: P }>();
  return {
    /** The page of this record at this version, if this process kept it. */
    get(recordId: string, version: string): P | undefined {
      const kept = pages.get(recordId);
      if (!kept || kept.version !== version) {
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
    set(recordId: string, version: string, page: P): void {
      if (limit === 0) return;
      // A slower request may put back a page of an older version: the next request reads the
      // record's version and, finding it other, reads the page again.
      pages.delete(recordId);
      pages.set(recordId, { version, page });
      if (pages.size > limit) pages.delete(pages.keys().next().value as string);
    },

    get size() {
      return pages.size;
    },
  };
}

export type PageCache<P> = ReturnType<typeof pageCache<P>>;
