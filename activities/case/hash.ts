// The hash chain of case events: anyone can check it again from the stored rows alone.
import { createHash } from 'node:crypto';
import type { CaseEvent } from '../../workflows/case/contract';
import { shanghaiIso } from '../../workflows/case/time';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash format the engine writes: `at` as served (+08:00, ms). Format 1 (before it) used UTC. */
export const HASH_FORMAT = 2;

/** JSON with object keys sorted at every level: PostgreSQL's jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** sha256 over the previous hash and the event's canonical content. */
export function eventHash(prevHash: string, caseId: string, e: CaseEvent, format = HASH_FORMAT): string {
  const at = format === 1 ? new Date(e.at).toISOString() : shanghaiIso(e.at);
  const body = canonicalJson([caseId, e.seq, e.type, at, e.actor ?? null, e.data ?? null]);
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}
