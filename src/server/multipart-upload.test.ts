import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../shared/error-codes.js';
import { AppError } from './errors.js';
import { type UploadAnswers, uploadError } from './multipart-upload.js';

// Each answer a message of its own, so the test sees which one was chosen.
const answer = (code: ErrorCode, message: string) => () => new AppError(code, message);
const answers: UploadAnswers = {
  notMultipart: answer('UNSUPPORTED_MEDIA_TYPE', 'not multipart'),
  unreadable: answer('BAD_REQUEST', 'unreadable'),
  interrupted: answer('BAD_REQUEST', 'interrupted'),
  tooLarge: (fileName) => new AppError('FILE_TOO_LARGE', `${fileName} is too large`),
  tooManyFiles: answer('TOO_MANY_PHOTOS', 'too many files'),
};
const fail = (code: string) => Object.assign(new Error(code), { code });

describe('uploadError', () => {
  it('maps the multipart plugin errors to the route’s answers', () => {
    expect(uploadError(fail('FST_INVALID_MULTIPART_CONTENT_TYPE'), answers).status).toBe(415);
    expect(uploadError(fail('FST_REQ_FILE_TOO_LARGE'), answers, 'boat.jpg').message).toBe(
      'boat.jpg is too large',
    );
    expect(uploadError(fail('FST_FILES_LIMIT'), answers).message).toBe('too many files');
    expect(uploadError(new Error('Unexpected end of form'), answers).message).toBe('unreadable');
    expect(uploadError(new Error('aborted'), answers, 'boat.jpg').message).toBe('interrupted');
  });

  it('falls back to "could not be read" for limits a route gives no wording for', () => {
    expect(uploadError(fail('FST_PARTS_LIMIT'), answers).message).toBe('unreadable');
    expect(uploadError(fail('FST_FIELDS_LIMIT'), answers, 'x.csv').message).toBe('interrupted');
  });

  it('passes an AppError raised while reading through unchanged', () => {
    const own = new AppError('PHOTO_CONTENT', 'not a photo');
    expect(uploadError(own, answers, 'x.jpg')).toBe(own);
  });
});
