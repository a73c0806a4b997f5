// Webhooks in tests: settings with a fresh key, loopback allow-listed (as an operator would an
// intranet receiver) and short schedules; and a local receiver that records what it is sent and
// answers as told.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SecretKey } from '../../activities/webhooks/secrets';
import type { WebhookDeps } from '../../activities/webhooks/settings';
import { allowList, systemResolve } from '../../activities/webhooks/targets';

export function testWebhookDeps(o: Partial<WebhookDeps> = {}): WebhookDeps {
  return {
    secretKey: SecretKey.generate(),
    policy: { allowed: allowList(['127.0.0.1', '::1']), allowHttp: true, resolve: systemResolve },
    retryScheduleMs: [300, 300],
    attemptTimeoutMs: 2_000,
    pollIntervalMs: 100,
    secretGraceMs: 60_000,
    ...o,
  };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with the n-th request (0-based): answer with a status, or never answer. */
export type Answer = number | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** Changes how the following requests are answered. */
  answerWith(answer: (n: number) => Answer): void;
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 and localhost (openssl), for an https receiver. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gds-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startReceiver(answer: (n: number) => Answer = () => 204, tls?: { key: string; cert: string }): Promise<Receiver> {
  let current = answer;
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = received.length;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const a = current(n);
      if (a === 'hang') hanging.add(res);
      else res.writeHead(a, a >= 300 && a < 400 ? { location: 'http://169.254.169.254/latest/meta-data/' } : {}).end('{"ok":true}');
    });
  };
  const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    answerWith(a) {
      current = a;
    },
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
