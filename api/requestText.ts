// Text hygiene for what arrives outside the body: the path, the query and the headers the API
// reads. Mounted before every route, so a NUL, an unpaired surrogate, a control or bidi character,
// or a malformed percent escape is a 400 INVALID_TEXT naming the field, not a 500 from a URIError
// in the router or from PostgreSQL, and never a 404 that echoes the bad characters back.
import type { Request, RequestHandler } from 'express';
import { ErrorCodes } from '../workflows/shared';
import { ApiError } from './errors';
import { textProblem } from './text';

/**
 * The request headers the API reads as text; a value must be printable ASCII. Content-Type and
 * Content-Encoding are read as HTTP syntax (tabs allowed) and refused with 415 in api/body.ts.
 */
export const CHECKED_HEADERS = ['Authorization', 'Idempotency-Key'] as const;

const NOT_PERCENT_ENCODED_UTF8 = 'is not valid percent-encoded UTF-8';
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// A query parameter name we may repeat in a message as it is.
const PLAIN_NAME = /^[A-Za-z0-9_.[\]-]{1,64}$/;

const invalidText = (field: string, problem: string) =>
  new ApiError(400, ErrorCodes.INVALID_TEXT, `${field}: ${problem}`, [{ path: field, message: problem }]);

/** decodeURIComponent, or undefined for a malformed escape or bytes that are not UTF-8 (%C0%AF, %ED%A0%80). */
function decodeStrictly(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function pathProblem(rawPath: string): string | undefined {
  for (const segment of rawPath.split('/')) {
    const decoded = decodeStrictly(segment);
    if (decoded === undefined) return NOT_PERCENT_ENCODED_UTF8;
    const problem = textProblem(decoded);
    if (problem) return problem;
  }
  return undefined;
}

/** The first bad query parameter as [field, problem]. Stricter than the query parser, which keeps `%ZZ` as is. */
function queryProblem(rawQuery: string): [string, string] | undefined {
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawName, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const name = decodeStrictly(rawName.replaceAll('+', ' '));
    if (name === undefined) return ['query', `a parameter name ${NOT_PERCENT_ENCODED_UTF8}`];
    const nameProblem = textProblem(name);
    if (nameProblem) return ['query', `a parameter name ${nameProblem}`];
    const field = `query.${PLAIN_NAME.test(name) ? name : JSON.stringify(name.slice(0, 64))}`;
    const value = decodeStrictly(rawValue.replaceAll('+', ' '));
    if (value === undefined) return [field, NOT_PERCENT_ENCODED_UTF8];
    const valueProblem = textProblem(value);
    if (valueProblem) return [field, valueProblem];
  }
  return undefined;
}

function headerProblem(req: Request): [string, string] | undefined {
  for (const name of CHECKED_HEADERS) {
    const value = req.headers[name.toLowerCase()];
    if (typeof value !== 'string') continue;
    // Node reads header bytes as Latin-1: a C1 control, or UTF-8 sent raw, shows up here.
    const problem = textProblem(value) ?? (PRINTABLE_ASCII.test(value) ? undefined : 'contains a character outside printable ASCII');
    if (problem) return [`header ${name}`, problem];
  }
  return undefined;
}

export const refuseBadRequestText: RequestHandler = (req, _res, next) => {
  // Node refuses raw controls and non-ASCII bytes in the request line; escapes are ours to check.
  const q = req.url.indexOf('?');
  const rawPath = q < 0 ? req.url : req.url.slice(0, q);
  const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
  const inPath = pathProblem(rawPath);
  if (inPath) throw invalidText('path', inPath);
  const inQuery = queryProblem(rawQuery);
  if (inQuery) throw invalidText(...inQuery);
  const inHeader = headerProblem(req);
  if (inHeader) throw invalidText(...inHeader);
  next();
};
