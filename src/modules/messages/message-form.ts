import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../server/errors.js';
import { readForm } from '../../server/multipart-upload.js';
import { multiLine } from '../../shared/api-schemas/text-fields.js';
import {
  ATTACHMENT_TYPE_NAMES,
  type AttachmentType,
  attachmentProblem,
  declaredAttachmentType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
} from './attachment-check.js';

export const MAX_MESSAGE_CHARS = 8000;

export interface MessageFile {
  fileName: string;
  contentType: AttachmentType;
  data: Buffer;
}

export interface MessageInput {
  body: string;
  files: MessageFile[];
}

const Fields = z.strictObject({
  body: multiLine('The message', MAX_MESSAGE_CHARS, { missing: 'Write a message' }).min(1, 'Write a message'),
});

/** The multipart plugin's limits for the message form: they bound memory per request. */
export const MESSAGE_MULTIPART_LIMITS = {
  fileSize: MAX_ATTACHMENT_BYTES,
  files: MAX_ATTACHMENTS,
  fields: 5,
  fieldSize: 40 * 1024,
  parts: 15,
};

/**
 * Reads a whole message form (`body`, files in `files`), checking each file by its bytes as
 * it arrives. Nothing touches the database here: the caller writes once everything passed.
 */
export async function readMessageForm(req: FastifyRequest): Promise<MessageInput> {
  const files: MessageFile[] = [];
  const fields = await readForm(req, {
    fileField: 'files',
    unnamedFile: 'file',
    answers: {
      tooLarge: (fileName) =>
        new AppError(
          'ATTACHMENT_TOO_LARGE',
          `${fileName ? `"${fileName}"` : 'A file'} is larger than 10 MB. Attach a smaller file.`,
        ),
      tooManyFiles: () =>
        new AppError('TOO_MANY_ATTACHMENTS', `Attach at most ${MAX_ATTACHMENTS} files to one message.`),
      tooManyFields: () => new AppError('TOO_MANY_FIELDS', 'The form has more fields than expected.'),
      notMultipart: () =>
        new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the message as a form (multipart/form-data).'),
      unreadable: () =>
        new AppError(
          'BAD_REQUEST',
          'The message could not be read (malformed multipart/form-data). Send it again.',
        ),
      wrongFileField: () =>
        new AppError('VALIDATION', 'Attach files in the files field.', {
          fields: { files: 'Unexpected file field' },
        }),
    },
    onFile: ({ fileName, mimetype, data }) => {
      const problem = attachmentProblem(fileName, mimetype, data);
      if (problem) {
        throw new AppError(problem.code, problem.message, {
          fields: { files: problem.message },
          accepted: ATTACHMENT_TYPE_NAMES,
        });
      }
      const contentType = declaredAttachmentType(mimetype) as AttachmentType;
      files.push({ fileName: fileName.slice(0, 200), contentType, data });
    },
  });
  const parsed = Fields.safeParse(fields);
  if (!parsed.success) {
    const out: Record<string, string> = {};
    for (const issue of parsed.error.issues) out[issue.path.join('.') || '_'] ??= issue.message;
    const [first] = Object.entries(out);
    throw new AppError('VALIDATION', first ? first[1] : 'Some of the input is not valid.', { fields: out });
  }
  return { body: parsed.data.body, files };
}
