// Request bodies are JSON in UTF-8 (RFC 8259 §8.1), optionally gzip/deflate/br-compressed. Another
// media type or charset is refused with 415 before a byte is read and bytes that are not UTF-8 with
// 400 INVALID_TEXT, so no body is decoded into text nobody sent; body-parser's own errors are mapped
// to codes in api/errors.ts (BODY_PARSER_ERRORS).
import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { ErrorCodes } from '../workflows/shared';
import { ApiError } from './errors';

/** The largest body the API reads (after decompression); larger is 413. */
export const BODY_LIMIT = '256kb';

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAMETER = new RegExp(`^\\s*(${TOKEN})=(${TOKEN}|"(?:[^"\\\\]|\\\\.)*")\\s*$`);
const UTF8 = new Set(['utf-8', 'utf8']);

const unsupported = (message: string) => new ApiError(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, message);

/** Why a Content-Type does not announce JSON in UTF-8, or undefined when it does. Never echoes the header. */
export function jsonContentTypeProblem(header: string | undefined): string | undefined {
  if (!header) return 'a request body needs Content-Type: application/json';
  const [mediaType, ...parameters] = header.split(';');
  if (mediaType!.trim().toLowerCase() !== 'application/json') return 'the request body must be application/json';
  for (const p of parameters) {
    const m = PARAMETER.exec(p);
    if (!m) return 'Content-Type has a malformed parameter';
    const value = m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[2]!;
    if (m[1]!.toLowerCase() === 'charset' && !UTF8.has(value.toLowerCase())) return 'the request body must be encoded in UTF-8';
  }
  return undefined;
}

/** True when the request carries a body (as body-parser decides: a transfer coding or a non-zero length). */
function hasBody(headers: { 'transfer-encoding'?: string; 'content-length'?: string }): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

const requireJsonUtf8: RequestHandler = (req, _res, next) => {
  if (hasBody(req.headers)) {
    const problem = jsonContentTypeProblem(req.headers['content-type']);
    if (problem) throw unsupported(problem);
  }
  next();
};

/** The body middleware of the API: the media-type check, then express.json. */
export function jsonBody(): RequestHandler[] {
  return [
    requireJsonUtf8,
    express.json({
      limit: BODY_LIMIT,
      // Decoding would turn bytes that are not UTF-8 into U+FFFD, text nobody sent; refuse them instead.
      verify: (_req, _res, buf) => {
        if (!isUtf8(buf)) throw new ApiError(400, ErrorCodes.INVALID_TEXT, 'request body is not valid UTF-8');
      },
    }),
  ];
}
