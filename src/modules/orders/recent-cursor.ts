import { AppError } from '../../server/errors.js';

/**
 * The opaque cursor of a list in (time DESC, id DESC) order: the last row's time, as the
 * database wrote it (microseconds, which a JavaScript Date would round away), and its id.
 */
export interface RecentCursor {
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/;

export function encodeCursor(c: RecentCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): RecentCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      TIMESTAMP.test(v[0]) &&
      typeof v[1] === 'string' &&
      UUID.test(v[1])
    ) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError(
    'VALIDATION',
    'cursor: That page of the list is no longer valid. Start from the first page.',
    {
      fields: { cursor: 'Not a cursor this list gave out' },
    },
  );
}
