import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { multiLine, singleLine } from '../../shared/api-schemas/text-fields.js';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './photo-check.js';
import { readPhotoForm } from './photo-form.js';
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

/** Reads the whole form, checking every photo as it arrives; nothing is written before all pass. */
export async function readServiceRequestForm(req: FastifyRequest): Promise<ServiceRequestInput> {
  const { fields: f, photos } = await readPhotoForm(req, ServiceRequestFields, {
    tooManyFiles: `Attach at most ${MAX_PHOTOS} photos.`,
    notMultipart: 'Send the service request as a form (multipart/form-data).',
    unreadable:
      'The form could not be read (malformed multipart/form-data). Send it again from the service request page.',
  });
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
