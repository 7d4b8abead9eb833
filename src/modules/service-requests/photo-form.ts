import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../server/errors.js';
import { readForm, type UploadAnswers } from '../../server/multipart-upload.js';
import { declaredPhotoType, PHOTO_TYPE_NAMES, type PhotoType, photoProblem } from './photo-check.js';

export interface FormPhoto {
  fileName: string;
  contentType: PhotoType;
  data: Buffer;
}

/** What a photo form says in its own words; the rest is the same for every photo form. */
export interface PhotoFormWords {
  tooManyFiles: string;
  notMultipart: string;
  unreadable: string;
}

/**
 * Reads a whole multipart form of text fields and photos (the customer's service request,
 * staff's job update), checking each photo by its bytes as it arrives, then the text fields
 * against `schema`. Nothing touches the database here: the caller writes only once every
 * part has been read and passed. The multipart plugin's limits bound the bytes.
 */
export async function readPhotoForm<S extends z.ZodType>(
  req: FastifyRequest,
  schema: S,
  words: PhotoFormWords,
): Promise<{ fields: z.output<S>; photos: FormPhoto[] }> {
  const answers: UploadAnswers & { wrongFileField: () => AppError } = {
    tooLarge: (fileName) =>
      new AppError(
        'PHOTO_TOO_LARGE',
        `${fileName ? `"${fileName}"` : 'A photo'} is larger than 10 MB. Attach a smaller photo (most phones can share a smaller size).`,
      ),
    tooManyFiles: () => new AppError('TOO_MANY_PHOTOS', words.tooManyFiles),
    tooManyFields: () => new AppError('TOO_MANY_FIELDS', 'The form has more fields than expected.'),
    notMultipart: () => new AppError('UNSUPPORTED_MEDIA_TYPE', words.notMultipart),
    unreadable: () => new AppError('BAD_REQUEST', words.unreadable),
    wrongFileField: () =>
      new AppError('VALIDATION', 'Attach photos in the photo field.', {
        fields: { photos: 'Unexpected file field' },
      }),
  };
  const photos: FormPhoto[] = [];
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
      const contentType = declaredPhotoType(mimetype) as PhotoType;
      photos.push({ fileName: fileName.slice(0, 200), contentType, data });
    },
  });
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    const out: Record<string, string> = {};
    for (const issue of parsed.error.issues) out[issue.path.join('.') || '_'] ??= issue.message;
    const [first] = Object.entries(out);
    throw new AppError('VALIDATION', first ? first[1] : 'Some of the input is not valid.', {
      fields: out,
    });
  }
  return { fields: parsed.data, photos };
}
