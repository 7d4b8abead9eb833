/** What a service-request photo may be: checked by its first bytes, not only by what the browser says. */

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 5;
export const PHOTO_TYPE_NAMES = 'JPEG, PNG, WebP or HEIC';

/** The declared (Content-Type) type as one of ours: aliases browsers use map to the same type. */
export function declaredPhotoType(mimetype: string): PhotoType | null {
  const m = mimetype.toLowerCase().split(';')[0].trim();
  if (m === 'image/jpeg' || m === 'image/jpg' || m === 'image/pjpeg') return 'image/jpeg';
  if (m === 'image/png') return 'image/png';
  if (m === 'image/webp') return 'image/webp';
  if (m === 'image/heic' || m === 'image/heif' || m === 'image/heic-sequence' || m === 'image/heif-sequence')
    return 'image/heic';
  return null;
}

// ISO-BMFF brands of HEIC/HEIF stills and sequences (what iPhones and Android cameras write).
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'heif']);

/** The type the bytes themselves say, or null when they are none of the accepted images. */
export function sniffPhotoType(b: Uint8Array): PhotoType | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    ascii(1, 4) === 'PNG' &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return 'image/png';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(8, 12))) return 'image/heic';
  return null;
}

export type PhotoProblem =
  | { code: 'PHOTO_TYPE'; message: string }
  | { code: 'PHOTO_CONTENT'; message: string }
  | { code: 'PHOTO_EMPTY'; message: string };

/** Null when the photo is acceptable; otherwise what is wrong with it, for the person who sent it. */
export function photoProblem(fileName: string, mimetype: string, bytes: Uint8Array): PhotoProblem | null {
  const declared = declaredPhotoType(mimetype);
  if (!declared) {
    return {
      code: 'PHOTO_TYPE',
      message: `"${fileName}" is not a photo we can take. Attach ${PHOTO_TYPE_NAMES} images.`,
    };
  }
  if (bytes.length === 0) return { code: 'PHOTO_EMPTY', message: `"${fileName}" is empty.` };
  const actual = sniffPhotoType(bytes);
  if (actual !== declared) {
    return {
      code: 'PHOTO_CONTENT',
      message: `"${fileName}" does not contain the ${declared.slice(6).toUpperCase()} image its type says. Attach the original ${PHOTO_TYPE_NAMES} photo.`,
    };
  }
  return null;
}
