import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { type UploadAnswers, uploadError } from './multipart-upload.js';

const answer = (code: string, status: number) => () => new AppError(code, code, status);
const answers: UploadAnswers = {
  notMultipart: answer('NOT_MULTIPART', 415),
  unreadable: answer('UNREADABLE', 400),
  interrupted: answer('INTERRUPTED', 400),
  tooLarge: (fileName) => new AppError('TOO_LARGE', `${fileName} is too large`, 413),
  tooManyFiles: answer('TOO_MANY_FILES', 413),
};
const fail = (code: string) => Object.assign(new Error(code), { code });

describe('uploadError', () => {
  it('maps the multipart plugin errors to the route’s answers', () => {
    expect(uploadError(fail('FST_INVALID_MULTIPART_CONTENT_TYPE'), answers).status).toBe(415);
    expect(uploadError(fail('FST_REQ_FILE_TOO_LARGE'), answers, 'boat.jpg').message).toBe(
      'boat.jpg is too large',
    );
    expect(uploadError(fail('FST_FILES_LIMIT'), answers).code).toBe('TOO_MANY_FILES');
    expect(uploadError(new Error('Unexpected end of form'), answers).code).toBe('UNREADABLE');
    expect(uploadError(new Error('aborted'), answers, 'boat.jpg').code).toBe('INTERRUPTED');
  });

  it('falls back to "could not be read" for limits a route gives no wording for', () => {
    expect(uploadError(fail('FST_PARTS_LIMIT'), answers).code).toBe('UNREADABLE');
    expect(uploadError(fail('FST_FIELDS_LIMIT'), answers, 'x.csv').code).toBe('INTERRUPTED');
  });

  it('passes an AppError raised while reading through unchanged', () => {
    const own = new AppError('PHOTO_NOT_IMAGE', 'not a photo', 415);
    expect(uploadError(own, answers, 'x.jpg')).toBe(own);
  });
});
