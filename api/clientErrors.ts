// The API's HTTP server, and what it answers itself before the app sees a request: a request line and
// headers over 16 KiB, a malformed request, one sent too slowly (a partial body is not held for
// minutes), and an `Expect:` it cannot meet. Each gets the API's problem details with a code, not
// Node's bare status line with no body.
import { createServer, STATUS_CODES, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpTimeouts } from '../config';
import { ErrorCodes } from '../workflows/shared';
import { PROBLEM_MEDIA_TYPE, problemOf } from './problem';

/** HTTP_REQUEST_TIMEOUT and HTTP_HEADERS_TIMEOUT's defaults. */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 };

const answer = (status: number, code: string, message: string): { head: Record<string, string>; body: string } => {
  const body = JSON.stringify(problemOf({ status, code, message }));
  return { head: { 'Content-Type': `${PROBLEM_MEDIA_TYPE}; charset=utf-8`, 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store', Connection: 'close' }, body };
};

export function answerClientErrors(server: Server): Server {
  server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => {
    // An answer already under way (its headers sent) cannot be replaced: the connection is cut.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, ErrorCodes.HEADERS_TOO_LARGE, 'the request line and headers are larger than 16 KiB']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, ErrorCodes.REQUEST_TIMEOUT, 'the request was not received in time']
          : [400, ErrorCodes.VALIDATION_FAILED, 'the HTTP request is malformed'];
    const { head, body } = answer(status, code, message);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(head).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);
  });
  // Node answers 100-continue itself; any other expectation would get a bare 417.
  server.on('checkExpectation', (_req, res) => {
    const { head, body } = answer(417, ErrorCodes.EXPECTATION_FAILED, 'only Expect: 100-continue is supported');
    res.writeHead(417, head).end(body);
  });
  return server;
}

/** The API's server over `app`, with its timeouts; checked every second, so a slow client is cut within a second of its deadline. */
export function apiServer(app: RequestListener, timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS): Server {
  const server = createServer({ requestTimeout: timeouts.requestTimeoutMs, headersTimeout: timeouts.headersTimeoutMs, connectionsCheckingInterval: 1_000 }, app);
  return answerClientErrors(server);
}
