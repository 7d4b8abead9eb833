import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../server/errors.js';
import { readForm, type UploadAnswers } from '../../server/multipart-upload.js';
import { multiLine } from '../../shared/api-schemas/text-fields.js';
import {
  declaredPhotoType,
  MAX_PHOTO_BYTES,
  PHOTO_TYPE_NAMES,
  type PhotoType,
  photoProblem,
} from '../service-requests/photo-check.js';

/** An update's limits (docs/job-updates.md): the photos are checked as service-request photos are. */
export const MAX_UPDATE_PHOTOS = 6;
export const MAX_UPDATE_CHARS = 4000;

export interface OrderUpdateInput {
  body: string;
  photos: Array<{ fileName: string; contentType: PhotoType; data: Buffer }>;
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

const answers: UploadAnswers & { wrongFileField: () => AppError } = {
  tooLarge: (fileName) =>
    new AppError(
      'PHOTO_TOO_LARGE',
      `${fileName ? `"${fileName}"` : 'A photo'} is larger than 10 MB. Attach a smaller photo (most phones can share a smaller size).`,
    ),
  tooManyFiles: () =>
    new AppError('TOO_MANY_PHOTOS', `Attach at most ${MAX_UPDATE_PHOTOS} photos to one update.`),
  tooManyFields: () => new AppError('TOO_MANY_FIELDS', 'The form has more fields than expected.'),
  notMultipart: () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the update as a form (multipart/form-data).'),
  unreadable: () =>
    new AppError(
      'BAD_REQUEST',
      'The form could not be read (malformed multipart/form-data). Send the update again from the order page.',
    ),
  wrongFileField: () =>
    new AppError('VALIDATION', 'Attach photos in the photo field.', {
      fields: { photos: 'Unexpected file field' },
    }),
};

/**
 * Reads the whole update form, checking each photo by its bytes as it arrives. Nothing
 * touches the database here: the caller writes only once every part has been read and passed.
 */
export async function readOrderUpdateForm(req: FastifyRequest): Promise<OrderUpdateInput> {
  const photos: OrderUpdateInput['photos'] = [];
  const fields = await readForm(req, {
    fileField: 'photos',
    unnamedFile: 'photo',
    answers,
    onFile: ({ fileName, mimetype, data }) => {
      const problem = photoProblem(fileName, mimetype, data);
      if (problem) {
        throw new AppError(problem.code, problem.message, {
          fields: { photos: problem.message },
          accepted: PHOTO_TYPE_NAMES,
        });
      }
      // photoProblem checked the declared type is one of ours and the bytes agree with it.
      photos.push({
        fileName: fileName.slice(0, 200),
        contentType: declaredPhotoType(mimetype) as PhotoType,
        data,
      });
    },
  });
  const parsed = UpdateFields.safeParse(fields);
  if (!parsed.success) {
    const out: Record<string, string> = {};
    for (const issue of parsed.error.issues) out[issue.path.join('.') || '_'] ??= issue.message;
    const [first] = Object.entries(out);
    throw new AppError('VALIDATION', first ? first[1] : 'Some of the input is not valid.', { fields: out });
  }
  return { body: parsed.data.body, photos };
}
