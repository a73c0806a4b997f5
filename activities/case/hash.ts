// The hash chain of case events: anyone can check it again from the stored rows, or from a case's
// API answer, alone (Art. 29 records as evidence; Art. 35 tamper prevention). Pure but for hashing.
import { cryptoSuite, type CryptoSuite, type CryptoSuiteName } from '../../crypto/suite';
import type { CaseEvent } from '../../workflows/case/contract';
import { shanghaiIso } from '../../workflows/case/time';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * What each row's `hash_format` means, so a verifier knows what to recompute:
 *   3  hash(prevHash ‖ canonicalJson([caseId, seq, revision, type, at, actor, data, stateHash])) with
 *      SHA-256, `at` as served (+08:00, ms), stateHash = hashHex(canonicalJson(state)): the stored
 *      state is covered.
 *   4  the same content hashed with SM3 (CRYPTO_SUITE=guomi).
 * (Formats 1 and 2 hashed the events of share requests before the case engine; none exist now.)
 */
export const HASH_FORMATS: Readonly<Record<number, { suite: CryptoSuiteName }>> = {
  3: { suite: 'standard' },
  4: { suite: 'guomi' },
};

/** The format the recorder writes with a suite. */
export function hashFormatFor(suite: CryptoSuiteName): number {
  const format = Object.entries(HASH_FORMATS).find(([, f]) => f.suite === suite);
  if (!format) throw new Error(`no event hash format for crypto suite ${suite}`);
  return Number(format[0]);
}

/** JSON with object keys sorted at every level: PostgreSQL's jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256 hex of text (request hashes of idempotency keys). */
export const sha256 = (text: string): string => cryptoSuite('standard').hashHex(text);

/** A row of the chain as stored or served: `at` a Date or any ISO instant. */
export interface HashedEvent extends Omit<CaseEvent, 'at' | 'actor' | 'data'> {
  at: string | Date;
  actor?: unknown;
  data?: unknown;
  revision?: number;
  stateHash?: string | null;
}

function suiteOf(format: number): CryptoSuite {
  const f = HASH_FORMATS[format];
  if (!f) throw new RangeError(`unknown event hash format ${format}`);
  return cryptoSuite(f.suite);
}

/** The hash of a case's state as the event that produced it records it. */
export function stateHash(state: unknown, format: number): string {
  return suiteOf(format).hashHex(canonicalJson(state));
}

/** An event's hash under its format: over the previous hash and the event's canonical content. */
export function eventHash(prevHash: string, caseId: string, e: HashedEvent, format: number): string {
  const body = [caseId, e.seq, e.revision ?? 0, e.type, shanghaiIso(e.at), e.actor ?? null, e.data ?? null, e.stateHash ?? null];
  return suiteOf(format).hashHex(prevHash + canonicalJson(body));
}
