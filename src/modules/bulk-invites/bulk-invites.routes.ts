import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors.js';
import { type SpoolOptions, spoolOneFile } from '../../server/multipart-upload.js';
import {
  InviteBatchListResponse,
  InviteBatchRowsResponse,
  InviteBatchSummary,
  InviteFromSearchRequest,
} from '../../shared/api-schemas/bulk-invites.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import type { Sessions } from '../auth/sessions.js';
import { BatchParams, BatchRowsQuery } from './bulk-invites.schemas.js';
import type { InviteBatchesService } from './invite-batches.service.js';
import { templateCsv, templateXlsx, writeCsv, writeXlsx } from './spreadsheet/index.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

function download(reply: FastifyReply, fileName: string, type: string, body: unknown) {
  return reply
    .header('Content-Type', type)
    .header('Content-Disposition', `attachment; filename="${fileName.replace(/[^\w.\- ]+/g, '_')}"`)
    .header('Cache-Control', 'no-store')
    .send(body);
}

/** What an upload of the filled template answers when it is not one we take. */
const uploadAnswers = (maxBytes: number): SpoolOptions['answers'] => ({
  tooLarge: () =>
    new AppError(
      'FILE_TOO_LARGE',
      `The file is larger than ${megabytes(maxBytes)}. Split it into smaller files and upload them one by one.`,
    ),
  notMultipart: () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload the template as a form (multipart/form-data).'),
  unreadable: () =>
    new AppError('BAD_REQUEST', 'The upload could not be read. Choose the file and upload it again.'),
  interrupted: () => new AppError('BAD_REQUEST', 'The upload was interrupted. Upload the file again.'),
  missingFile: () =>
    new AppError('VALIDATION', 'Choose a filled invite template (CSV or .xlsx) to upload.', {
      fields: { file: 'Required' },
    }),
});

/** Bulk invites for staff: the template, uploads and their preview, confirmation, progress, reports. */
export function bulkInviteRoutes({
  sessions,
  batches,
  maxBytes,
}: {
  sessions: Pick<Sessions, 'staff'>;
  batches: InviteBatchesService;
  /** BULK_INVITE_MAX_BYTES: the largest template upload taken. */
  maxBytes: number;
}): FastifyPluginAsyncZod {
  const answers = uploadAnswers(maxBytes);
  return async (app) => {
    await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 } });

    app.get(
      '/api/staff/invite-batches/template.csv',
      { config: { access: 'staff:invites' } },
      async (req, reply) => {
        await sessions.staff(req);
        return download(reply, 'slipway-invite-template.csv', 'text/csv; charset=utf-8', templateCsv());
      },
    );

    app.get(
      '/api/staff/invite-batches/template.xlsx',
      { config: { access: 'staff:invites' } },
      async (req, reply) => {
        await sessions.staff(req);
        return download(reply, 'slipway-invite-template.xlsx', XLSX, templateXlsx());
      },
    );

    app.post(
      '/api/staff/invite-batches',
      {
        config: { access: 'staff:invites' },
        schema: { response: { 201: InviteBatchSummary, ...errorResponses(400, 401, 413, 415, 422) } },
      },
      async (req, reply) => {
        const me = await sessions.staff(req);
        // The template is received into a temporary file (bounded by BULK_INVITE_MAX_BYTES), so
        // reading and matching it never waits on the network and an .xlsx can be read by random access.
        const file = await spoolOneFile(req, { field: 'file', maxBytes, answers });
        try {
          return reply.code(201).send(await batches.createFromUpload(me.yardId, me.staffId, file));
        } finally {
          await rm(file.path, { force: true });
        }
      },
    );

    app.post(
      '/api/staff/invite-batches/from-search',
      {
        config: { access: 'staff:invites' },
        schema: {
          body: InviteFromSearchRequest,
          response: { 201: InviteBatchSummary, ...errorResponses(401, 422) },
        },
      },
      async (req, reply) => {
        const me = await sessions.staff(req);
        return reply.code(201).send(await batches.createFromSearch(me.yardId, me.staffId, req.body.q));
      },
    );

    app.get(
      '/api/staff/invite-batches',
      {
        config: { access: 'staff:invites' },
        schema: { response: { 200: InviteBatchListResponse, ...errorResponses(401) } },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return { batches: await batches.list(me.yardId) };
      },
    );

    app.get(
      '/api/staff/invite-batches/:id',
      {
        config: { access: 'staff:invites' },
        schema: {
          params: BatchParams,
          response: { 200: InviteBatchSummary, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return batches.summary(me.yardId, req.params.id);
      },
    );

    app.get(
      '/api/staff/invite-batches/:id/rows',
      {
        config: { access: 'staff:invites' },
        schema: {
          params: BatchParams,
          querystring: BatchRowsQuery,
          response: { 200: InviteBatchRowsResponse, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return batches.rows(me.yardId, req.params.id, req.query);
      },
    );

    app.post(
      '/api/staff/invite-batches/:id/confirm',
      {
        config: { access: 'staff:invites' },
        schema: {
          params: BatchParams,
          response: { 200: InviteBatchSummary, ...errorResponses(401, 404, 409) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return batches.confirm(me.yardId, req.params.id, me.staffId);
      },
    );

    app.post(
      '/api/staff/invite-batches/:id/cancel',
      {
        config: { access: 'staff:invites' },
        schema: {
          params: BatchParams,
          response: { 200: InviteBatchSummary, ...errorResponses(401, 404, 409) },
        },
      },
      async (req) => {
        const me = await sessions.staff(req);
        return batches.cancel(me.yardId, req.params.id);
      },
    );

    for (const format of ['csv', 'xlsx'] as const) {
      app.get(
        `/api/staff/invite-batches/:id/report.${format}`,
        { config: { access: 'staff:invites' }, schema: { params: BatchParams } },
        async (req, reply) => {
          const me = await sessions.staff(req);
          const { batch, header, rows } = await batches.report(me.yardId, req.params.id);
          const name = `invite-report-${batch.created_at.toISOString().slice(0, 10)}-${batch.id.slice(0, 8)}`;
          if (format === 'csv') {
            return download(
              reply,
              `${name}.csv`,
              'text/csv; charset=utf-8',
              Readable.from(writeCsv(header, rows)),
            );
          }
          return download(reply, `${name}.xlsx`, XLSX, writeXlsx([{ name: 'Report', header, rows }]));
        },
      );
    }
  };
}
