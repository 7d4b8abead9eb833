import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../server/deps.js';
import { AppError } from '../../server/errors.js';
import { errorResponses } from '../../shared/api-schemas/errors.js';
import { ServiceRequestDetails, ServiceRequestResponse } from '../../shared/api-schemas/service-requests.js';
import { multiLine, singleLine } from '../../shared/api-schemas/text-fields.js';
import type { Sessions } from '../auth/sessions.js';
import { YardParams } from '../invites/invites.routes.js';
import { yardFromSlug } from '../yards/yard-from-slug.js';
import {
  declaredPhotoType,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  PHOTO_TYPE_NAMES,
  type PhotoType,
  photoProblem,
} from './photo-check.js';
import { createServiceRequests, type ServiceRequestInput } from './service-requests.service.js';

const validDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-07-15')
  .refine(validDate, 'That date does not exist');
const optionalText = (max: number, label: string) => singleLine(label, max).optional();

/** The form's text fields (photos travel as files beside them). Empty fields count as not given. */
export const ServiceRequestFields = z
  .strictObject({
    boatId: z.string().uuid('Choose one of your boats, or add a new one').optional(),
    newBoatName: optionalText(100, 'Boat name'),
    newBoatMake: optionalText(100, 'Make'),
    newBoatModel: optionalText(100, 'Model'),
    newBoatYear: z.coerce
      .number({ message: 'Year must be a number, e.g. 2019' })
      .int('Year must be a whole number')
      .min(1900, 'Year must be 1900 or later')
      .max(2100, 'Year must be 2100 or earlier')
      .optional(),
    newBoatLength: z
      .string()
      .regex(/^\d{1,3}(\.\d)?$/, 'Length in feet, e.g. 24 or 24.5')
      .optional(),
    title: optionalText(120, 'Title'),
    description: multiLine('The description', 4000, { missing: 'Describe the work you need' }).min(
      10,
      'Describe the work in a few words (at least 10 characters)',
    ),
    preferredFrom: DateText.optional(),
    preferredTo: DateText.optional(),
  })
  .superRefine((f, ctx) => {
    if (!f.boatId && !f.newBoatName) {
      ctx.addIssue({
        code: 'custom',
        path: ['boatId'],
        message: 'Choose one of your boats, or add a new one',
      });
    }
    if (f.boatId && f.newBoatName) {
      ctx.addIssue({ code: 'custom', path: ['boatId'], message: 'Choose a boat or add a new one, not both' });
    }
    if (f.preferredFrom && f.preferredTo && f.preferredTo < f.preferredFrom) {
      ctx.addIssue({
        code: 'custom',
        path: ['preferredTo'],
        message: 'The latest date cannot be before the earliest date',
      });
    }
  });

const MULTIPART_LIMITS = {
  fileSize: MAX_PHOTO_BYTES,
  files: MAX_PHOTOS,
  fields: 20,
  fieldSize: 16 * 1024,
  parts: 30,
};

/** Turns the multipart plugin's limit errors into answers that say what to change. */
function uploadError(err: unknown, fileName: string | null): unknown {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(
        'PHOTO_TOO_LARGE',
        `${fileName ? `"${fileName}"` : 'A photo'} is larger than 10 MB. Attach a smaller photo (most phones can share a smaller size).`,
      );
    case 'FST_FILES_LIMIT':
      return new AppError('TOO_MANY_PHOTOS', `Attach at most ${MAX_PHOTOS} photos.`);
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('TOO_MANY_FIELDS', 'The form has more fields than expected.');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the service request as a form (multipart/form-data).',
      );
    default:
      if (err instanceof AppError) return err;
      // Anything else from reading the parts is a form the parser could not read (no
      // boundary, a truncated body, a malformed part header): the request's fault, not ours.
      return new AppError(
        'BAD_REQUEST',
        'The form could not be read (malformed multipart/form-data). Send it again from the service request page.',
      );
  }
}

/** Reads the whole form, checking every photo as it arrives; nothing is written before all pass. */
async function readServiceRequestForm(req: FastifyRequest): Promise<ServiceRequestInput> {
  const fields: Record<string, string> = {};
  const photos: ServiceRequestInput['photos'] = [];
  let current: string | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        current = part.filename || 'photo';
        if (part.fieldname !== 'photos') {
          throw new AppError('VALIDATION', 'Attach photos in the photo field.', {
            fields: { photos: 'Unexpected file field' },
          });
        }
        const data = await part.toBuffer();
        // A file input left empty still sends a nameless, empty part.
        if (!part.filename && data.length === 0) continue;
        const problem = photoProblem(current, part.mimetype, data);
        if (problem) {
          throw new AppError(problem.code, problem.message, {
            fields: { photos: problem.message },
            accepted: PHOTO_TYPE_NAMES,
          });
        }
        // photoProblem checked the declared type is one of ours and the bytes agree with it.
        const contentType = declaredPhotoType(part.mimetype) as PhotoType;
        photos.push({ fileName: current.slice(0, 200), contentType, data });
        current = null;
      } else if (typeof part.value === 'string' && part.value.trim() !== '') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    throw uploadError(err, current);
  }
  const parsed = ServiceRequestFields.safeParse(fields);
  if (!parsed.success) {
    const out: Record<string, string> = {};
    for (const issue of parsed.error.issues) out[issue.path.join('.') || '_'] ??= issue.message;
    const [first] = Object.entries(out);
    throw new AppError('VALIDATION', first ? first[1] : 'Some of the input is not valid.', {
      fields: out,
    });
  }
  const f = parsed.data;
  return {
    boat: f.boatId
      ? { id: f.boatId }
      : {
          new: {
            name: f.newBoatName!,
            make: f.newBoatMake || null,
            model: f.newBoatModel || null,
            year: f.newBoatYear ?? null,
            lengthFt: f.newBoatLength ?? null,
          },
        },
    title: f.title ?? '',
    description: f.description,
    preferredFrom: f.preferredFrom ?? null,
    preferredTo: f.preferredTo ?? null,
    photos,
  };
}

const OrderParams = YardParams.extend({ orderId: z.string().uuid('Order ids are UUIDs') });
const PhotoParams = OrderParams.extend({ photoId: z.string().uuid('Photo ids are UUIDs') });
const StaffOrderParams = z.object({ orderId: z.string().uuid('Order ids are UUIDs') });
const StaffPhotoParams = StaffOrderParams.extend({ photoId: z.string().uuid('Photo ids are UUIDs') });

/** A stored photo, as an image only: never rendered as anything else, never cached by others. */
function sendPhoto(reply: FastifyReply, photo: { file_name: string; content_type: string; data: Buffer }) {
  const safeName = photo.file_name.replace(/[^\w.\- ]+/g, '_').slice(0, 100) || 'photo';
  return reply
    .header('Content-Type', photo.content_type)
    .header('Content-Disposition', `inline; filename="${safeName}"`)
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, max-age=3600')
    .send(Buffer.from(photo.data));
}

/** Request service from the portal (multipart, up to five photos); the request's details and photos for the customer and staff. */
export function serviceRequestRoutes(deps: AppDeps, sessions: Sessions): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const service = createServiceRequests(deps);
  return async (app) => {
    // Only this plugin's routes accept multipart bodies; the limits bound memory per request.
    await app.register(multipart, { limits: MULTIPART_LIMITS });

    app.post(
      '/api/portal/:yard/service-requests',
      {
        schema: {
          params: YardParams,
          response: { 201: ServiceRequestResponse, ...errorResponses(401, 404, 413, 415, 422) },
        },
      },
      async (req, reply) => {
        const yard = await yardFromSlug(db, req.params.yard);
        // Signed in before a byte of the upload is read.
        const me = await sessions.customer(req, yard.id);
        const input = await readServiceRequestForm(req);
        return reply.code(201).send(await service.requestService(yard, me, input));
      },
    );

    app.get(
      '/api/portal/:yard/service-requests/:orderId',
      {
        schema: {
          params: OrderParams,
          response: { 200: ServiceRequestDetails, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const yard = await yardFromSlug(db, req.params.yard);
        const me = await sessions.customer(req, yard.id);
        const base = `/api/portal/${yard.slug}/service-requests/${req.params.orderId}/photos`;
        return service.details(yard.id, req.params.orderId, (id) => `${base}/${id}`, me.customerId);
      },
    );

    app.get(
      '/api/portal/:yard/service-requests/:orderId/photos/:photoId',
      { schema: { params: PhotoParams } },
      async (req, reply) => {
        const yard = await yardFromSlug(db, req.params.yard);
        const me = await sessions.customer(req, yard.id);
        const { orderId, photoId } = req.params;
        return sendPhoto(reply, await service.photo(yard.id, orderId, photoId, me.customerId));
      },
    );

    app.get(
      '/api/staff/orders/:orderId/service-request',
      {
        schema: {
          params: StaffOrderParams,
          response: { 200: ServiceRequestDetails, ...errorResponses(401, 404, 422) },
        },
      },
      async (req) => {
        const staff = await sessions.staff(req);
        const base = `/api/staff/orders/${req.params.orderId}/service-request/photos`;
        return service.details(staff.yardId, req.params.orderId, (id) => `${base}/${id}`);
      },
    );

    app.get(
      '/api/staff/orders/:orderId/service-request/photos/:photoId',
      { schema: { params: StaffPhotoParams } },
      async (req, reply) => {
        const staff = await sessions.staff(req);
        return sendPhoto(reply, await service.photo(staff.yardId, req.params.orderId, req.params.photoId));
      },
    );
  };
}
