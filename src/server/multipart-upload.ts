import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/**
 * The answers an upload gives when the multipart body is not what we take. Each route
 * words them for its own page; which answer fits which parser error is decided here, once.
 */
export interface UploadAnswers {
  /** 415: the body is not multipart/form-data. */
  notMultipart: () => AppError;
  /** 400: the parser could not read the form (no boundary, a malformed part header). */
  unreadable: () => AppError;
  /** 400: the body ended or broke while a file was being read. Defaults to `unreadable`. */
  interrupted?: () => AppError;
  /** 413: a file is over the byte limit; `fileName` is the file being read, if any. */
  tooLarge: (fileName: string | null) => AppError;
  /** 413: more files than the limit. Defaults to `unreadable`. */
  tooManyFiles?: () => AppError;
  /** 413: more fields or parts than the limit. Defaults to `unreadable`. */
  tooManyFields?: () => AppError;
}

/**
 * Where uploads are spooled: the system's temporary folder, one file per upload named with
 * this prefix (and `.rows` beside it while its rows are staged). A request removes its files
 * when it ends; the cleanup purge (src/modules/cleanup) removes those a crashed process left.
 */
export const SPOOL_PREFIX = 'slipway-upload-';
export const spoolDir = () => tmpdir();

const errorCode = (err: unknown) => (err as { code?: string }).code;

/** Turns @fastify/multipart's errors into our answers; an AppError raised while reading passes through. */
export function uploadError(err: unknown, answers: UploadAnswers, fileName: string | null = null): AppError {
  if (err instanceof AppError) return err;
  // Anything else from reading the parts is a form the parser could not read (no boundary,
  // a truncated body, a malformed part header): the request's fault, not ours.
  const broken = fileName === null ? answers.unreadable : (answers.interrupted ?? answers.unreadable);
  switch (errorCode(err)) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return answers.tooLarge(fileName);
    case 'FST_FILES_LIMIT':
      return (answers.tooManyFiles ?? broken)();
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return (answers.tooManyFields ?? broken)();
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return answers.notMultipart();
    default:
      return broken();
  }
}

export interface SpoolOptions {
  /** The form field the file must come in. */
  field: string;
  /** The file's byte limit (the multipart plugin's `fileSize` limit should be the same). */
  maxBytes: number;
  answers: UploadAnswers & {
    /** 422: no file came in `field`. */
    missingFile: () => AppError;
  };
}

/** A file received into a temporary file; the caller removes `path` when done with it. */
export interface SpooledFile {
  name: string;
  path: string;
}

/**
 * Receives one uploaded file into a temporary file (mode 0600), so reading it later never
 * waits on the network and it can be read by random access. Only the client's bytes are
 * read here: nothing touches the database while a slow client holds the request open.
 */
export async function spoolOneFile(req: FastifyRequest, opts: SpoolOptions): Promise<SpooledFile> {
  const { answers } = opts;
  // A declared length far over the limit is refused before a byte is read; the margin is the form's framing.
  if (Number(req.headers['content-length'] ?? 0) > opts.maxBytes + 64 * 1024) throw answers.tooLarge(null);
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file();
  } catch (err) {
    throw uploadError(err, answers);
  }
  if (part?.fieldname !== opts.field) throw answers.missingFile();
  const path = join(spoolDir(), `${SPOOL_PREFIX}${randomUUID()}`);
  const name = part.filename ?? 'upload';
  try {
    await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
  } catch (err) {
    await rm(path, { force: true });
    throw uploadError(err, answers, name);
  }
  if (part.file.truncated) {
    await rm(path, { force: true });
    throw answers.tooLarge(name);
  }
  return { name, path };
}

/**
 * Receives up to `fields.length` files, each in its own field, into temporary files (as
 * spoolOneFile does). The first field is required; a file in another field is refused.
 * On any error the files received so far are removed.
 */
export async function spoolFiles(
  req: FastifyRequest,
  opts: Omit<SpoolOptions, 'field'> & { fields: string[] },
): Promise<Record<string, SpooledFile | undefined>> {
  const { answers } = opts;
  if (Number(req.headers['content-length'] ?? 0) > opts.fields.length * opts.maxBytes + 64 * 1024) {
    throw answers.tooLarge(null);
  }
  const out: Record<string, SpooledFile | undefined> = {};
  const cleanUp = async () => {
    for (const f of Object.values(out)) if (f) await rm(f.path, { force: true });
  };
  try {
    for await (const part of req.files()) {
      if (!opts.fields.includes(part.fieldname) || out[part.fieldname]) {
        part.file.resume();
        throw answers.missingFile();
      }
      const path = join(spoolDir(), `${SPOOL_PREFIX}${randomUUID()}`);
      const name = part.filename ?? 'upload';
      out[part.fieldname] = { name, path };
      try {
        await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
      } catch (err) {
        throw uploadError(err, answers, name);
      }
      if (part.file.truncated) throw answers.tooLarge(name);
    }
  } catch (err) {
    await cleanUp();
    throw uploadError(err, answers);
  }
  if (!out[opts.fields[0]]) {
    await cleanUp();
    throw answers.missingFile();
  }
  return out;
}

/** A file of a form read into memory, as the client declared it. */
export interface FormFile {
  /** The client's file name, or `unnamedFile` when it sent none. */
  fileName: string;
  mimetype: string;
  data: Buffer;
}

export interface FormOptions {
  /** The one field files may come in; a file in any other field is refused before it is read. */
  fileField: string;
  answers: UploadAnswers & {
    /** 422: a file came in another field. */
    wrongFileField: () => AppError;
  };
  /** The name a file without one is called in answers. */
  unnamedFile: string;
  /**
   * Called as each file arrives, before the next part is read; throw an AppError to stop
   * reading (a wrong field, bytes that are not what they claim). Memory is bounded by the
   * multipart plugin's `files` and `fileSize` limits.
   */
  onFile: (file: FormFile) => void;
}

/**
 * Reads a whole form: the non-empty text fields, and every file handed to `onFile` as
 * it arrives. Nothing is written anywhere while the client's bytes are being read.
 */
export async function readForm(req: FastifyRequest, opts: FormOptions): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  let current: string | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        current = part.filename || opts.unnamedFile;
        if (part.fieldname !== opts.fileField) throw opts.answers.wrongFileField();
        const data = await part.toBuffer();
        // A file input left empty still sends a nameless, empty part.
        if (!part.filename && data.length === 0) {
          current = null;
          continue;
        }
        opts.onFile({ fileName: current, mimetype: part.mimetype, data });
        current = null;
      } else if (typeof part.value === 'string' && part.value.trim() !== '') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    throw uploadError(err, opts.answers, current);
  }
  return fields;
}
