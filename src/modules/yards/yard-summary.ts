import type { Yard } from '../../db/schema.js';
import type { YardSummary } from '../../shared/api-types.js';

/** Where a yard's logo is served; the version changes with each upload, so caches can keep it. */
export const yardLogoUrl = (yard: Pick<Yard, 'slug' | 'logo_updated_at'>) =>
  yard.logo_updated_at ? `/api/yards/${yard.slug}/logo?v=${yard.logo_updated_at.getTime()}` : null;

/** The yard as every page shows it: its name, logo, money and length units, its clock. */
export function yardSummary(
  yard: Pick<Yard, 'id' | 'slug' | 'name' | 'currency' | 'length_unit' | 'timezone' | 'logo_updated_at'>,
): YardSummary {
  return {
    id: yard.id,
    slug: yard.slug,
    name: yard.name,
    currency: yard.currency,
    lengthUnit: yard.length_unit,
    timezone: yard.timezone,
    logoUrl: yardLogoUrl(yard),
  };
}
