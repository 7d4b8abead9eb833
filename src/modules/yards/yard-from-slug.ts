import type { Kysely } from 'kysely';
import type { DB, Yard } from '../../db/schema.js';
import { notFound } from '../../server/errors.js';
import { yardsRepo } from './yards.repo.js';

/** The yard a portal address names; an unknown slug is a plain 404. */
export async function yardFromSlug(db: Kysely<DB>, slug: string): Promise<Yard> {
  const yard = await yardsRepo(db).findBySlug(slug);
  if (!yard) throw notFound('That portal');
  return yard;
}
