// Keyset-pagination cursors for lists ordered by (instant, id), newest first. A cursor is opaque
// to callers, so decodeCursor accepts exactly what encodeCursor gives out and nothing else: a
// hand-made cursor must not reach PostgreSQL with a NUL or a year it cannot store.
import { ErrorCodes, isValidCaseId } from '../workflows/shared';
import { badRequest } from './errors';

/** The instants a cursor may carry: later than any case, earlier than any clock we will see. */
const EARLIEST = Date.parse('2000-01-01T00:00:00.000Z');
const LATEST = Date.parse('2100-01-01T00:00:00.000Z');

// `Date#toISOString` of an instant in range: exactly this shape, always UTC, always milliseconds.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Longest encodeCursor output: 24 (instant) + 1 + 128 (case id) bytes, base64url without padding. */
export const MAX_CURSOR_LENGTH = Math.ceil(((24 + 1 + 128) * 4) / 3);

export interface Cursor {
  at: Date;
  id: string;
}

const notOurs = () => badRequest(ErrorCodes.VALIDATION_FAILED, 'cursor is not one this API gave out');

export function encodeCursor(at: Date, id: string): string {
  const t = at.getTime();
  if (!(t >= EARLIEST && t < LATEST) || !isValidCaseId(id)) {
    throw new RangeError(`no cursor for ${JSON.stringify(id)} at ${Number.isNaN(t) ? 'an invalid date' : at.toISOString()}`);
  }
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or a 400 VALIDATION_FAILED for anything encodeCursor did not give out. */
export function decodeCursor(cursor: string): Cursor {
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw notOurs();
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder is lenient (it skips stray characters and ignores trailing bits): only the
  // canonical spelling of these bytes is one we gave out.
  if (bytes.toString('base64url') !== cursor) throw notOurs();
  const decoded = bytes.toString('latin1');
  const sep = decoded.indexOf('|');
  if (sep < 0) throw notOurs();
  const iso = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  // isValidCaseId admits only ASCII letters, digits, '_' and '-': no NUL, no '|', no multi-byte text.
  if (!ISO_INSTANT.test(iso) || !isValidCaseId(id)) throw notOurs();
  const at = new Date(iso);
  const t = at.getTime();
  if (Number.isNaN(t) || at.toISOString() !== iso || t < EARLIEST || t >= LATEST) throw notOurs();
  return { at, id };
}
