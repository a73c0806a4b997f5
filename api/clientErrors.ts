// Requests Node's HTTP parser refuses before the app sees them (a request line and headers over
// 16 KiB, a malformed request line) get the API's problem details with a code, not Node's bare
// "400 Bad Request" or "431" with no body.
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCodes } from '../workflows/shared';
import { PROBLEM_MEDIA_TYPE, problemOf } from './problem';

export function answerClientErrors(server: Server): Server {
  server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, ErrorCodes.HEADERS_TOO_LARGE, 'the request line and headers are larger than 16 KiB']
        : [400, ErrorCodes.VALIDATION_FAILED, 'the HTTP request is malformed'];
    const body = JSON.stringify(problemOf({ status, code, message }));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
