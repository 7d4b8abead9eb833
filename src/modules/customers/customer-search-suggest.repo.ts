import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Words of a term looked at for a suggestion; names are seldom more. */
const MAX_WORDS = 3;

/**
 * "Did you mean …?" for a term that found nobody: each word of three or more letters
 * that is not a first or last name of the yard is replaced by the most similar one that
 * is (pg_trgm similarity above its threshold, 0.3; ties go to the name more customers
 * carry). Looks only in customer_names, the yard's distinct names (0013), never in the
 * customers. Null when no word changes.
 */
export async function suggestNames(db: Kysely<DB>, yardId: string, term: string): Promise<string | null> {
  const words = term.split(' ').slice(0, MAX_WORDS);
  const asked = words.map((w) => w.toLowerCase()).filter((w) => [...w].length >= 3 && /\p{L}/u.test(w));
  if (!asked.length) return null;
  const { rows } = await sql<{ word: string; name: string | null }>`
    SELECT w.word, (
      SELECT name FROM customer_names
      WHERE yard_id = ${yardId} AND name % w.word
      ORDER BY name = w.word DESC, similarity(name, w.word) DESC, customers DESC, name
      LIMIT 1
    ) AS name
    FROM unnest(${asked}::text[]) AS w(word)`.execute(db);
  const best = new Map(rows.map((r) => [r.word, r.name]));
  let changed = false;
  const out = words.map((w) => {
    const name = best.get(w.toLowerCase());
    if (!name || name === w.toLowerCase()) return w;
    changed = true;
    return capitalise(name);
  });
  return changed ? out.join(' ') : null;
}

/** "o'neil-smith" → "O'Neil-Smith": names are kept lower-cased. */
function capitalise(name: string): string {
  return name.replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}
