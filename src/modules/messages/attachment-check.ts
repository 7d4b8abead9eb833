import { declaredPhotoType, PHOTO_TYPE_NAMES, sniffPhotoType } from '../service-requests/photo-check.js';

/**
 * What a message may carry (docs/messages.md): photos as service requests take them, and PDFs;
 * each checked by its first bytes, not only by what the sender's browser or mail program says.
 */
export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;
export const ATTACHMENT_TYPE_NAMES = `${PHOTO_TYPE_NAMES} photos, or PDFs`;

export function declaredAttachmentType(mimetype: string): AttachmentType | null {
  const m = mimetype.toLowerCase().split(';')[0].trim();
  if (m === 'application/pdf' || m === 'application/x-pdf') return 'application/pdf';
  return declaredPhotoType(m);
}

/** The type the bytes say: a PDF starts with "%PDF-" (within its first KB, as readers allow). */
export function sniffAttachmentType(b: Uint8Array): AttachmentType | null {
  const head = Buffer.from(b.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'application/pdf';
  return sniffPhotoType(b);
}

export type AttachmentProblem =
  | { code: 'ATTACHMENT_TYPE'; message: string }
  | { code: 'ATTACHMENT_CONTENT'; message: string }
  | { code: 'ATTACHMENT_EMPTY'; message: string };

/** Null when the file is acceptable; otherwise what is wrong with it, for whoever sent it. */
export function attachmentProblem(
  fileName: string,
  mimetype: string,
  bytes: Uint8Array,
): AttachmentProblem | null {
  const declared = declaredAttachmentType(mimetype);
  if (!declared) {
    return {
      code: 'ATTACHMENT_TYPE',
      message: `"${fileName}" is not a file a message can carry. Attach ${ATTACHMENT_TYPE_NAMES}.`,
    };
  }
  if (bytes.length === 0) return { code: 'ATTACHMENT_EMPTY', message: `"${fileName}" is empty.` };
  if (sniffAttachmentType(bytes) !== declared) {
    const kind = declared === 'application/pdf' ? 'PDF' : `${declared.slice(6).toUpperCase()} image`;
    return {
      code: 'ATTACHMENT_CONTENT',
      message: `"${fileName}" does not contain the ${kind} its type says. Attach the original file.`,
    };
  }
  return null;
}
