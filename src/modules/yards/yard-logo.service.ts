import type { AppDeps } from '../../server/deps.js';
import { AppError, notFound } from '../../server/errors.js';
import { type AuditActor, auditRepo } from '../audit/audit.repo.js';
import { sniffPhotoType } from '../service-requests/photo-check.js';
import { type LogoType, yardLogoRepo } from './yard-logo.repo.js';

/** A logo is shown in pages and emails: images every browser and mail client shows. */
export const LOGO_TYPES: readonly LogoType[] = ['image/png', 'image/jpeg', 'image/webp'];
export const MAX_LOGO_BYTES = 1024 * 1024;

/**
 * What the bytes are, whatever the file is called or the browser says: a logo named .png
 * that holds a JPEG is a JPEG. Anything else (text, HEIC, a PDF) is refused.
 */
export function logoType(fileName: string, bytes: Uint8Array): LogoType {
  if (bytes.length === 0) {
    const message = `"${fileName}" is empty. Choose the logo image again.`;
    throw new AppError('VALIDATION', message, { fields: { logo: message } });
  }
  const sniffed = sniffPhotoType(bytes);
  if (!sniffed || !(LOGO_TYPES as readonly string[]).includes(sniffed)) {
    throw new AppError(
      'LOGO_TYPE',
      `"${fileName}" is not a PNG, JPEG or WebP image. Upload the logo as one of those.`,
    );
  }
  return sniffed as LogoType;
}

/** The yard's logo: the owner uploads or removes it; anyone may fetch it (pages, emails). */
export function createYardLogoService(
  deps: Pick<AppDeps, 'database' | 'clock'>,
  /** Hears of each committed change (the yard cache of yards.service.ts forgets it). */
  changed: (yardId: string) => void = () => {},
) {
  const { db } = deps.database;
  const repo = yardLogoRepo(db);
  const audit = auditRepo(db);

  /** Called once the upload is read in full: no transaction is held while a client sends bytes. */
  async function put(yardId: string, file: { fileName: string; data: Buffer }, actor: AuditActor) {
    const type = logoType(file.fileName, file.data);
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await repo.lock(trx, yardId);
      await repo.put(trx, yardId, type, file.data, now);
      await audit.record(
        {
          yardId,
          actor,
          entity: 'settings',
          entityId: yardId,
          action: 'logo_changed',
          changes: {
            logo: {
              before: before?.logo_updated_at?.toISOString() ?? null,
              after: `${type}, ${file.data.length} bytes`,
            },
          },
          at: now,
        },
        trx,
      );
    });
    changed(yardId);
  }

  async function remove(yardId: string, actor: AuditActor) {
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await repo.lock(trx, yardId);
      if (!before?.logo_updated_at) return;
      await repo.remove(trx, yardId);
      await audit.record(
        {
          yardId,
          actor,
          entity: 'settings',
          entityId: yardId,
          action: 'logo_removed',
          changes: { logo: { before: before.logo_updated_at.toISOString(), after: null } },
          at: now,
        },
        trx,
      );
    });
    changed(yardId);
  }

  async function bySlug(slug: string) {
    const logo = await repo.bySlug(slug);
    if (!logo) throw notFound('That logo');
    return { contentType: logo.content_type, bytes: Buffer.from(logo.bytes), updatedAt: logo.updated_at };
  }

  return { put, remove, bySlug };
}

export type YardLogoService = ReturnType<typeof createYardLogoService>;
