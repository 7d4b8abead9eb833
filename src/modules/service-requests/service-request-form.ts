import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../server/errors.js';
import { readForm, type UploadAnswers } from '../../server/multipart-upload.js';
import { multiLine, singleLine } from '../../shared/api-schemas/text-fields.js';
import {
  declaredPhotoType,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  PHOTO_TYPE_NAMES,
  type PhotoType,
  photoProblem,
} from './photo-check.js';
import type { ServiceRequestInput } from './service-requests.service.js';

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

/** The multipart plugin's limits for the form: they bound memory per request. */
export const MULTIPART_LIMITS = {
  fileSize: MAX_PHOTO_BYTES,
  files: MAX_PHOTOS,
  fields: 20,
  fieldSize: 16 * 1024,
  parts: 30,
};

/** What the form answers when its multipart body is not one we take. */
const formAnswers: UploadAnswers & { wrongFileField: () => AppError } = {
  tooLarge: (fileName) =>
    new AppError(
      'PHOTO_TOO_LARGE',
      `${fileName ? `"${fileName}"` : 'A photo'} is larger than 10 MB. Attach a smaller photo (most phones can share a smaller size).`,
    ),
  tooManyFiles: () => new AppError('TOO_MANY_PHOTOS', `Attach at most ${MAX_PHOTOS} photos.`),
  tooManyFields: () => new AppError('TOO_MANY_FIELDS', 'The form has more fields than expected.'),
  notMultipart: () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the service request as a form (multipart/form-data).'),
  unreadable: () =>
    new AppError(
      'BAD_REQUEST',
      'The form could not be read (malformed multipart/form-data). Send it again from the service request page.',
    ),
  wrongFileField: () =>
    new AppError('VALIDATION', 'Attach photos in the photo field.', {
      fields: { photos: 'Unexpected file field' },
    }),
};

/** Reads the whole form, checking every photo as it arrives; nothing is written before all pass. */
export async function readServiceRequestForm(req: FastifyRequest): Promise<ServiceRequestInput> {
  const photos: ServiceRequestInput['photos'] = [];
  const fields = await readForm(req, {
    fileField: 'photos',
    unnamedFile: 'photo',
    answers: formAnswers,
    onFile: ({ fileName, mimetype, data }) => {
      const problem = photoProblem(fileName, mimetype, data);
      if (problem) {
        throw new AppError(problem.code, problem.message, {
          fields: { photos: problem.message },
          accepted: PHOTO_TYPE_NAMES,
        });
      }
      // photoProblem checked the declared type is one of ours and the bytes agree with it.
      const contentType = declaredPhotoType(mimetype) as PhotoType;
      photos.push({ fileName: fileName.slice(0, 200), contentType, data });
    },
  });
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
