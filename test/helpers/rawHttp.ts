// One HTTP exchange exactly as written: node:http sends the path byte for byte (fetch would
// normalise `%zz`, `..` and `//`), headers as a list (so a header may repeat), any method and body.
import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** Path and query as sent, e.g. `/departments/%E4%B8?x=%`. */
  path: string;
  /** Name/value pairs in order; a name may repeat. */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

/** No answer within `timeoutMs` (the client gave up and aborted). */
export class NoAnswerError extends Error {
  override readonly name = 'NoAnswerError';
}

export function sendRaw(baseUrl: string, req: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  // Headers given as a list are sent as they are: Host, and Content-Length unless the list has it or
  // Transfer-Encoding (then node:http writes the body chunked).
  const headers: string[] = [];
  const has = (name: string) => (req.headers ?? []).some(([n]) => n.toLowerCase() === name);
  if (!has('host')) headers.push('Host', `${hostname}:${port}`);
  for (const [name, value] of req.headers ?? []) headers.push(name, value);
  if (body && !has('content-length') && !has('transfer-encoding')) headers.push('Content-Length', String(body.length));
  return new Promise<RawResponse>((resolve, reject) => {
    const r = request({ hostname, port, method: req.method, path: req.path, headers, signal: controller.signal, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started });
      });
      res.on('error', fail);
    });
    function fail(err: Error) {
      clearTimeout(timer);
      reject(controller.signal.aborted ? new NoAnswerError(`no answer within ${timeoutMs} ms`) : err);
    }
    r.on('error', fail);
    r.end(body);
  });
}

/** An answer with its body parsed as JSON when it is JSON. */
export type JsonResponse = RawResponse & { body: any };

/** `sendRaw` with headers as an object, the answer's JSON parsed. */
export async function rawRequest(
  baseUrl: string,
  { method = 'GET', path, headers = {}, body }: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<JsonResponse> {
  const res = await sendRaw(baseUrl, { method, path, headers: Object.entries(headers), body });
  let parsed: unknown;
  try {
    parsed = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { ...res, body: parsed };
}

/** Writes `bytes` to the server and closes the connection at once, without waiting for an answer. */
export function sendAndHangUp(baseUrl: string, bytes: Buffer | string): Promise<void> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(bytes, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on('error', reject);
  });
}

/** Writes `bytes` as they are (any header byte) and returns the raw answer, read until the server closes. */
export function sendBytes(baseUrl: string, bytes: Buffer | string, timeoutMs = 10_000): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    socket.setTimeout(timeoutMs, () => socket.destroy(new NoAnswerError(`no answer within ${timeoutMs} ms`)));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}
