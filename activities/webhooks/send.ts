// One delivery attempt: a POST signed as the Standard Webhooks specification says (the official
// `standardwebhooks` library signs), to an address the SSRF guard checked at connect time, with one
// deadline for the whole exchange, no redirect followed and the answer's body read up to a cap and
// thrown away. Nothing of the secret, the signature or the answer's body is kept or logged.
import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { checkedAddresses, guardedLookup, TargetRefused, type TargetPolicy } from './targets';

/** Why an attempt failed, as the delivery log records it. */
export type AttemptErrorClass = 'http_status' | 'redirect' | 'timeout' | 'connection' | 'dns' | 'address_refused' | 'tls';

export interface AttemptResult {
  ok: boolean;
  statusCode?: number;
  errorClass?: AttemptErrorClass;
  durationMs: number;
}

export interface SendOptions {
  policy: TargetPolicy;
  /** The deadline of the whole attempt: connecting, sending, the answer's headers. */
  timeoutMs: number;
  /** Extra trusted CAs (tests with a self-signed receiver); the system's otherwise. */
  ca?: string | Buffer;
}

/** Bytes of an answer's body read before the connection is cut (the body is discarded anyway). */
export const RESPONSE_BODY_CAP = 64 * 1024;
const USER_AGENT = 'gov-data-sharing-webhooks/1 (+Standard Webhooks)';

/** The `webhook-signature` header: one `v1,<base64>` per secret, space-separated (the spec allows several, for rotation). */
export function signatureHeader(secrets: readonly string[], id: string, at: Date, body: string): string {
  return secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' ');
}

class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

function classify(err: unknown): AttemptErrorClass {
  if (err instanceof AttemptTimeout) return 'timeout';
  if (err instanceof TargetRefused) return err.reason === 'unresolvable' ? 'dns' : 'address_refused';
  const code = String((err as { code?: unknown })?.code ?? '');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEOUT') return 'dns';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_CERT)/.test(code)) return 'tls';
  return 'connection';
}

export async function sendWebhook(o: SendOptions & { url: string; id: string; body: string; secrets: readonly string[]; now?: Date }): Promise<AttemptResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const url = new URL(o.url);
  try {
    // The literal or the scheme may have been refused since registration (the allow-list changed).
    await checkedAddresses(url, o.policy);
  } catch (err) {
    return { ok: false, errorClass: classify(err), durationMs: took() };
  }
  const at = o.now ?? new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': o.id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatureHeader(o.secrets, o.id, at, o.body),
  };
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const settle = (r: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, durationMs: took() });
    };
    const transport = url.protocol === 'https:' ? https : http;
    // agent: false — a fresh connection each time, so every attempt resolves and checks the name again.
    const req = transport.request(url, { method: 'POST', headers, agent: false, lookup: guardedLookup(o.policy), ...(o.ca ? { ca: o.ca } : {}) });
    const deadline = setTimeout(() => req.destroy(new AttemptTimeout(`no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    req.on('error', (err) => settle({ ok: false, errorClass: classify(err) }));
    req.on('close', () => clearTimeout(deadline));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      // Redirects are never followed: a 3xx could point anywhere, past the guard.
      if (status >= 200 && status < 300) settle({ ok: true, statusCode: status });
      else settle({ ok: false, statusCode: status, errorClass: status >= 300 && status < 400 ? 'redirect' : 'http_status' });
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > RESPONSE_BODY_CAP) res.destroy();
      });
      res.on('error', () => undefined);
    });
    req.end(o.body);
  });
}
