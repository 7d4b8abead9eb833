import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../server/errors.js';
import { type SpoolOptions, spoolFiles } from '../../server/multipart-upload.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import {
  ImportInviteResponse,
  ImportListResponse,
  ImportMappingRequest,
  ImportOutcome,
  ImportRowsResponse,
  ImportSummary,
} from '../../shared/api-schemas/imports.js';
import type { Sessions } from '../auth/sessions.js';
import { writeCsv } from '../bulk-invites/spreadsheet/index.js';
import type { ImportsService } from './imports.service.js';

const Params = z.object({ id: z.string().uuid('Import ids are UUIDs; open the import from its list') });
const RowsQuery = z.object({
  outcome: ImportOutcome.optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(500, 'Ask for at most 500 rows at a time').optional(),
});
const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
const records = { access: 'staff:records' } as const;

const uploadAnswers = (maxBytes: number): SpoolOptions['answers'] => ({
  tooLarge: () =>
    new AppError(
      'FILE_TOO_LARGE',
      `A file is larger than ${megabytes(maxBytes)}. Split it into smaller files and import them one by one.`,
    ),
  notMultipart: () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload the export as a form (multipart/form-data).'),
  unreadable: () =>
    new AppError('BAD_REQUEST', 'The upload could not be read. Choose the file and upload it again.'),
  interrupted: () => new AppError('BAD_REQUEST', 'The upload was interrupted. Upload the file again.'),
  missingFile: () =>
    new AppError(
      'VALIDATION',
      'Choose the export to import (CSV or .xlsx) in "customers", and a boats file in "boats" if the boats come separately.',
      { fields: { customers: 'Required' } },
    ),
});

/** Importing customers and boats from another system: upload, mapping, preview, confirm, progress, report. */
export function importRoutes({
  sessions,
  imports,
  maxBytes,
}: {
  sessions: Pick<Sessions, 'staff'>;
  imports: ImportsService;
  maxBytes: number;
}): FastifyPluginAsyncZod {
  const answers = uploadAnswers(maxBytes);
  return async (app) => {
    await app.register(multipart, { limits: { fileSize: maxBytes, files: 2, fields: 5, parts: 7 } });

    app.post(
      '/api/staff/imports',
      {
        config: records,
        schema: { response: { 201: ImportSummary, ...errorResponses(400, 401, 413, 415, 422, 503) } },
      },
      async (req, reply) => {
        const me = await sessions.staff(req);
        // Received into temporary files first: nothing touches the database while a client sends bytes.
        const files = await spoolFiles(req, { fields: ['customers', 'boats'], maxBytes, answers });
        try {
          const customers = files.customers;
          if (!customers) throw answers.missingFile();
          const summary = await imports.createFromUpload(me.yardId, me.staffId, {
            customers,
            boats: files.boats ?? null,
          });
          return reply.code(201).send(summary);
        } finally {
          for (const f of Object.values(files)) if (f) await rm(f.path, { force: true });
        }
      },
    );

    app.get(
      '/api/staff/imports',
      { config: records, schema: { response: { 200: ImportListResponse, ...errorResponses(401) } } },
      async (req) => {
        const me = await sessions.staff(req);
        return { imports: await imports.list(me.yardId) };
      },
    );

    app.get(
      '/api/staff/imports/:id',
      {
        config: records,
        schema: { params: Params, response: { 200: ImportSummary, ...errorResponses(401, 404, 422) } },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return imports.summary(me.yardId, req.params.id);
      },
    );

    app.put(
      '/api/staff/imports/:id/mapping',
      {
        config: records,
        schema: {
          params: Params,
          body: ImportMappingRequest,
          response: { 200: ImportSummary, ...errorResponses(401, 404, 409, 422, 503) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return imports.setMapping(me.yardId, me.staffId, req.params.id, req.body);
      },
    );

    app.get(
      '/api/staff/imports/:id/rows',
      {
        config: records,
        schema: {
          params: Params,
          querystring: RowsQuery,
          response: { 200: ImportRowsResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return imports.rows(me.yardId, req.params.id, req.query);
      },
    );

    for (const [action, run] of [
      ['confirm', (y: string, id: string, s: string) => imports.confirm(y, id, s)],
      ['discard', (y: string, id: string) => imports.discard(y, id)],
    ] as const) {
      app.post(
        `/api/staff/imports/:id/${action}`,
        {
          config: records,
          schema: { params: Params, response: { 200: ImportSummary, ...errorResponses(401, 404, 409, 422) } },
        },
        async (req) => {
          const me = await sessions.staff(req);
          return run(me.yardId, req.params.id, me.staffId);
        },
      );
    }

    app.post(
      '/api/staff/imports/:id/invite',
      {
        config: { access: 'staff:invites' },
        schema: {
          params: Params,
          response: { 201: ImportInviteResponse, ...errorResponses(401, 404, 409, 422) },
        },
      },
      async (req, reply) => {
        const me = await sessions.staff(req);
        return reply.code(201).send(await imports.invite(me.yardId, req.params.id, me.staffId));
      },
    );

    app.get(
      '/api/staff/imports/:id/report.csv',
      { config: records, schema: { params: Params } },
      async (req, reply) => {
        const me = await sessions.staff(req);
        const { job, header, rows } = await imports.report(me.yardId, req.params.id);
        const name = `import-problems-${job.created_at.toISOString().slice(0, 10)}-${job.id.slice(0, 8)}.csv`;
        return reply
          .header('Content-Type', 'text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${name}"`)
          .header('Cache-Control', 'no-store')
          .send(Readable.from(writeCsv(header, rows)));
      },
    );
  };
}
