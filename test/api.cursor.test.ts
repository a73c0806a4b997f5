// List cursors: GET /share-requests accepts back exactly the cursors it gave out; anything else is
// 400 VALIDATION_FAILED before it reaches PostgreSQL (a NUL or a year PostgreSQL cannot store was a 500).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from '../api/cursor';
import { listQuery } from '../api/cases/schemas';
import { SHARE_REQUEST_STAGES } from '../workflows/shareRequest/contract';

const ListQuery = listQuery(SHARE_REQUEST_STAGES);
import { ApiError } from '../api/errors';
import { cases as casesTable } from '../db/schema';
import { startLiveStack, type LiveStack } from './helpers/liveStack';
import { BEIJING, submission } from './helpers/fixtures';

const NOT_OURS = 'cursor is not one this API gave out';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const AT = new Date('2026-11-23T01:02:03.456Z');

/** A cursor the API gives out, with its last character's unused low bits set (same bytes, another spelling). */
function withTrailingBits(cursor: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(cursor.at(-1)!);
  return cursor.slice(0, -1) + alphabet[last | 1]!;
}

// Each of these once reached the database (or Date) unchecked.
const FORGED: [string, string][] = [
  ['not base64url at all', 'not a cursor!'],
  ['garbage that decodes', 'not-a-cursor'],
  ['standard base64 with padding', Buffer.from(`${AT.toISOString()}|sr-abc`).toString('base64')],
  ['a canonical cursor spelled with trailing bits', withTrailingBits(encodeCursor(AT, 'sr-abcd'))],
  ['no separator', b64(AT.toISOString())],
  ['an empty id', b64(`${AT.toISOString()}|`)],
  ['a NUL in the id', b64(`${AT.toISOString()}|sr-a\u0000b`)],
  ['a second separator', b64(`${AT.toISOString()}|sr-a|b`)],
  ['an id that is not a case id', b64(`${AT.toISOString()}|bad:id`)],
  ['an id with multi-byte text', b64(`${AT.toISOString()}|sr-é`)],
  ['a date without a time', b64('2026-11-23|sr-abc')],
  ['an instant with an offset', b64('2026-11-23T09:02:03.456+08:00|sr-abc')],
  ['an instant that does not round-trip', b64('2026-02-30T00:00:00.000Z|sr-abc')],
  ['year 0', b64('0000-01-01T00:00:00.000Z|sr-abc')],
  ['an expanded year beyond PostgreSQL', b64('+275760-09-13T00:00:00.000Z|sr-abc')],
  ['a negative year', b64('-000001-01-01T00:00:00.000Z|sr-abc')],
  ['a year before any case', b64('1999-12-31T23:59:59.999Z|sr-abc')],
  ['a year after any clock', b64('2100-01-01T00:00:00.000Z|sr-abc')],
];

describe('encodeCursor / decodeCursor', () => {
  it('when a cursor is given out, then it decodes to the same instant and id', () => {
    const cursor = encodeCursor(AT, 'sr-0123456789abcdef01234567');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ at: AT, id: 'sr-0123456789abcdef01234567' });
  });

  it('when the longest case id is encoded, then its cursor fits the length the list query allows', () => {
    const longest = encodeCursor(AT, `a${'b'.repeat(127)}`);
    expect(longest.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(ListQuery.parse({ cursor: longest }).cursor).toBe(longest);
  });

  it.each(FORGED)('when a cursor is %s, then it is a 400 VALIDATION_FAILED', (_name, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: NOT_OURS });
  });

  it('when asked for a cursor the API could not take back, then encodeCursor refuses to make it', () => {
    expect(() => encodeCursor(AT, 'bad:id')).toThrow(RangeError);
    expect(() => encodeCursor(new Date('2100-01-01T00:00:00Z'), 'sr-abc')).toThrow(RangeError);
    expect(() => encodeCursor(new Date(Number.NaN), 'sr-abc')).toThrow(RangeError);
  });
});

describe('GET /share-requests?cursor=', () => {
  let live: LiveStack;
  beforeAll(async () => {
    live = await startLiveStack();
    for (let i = 0; i < 3; i++) {
      const res = await live.call('POST', '/share-requests', { as: BEIJING.requester, body: submission() });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await live?.teardown();
  });

  const rowCount = async () => (await live.app.database.db.select({ n: count() }).from(casesTable))[0]!.n;
  const list = (query: string) => live.call('GET', `/share-requests?${query}`, { as: BEIJING.provider });

  it('when the list is paged one case at a time with the cursors it gives out, then every case comes once, newest first', async () => {
    const all = (await list('limit=100')).body.shareRequests.map((r: { id: string }) => r.id);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.shareRequests.map((r: { id: string }) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it.each(FORGED)('when the cursor is %s, then 400 VALIDATION_FAILED and nothing is written', async (_name, cursor) => {
    const before = await rowCount();
    const res = await list(`limit=2&cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: NOT_OURS });
    expect(await rowCount()).toBe(before);
  });

  it('when the cursor is longer than any the API gives out, then 400 VALIDATION_FAILED', async () => {
    const res = await list(`cursor=${'A'.repeat(MAX_CURSOR_LENGTH + 1)}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
