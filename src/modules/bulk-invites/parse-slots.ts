import { busy } from '../../server/errors.js';

/**
 * How many uploads one web process reads and matches at once: `max` in all, and one per
 * yard, so a yard sending file after file cannot take every slot from the others. A
 * request that finds no slot is answered at once ("busy, retry") rather than queued, so a
 * burst of uploads never piles up memory or open requests behind the ones being read.
 */
export function parseSlots(max: number) {
  const yards = new Set<string>();
  return {
    /** A slot for this yard's upload, released by calling the returned function; throws BUSY. */
    take(yardId: string): () => void {
      if (yards.has(yardId)) {
        throw busy(
          'Another file of this yard is being read right now. Wait for its preview, then upload this one.',
          5,
        );
      }
      if (yards.size >= max) {
        throw busy('Slipway is reading other files right now. Upload this one again in a few seconds.', 5);
      }
      yards.add(yardId);
      let released = false;
      return () => {
        if (!released) yards.delete(yardId);
        released = true;
      };
    },
  };
}
