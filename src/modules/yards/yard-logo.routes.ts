import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../server/errors.js';
import { type FormFile, readForm } from '../../server/multipart-upload.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { YardSettingsView } from '../../shared/api-schemas/yards.js';
import { staffActor } from '../audit/audit-actor.js';
import type { Sessions } from '../auth/sessions.js';
import { MAX_LOGO_BYTES, type YardLogoService } from './yard-logo.service.js';
import type { YardSettingsService } from './yard-settings.service.js';

const LogoParams = z.object({ slug: z.string().max(100) });

const invalid = (message: string) => new AppError('VALIDATION', message, { fields: { logo: message } });

/** The owner uploads or removes the yard's logo (multipart, one image in the field `logo`). */
export function yardLogoStaffRoutes({
  sessions,
  logo,
  settings,
}: {
  sessions: Pick<Sessions, 'staff'>;
  logo: YardLogoService;
  settings: Pick<YardSettingsService, 'get'>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    // Only these routes take multipart bodies; the limits bound memory to one logo.
    await app.register(multipart, {
      limits: { fileSize: MAX_LOGO_BYTES, files: 1, fields: 2, fieldSize: 1024, parts: 3 },
    });

    app.put(
      '/api/staff/yard/logo',
      {
        config: { access: 'staff:owner' },
        schema: { response: { 200: YardSettingsView, ...errorResponses(400, 401, 403, 413, 415, 422) } },
      },
      async (req) => {
        const s = await sessions.staff(req);
        let file: FormFile | null = null;
        // The whole image is read before anything touches the database.
        await readForm(req, {
          fileField: 'logo',
          unnamedFile: 'The logo',
          onFile: (f) => {
            file = f;
          },
          answers: {
            notMultipart: () =>
              new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the logo as a form with a file in "logo".'),
            unreadable: () =>
              new AppError('BAD_REQUEST', 'The upload could not be read. Choose the logo again.'),
            tooLarge: () => new AppError('LOGO_TOO_LARGE'),
            tooManyFiles: () => invalid('Upload one logo image at a time.'),
            wrongFileField: () => invalid('Send the logo in the field "logo".'),
          },
        });
        if (!file) throw invalid('Choose a logo image to upload.');
        await logo.put(s.yardId, file, staffActor(s, req));
        return settings.get(s.yardId, s.staffId);
      },
    );

    app.delete(
      '/api/staff/yard/logo',
      {
        config: { access: 'staff:owner' },
        schema: { response: { 200: YardSettingsView, ...errorResponses(401, 403) } },
      },
      async (req) => {
        const s = await sessions.staff(req);
        await logo.remove(s.yardId, staffActor(s, req));
        return settings.get(s.yardId, s.staffId);
      },
    );
  };
}

/**
 * The yard's logo for anyone: the portal's sign-in page and emails show it. Served as an
 * image only (never sniffed into anything else, sandboxed if opened directly); its address
 * carries its version, so browsers and mail proxies may keep it.
 */
export function yardLogoPublicRoutes({
  logo,
}: {
  logo: Pick<YardLogoService, 'bySlug'>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/yards/:slug/logo',
      { config: { access: 'public' }, schema: { params: LogoParams } },
      async (req, reply) => {
        const found = await logo.bySlug(req.params.slug);
        const etag = `"${found.updatedAt.getTime()}"`;
        reply
          .header('ETag', etag)
          .header('Last-Modified', found.updatedAt.toUTCString())
          .header('Cache-Control', 'public, max-age=86400')
          .header('X-Content-Type-Options', 'nosniff')
          .header('Content-Security-Policy', "default-src 'none'; sandbox")
          // Mail clients and webmail show it from their own origin.
          .header('Cross-Origin-Resource-Policy', 'cross-origin');
        if (req.headers['if-none-match'] === etag) return reply.code(304).send();
        const ext = found.contentType.slice(6);
        return reply
          .header('Content-Type', found.contentType)
          .header('Content-Disposition', `inline; filename="logo.${ext}"`)
          .send(found.bytes);
      },
    );
  };
}
