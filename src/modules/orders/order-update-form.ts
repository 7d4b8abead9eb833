import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { multiLine } from '../../shared/api-schemas/text-fields.js';
import { MAX_PHOTO_BYTES } from '../service-requests/photo-check.js';
import { type FormPhoto, readPhotoForm } from '../service-requests/photo-form.js';

/** An update's limits (docs/job-updates.md): the photos are checked as service-request photos are. */
export const MAX_UPDATE_PHOTOS = 6;
export const MAX_UPDATE_CHARS = 4000;

export interface OrderUpdateInput {
  body: string;
  photos: FormPhoto[];
}

const UpdateFields = z.strictObject({
  body: multiLine('The update', MAX_UPDATE_CHARS, {
    missing: 'Write what was done or found on the job',
  }).min(1, 'Write what was done or found on the job'),
});

/** The multipart plugin's limits for the form: they bound memory per request. */
export const UPDATE_MULTIPART_LIMITS = {
  fileSize: MAX_PHOTO_BYTES,
  files: MAX_UPDATE_PHOTOS,
  fields: 5,
  fieldSize: 20 * 1024,
  parts: 15,
};

/**
 * Reads the whole update form, checking each photo by its bytes as it arrives. Nothing
 * touches the database here: the caller writes only once every part has been read and passed.
 */
export async function readOrderUpdateForm(req: FastifyRequest): Promise<OrderUpdateInput> {
  const { fields, photos } = await readPhotoForm(req, UpdateFields, {
    tooManyFiles: `Attach at most ${MAX_UPDATE_PHOTOS} photos to one update.`,
    notMultipart: 'Send the update as a form (multipart/form-data).',
    unreadable:
      'The form could not be read (malformed multipart/form-data). Send the update again from the order page.',
  });
  return { body: fields.body, photos };
}
