// Requests exactly as written: node's http.request sends the path as given (fetch would normalise
// or re-encode it) and header strings as Latin-1 bytes, so a test can send what a hostile client sends.
import http from 'node:http';
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as text (UTF-8). */
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  body: any;
}

export function rawRequest(
  baseUrl: string,
  { method = 'GET', path, headers = {}, body }: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode!, headers: res.headers, text, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes `bytes` to the server and closes the connection at once, without waiting for an answer. */
export function sendAndHangUp(baseUrl: string, bytes: Buffer | string): Promise<void> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(bytes, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on('error', reject);
  });
}
