// One case's record checked again from its rows alone (Art. 29 records as evidence; Art. 35 tamper
// prevention): the same function serves the database walk (verifyChains.ts) and a party checking
// its own case from the API's answer (scripts/auditVerifyCase.ts). Pure.
import { eventHash, GENESIS_HASH, HASH_FORMATS, stateHash } from '../activities/case/hash';

/** An event row as stored in `case_events` or served by `GET /share-requests/:id`. */
export interface ChainRow {
  seq: number;
  revision: number;
  type: string;
  at: string | Date;
  actor?: unknown;
  data?: unknown;
  prevHash: string;
  hash: string;
  stateHash: string | null;
  hashFormat: number;
}

export type ChainProblem =
  | 'no_events' // a case row without any event
  | 'missing_event' // a seq is absent from 1..n
  | 'missing_revision' // a superseded attempt at this seq is absent
  | 'unknown_hash_format'
  | 'state_hash_format' // no stateHash, which every format covers
  | 'prev_hash_mismatch' // the row does not follow the chain's previous event
  | 'not_an_earlier_attempt' // a superseded row of another type, or later than the row superseding it
  | 'hash_mismatch' // the row's content does not give its hash
  | 'no_case_row' // events without their case
  | 'state_mismatch' // the stored state is not the state the last event produced
  | 'chain_truncated' // … and it is at a later version than the chain's last event
  | 'projection_mismatch'; // (database walk) a read-model column disagrees with the stored state

/** The first broken row of a case. */
export interface ChainBreak {
  seq: number;
  revision: number;
  problem: ChainProblem;
  message: string;
}

export interface ChainResult {
  events: number;
  /** Rows kept as the record of superseded attempts (lower revisions). */
  superseded: number;
  broken?: ChainBreak;
}

const at = (r: { seq: number; revision: number }, problem: ChainProblem, message: string): ChainBreak => ({ seq: r.seq, revision: r.revision, problem, message });

/** The rows of each seq, lowest revision first, seqs ascending. */
function bySeq<R extends { seq: number; revision: number }>(rows: readonly R[]): R[][] {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq || a.revision - b.revision);
  const groups: R[][] = [];
  for (const r of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.seq === r.seq) last.push(r);
    else groups.push([r]);
  }
  return groups;
}

/** The chain (the highest revision of each seq) and the superseded attempts, each in seq order. */
export function splitChain<R extends { seq: number; revision: number }>(rows: readonly R[]): { chain: R[]; superseded: R[] } {
  const chain: R[] = [];
  const superseded: R[] = [];
  for (const group of bySeq(rows)) {
    chain.push(group[group.length - 1]!);
    superseded.push(...group.slice(0, -1));
  }
  return { chain, superseded };
}

/** The row's own hash, and the stateHash its format requires or forbids. */
function rowProblem(caseId: string, r: ChainRow): ChainBreak | undefined {
  const format = HASH_FORMATS[r.hashFormat];
  if (!format) return at(r, 'unknown_hash_format', `event ${r.seq} has hash format ${r.hashFormat}, which no verifier knows`);
  if (r.stateHash === null || r.stateHash === undefined) {
    return at(r, 'state_hash_format', `event ${r.seq} lacks the stateHash its format ${r.hashFormat} covers`);
  }
  if (eventHash(r.prevHash, caseId, r, r.hashFormat) !== r.hash) return at(r, 'hash_mismatch', `event ${r.seq} (revision ${r.revision}) does not hash to its recorded hash: its content was changed`);
  return undefined;
}

/**
 * Checks seq continuity, prevHash linkage, every hash, the supersession rule (a lower revision has
 * the seq, prevHash and type of the chain's row, and no later time) and, when the last event
 * covers it, the stored state. `stored` null: the case row is missing; undefined: not checked
 * (e.g. an API answer without its recorded state).
 */
export function verifyChain(caseId: string, rows: readonly ChainRow[], stored?: { state: unknown } | null): ChainResult {
  const groups = bySeq(rows);
  const result = (broken?: ChainBreak): ChainResult => ({ events: rows.length, superseded: rows.length - groups.length, ...(broken ? { broken } : {}) });
  if (groups.length === 0) return result(stored ? at({ seq: 0, revision: 0 }, 'no_events', 'the case is recorded but has no events') : undefined);
  let prev = GENESIS_HASH;
  for (const [i, group] of groups.entries()) {
    const seq = i + 1;
    if (group[0]!.seq !== seq) return result(at({ seq, revision: 0 }, 'missing_event', `event ${seq} is missing (the next recorded is ${group[0]!.seq})`));
    const chainRow = group[group.length - 1]!;
    for (const [revision, r] of group.entries()) {
      if (r.revision !== revision) return result(at({ seq, revision }, 'missing_revision', `revision ${revision} of event ${seq} is missing`));
      if (r.prevHash !== prev) {
        const what = r !== chainRow ? `the superseded attempt ${revision} of event ${seq}` : `event ${seq}`;
        return result(at(r, 'prev_hash_mismatch', `${what} does not follow event ${seq - 1}`));
      }
      const problem = rowProblem(caseId, r);
      if (problem) return result(problem);
      // The recorder supersedes only the same step, run again later (activities/case/recorder.ts).
      if (r !== chainRow && (r.type !== chainRow.type || new Date(r.at).getTime() > new Date(chainRow.at).getTime())) {
        return result(at(r, 'not_an_earlier_attempt', `revision ${revision} of event ${seq} is not an earlier attempt of the step that supersedes it`));
      }
    }
    prev = chainRow.hash;
  }
  const last = groups[groups.length - 1]!;
  const tip = last[last.length - 1]!;
  if (stored === null) return result(at(tip, 'no_case_row', 'the events have no case row'));
  if (stored && stateHash(stored.state, tip.hashFormat) !== tip.stateHash) {
    const version = (stored.state as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > tip.seq) {
      return result(at({ seq: tip.seq + 1, revision: 0 }, 'chain_truncated', `the stored state is at version ${version} but the chain ends at event ${tip.seq}: later events are missing`));
    }
    return result(at(tip, 'state_mismatch', `the stored state is not the state event ${tip.seq} produced: it was changed`));
  }
  return result();
}
