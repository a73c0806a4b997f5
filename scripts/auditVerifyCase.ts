// `npm run --silent audit:verify-case < case.json`: a party checks its own case from the API's
// answer alone (README "Verifying a case"; Art. 29 records as evidence, Art. 35 tamper prevention).
// Reads the body of GET /share-requests/:id, recomputes every event's hash, the linkage and the
// supersession rule, and the hash of `recordedState` against the last event's stateHash. No database.
import { readFileSync } from 'node:fs';
import { HASH_FORMATS } from '../activities/case/hash';
import { verifyChain, type ChainRow } from '../audit/chain';

interface CaseAnswer {
  id: string;
  events: ChainRow[];
  supersededEvents?: ChainRow[];
  recordedState?: unknown;
}

const answer = JSON.parse(readFileSync(0, 'utf8')) as CaseAnswer;
const rows = [...answer.events, ...(answer.supersededEvents ?? [])];
const result = verifyChain(answer.id, rows, 'recordedState' in answer ? { state: answer.recordedState } : undefined);
const head = answer.events[answer.events.length - 1];
const covered = 'recordedState' in answer && head !== undefined && HASH_FORMATS[head.hashFormat]?.coversState === true;
if (result.broken) {
  const b = result.broken;
  process.stdout.write(`BROKEN ${answer.id}  seq ${b.seq} revision ${b.revision}  ${b.problem}: ${b.message}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(
    `${answer.id}: ${answer.events.length} events verify (${result.superseded} superseded attempts kept apart)` +
      `; ${covered ? `the recorded state is the one event ${head!.seq} produced` : 'the state is not checked (no recordedState, or events before hash format 3)'}; chain head ${head?.hash ?? 'none'}\n`,
  );
}
