import { getCountries, isSupportedCountry } from 'libphonenumber-js/min';
import type { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import { AppError, unauthenticated } from '../../server/errors.js';
import type * as Yards from '../../shared/api-schemas/yards.js';
import { basisPointsToPercent, percentToBasisPoints } from '../../shared/api-schemas/yards.js';
import type { YardSettingsView } from '../../shared/api-types.js';
import { type AuditActor, auditRepo, changedFields } from '../audit/audit.repo.js';
import { type YardSettingsChange, yardSettingsRepo } from './yard-settings.repo.js';
import { yardLogoUrl } from './yard-summary.js';

/** The countries the phone library can read numbers of, for the default phone country. */
const PHONE_COUNTRIES = [...getCountries()].sort();

type Patch = z.output<typeof Yards.YardSettingsPatch>;

const orNull = (s: string | undefined) => (s === undefined ? undefined : s === '' ? null : s);

/**
 * The yard's settings: any of its staff reads them, only the owner changes them.
 * `changed` hears of each committed change (the yard cache of yards.service.ts forgets it).
 */
export function createYardSettingsService(
  deps: Pick<AppDeps, 'database' | 'config' | 'clock'>,
  changed: (yardId: string) => void = () => {},
) {
  const { db } = deps.database;
  const repo = yardSettingsRepo(db);
  const audit = auditRepo(db);

  const view = (row: NonNullable<Awaited<ReturnType<typeof repo.find>>>, role: string): YardSettingsView => ({
    name: row.name,
    email: row.email ?? '',
    phone: row.phone ?? '',
    address: row.address ?? '',
    timezone: row.timezone,
    inviteExpiryDays: row.invite_expiry_days,
    defaultInviteExpiryDays: deps.config.inviteExpiryDays,
    taxRates: {
      labor: basisPointsToPercent(row.tax_labor_bp),
      parts: basisPointsToPercent(row.tax_parts_bp),
      fees: basisPointsToPercent(row.tax_fees_bp),
    },
    invoiceDueDays: row.invoice_due_days,
    invoiceTerms: row.invoice_terms ?? '',
    estimateValidDays: row.estimate_valid_days,
    currency: row.currency,
    lengthUnit: row.length_unit,
    phoneCountry: row.phone_country,
    phoneCountries: PHONE_COUNTRIES,
    logoUrl: yardLogoUrl(row),
    canEdit: role === 'owner',
  });

  async function get(yardId: string, staffId: string): Promise<YardSettingsView> {
    const role = await repo.staffRole(yardId, staffId);
    const row = await repo.find(yardId);
    if (!role || !row) throw unauthenticated();
    return view(row, role);
  }

  async function update(
    yardId: string,
    staffId: string,
    patch: Patch,
    actor: AuditActor,
  ): Promise<YardSettingsView> {
    const role = await repo.staffRole(yardId, staffId);
    if (!role) throw unauthenticated();
    if (role !== 'owner') {
      throw new AppError(
        'ROLE_FORBIDDEN',
        "Only the yard's owner can change the yard settings. Ask the owner.",
      );
    }
    if (patch.phoneCountry !== undefined && !isSupportedCountry(patch.phoneCountry)) {
      const message = `Default phone country "${patch.phoneCountry}" is not a country code we know; pick one from the list, such as US`;
      throw new AppError('VALIDATION', `phoneCountry: ${message}`, { fields: { phoneCountry: message } });
    }
    const tax = patch.taxRates ?? {};
    const bp = (p: string | undefined) => (p === undefined ? undefined : percentToBasisPoints(p));
    const change: YardSettingsChange = {
      name: patch.name,
      email: orNull(patch.email),
      phone: orNull(patch.phone),
      address: orNull(patch.address),
      timezone: patch.timezone,
      invite_expiry_days: patch.inviteExpiryDays,
      tax_labor_bp: bp(tax.labor),
      tax_parts_bp: bp(tax.parts),
      tax_fees_bp: bp(tax.fees),
      invoice_due_days: patch.invoiceDueDays,
      invoice_terms: orNull(patch.invoiceTerms),
      estimate_valid_days: patch.estimateValidDays,
      currency: patch.currency,
      length_unit: patch.lengthUnit,
      phone_country: patch.phoneCountry,
    };
    const set = Object.fromEntries(
      Object.entries(change).filter(([, v]) => v !== undefined),
    ) as YardSettingsChange;
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await repo.lock(trx, yardId);
      if (!before) throw unauthenticated();
      const changes = changedFields(before, set);
      if (Object.keys(changes).length === 0) return;
      await repo.update(trx, yardId, set);
      await audit.record(
        { yardId, actor, entity: 'settings', entityId: yardId, action: 'updated', changes, at: now },
        trx,
      );
    });
    changed(yardId);
    return get(yardId, staffId);
  }

  return { get, update };
}

export type YardSettingsService = ReturnType<typeof createYardSettingsService>;
