// `npm run --silent audit:verify-case [-- --proof proof.json --key key.pem] < case.json`: a party
// checks its own case from the API's answers alone (docs/audit.md "Verifying a case"; Art. 29 records as
// evidence, Art. 35 tamper prevention). With --proof (GET /audit/checkpoints?caseId=…) and the
// public key it trusts, also the case's inclusion in the signed checkpoint (audit/proofs.ts).
// Reads the body of GET /share-requests/:id, recomputes every event's hash, the linkage and the
// supersession rule, and the hash of `recordedState` against the last event's stateHash. No database.
import { readFileSync } from 'node:fs';
import { verifyChain, type ChainRow } from '../audit/chain';
import { checkCaseInclusion } from '../audit/proofs';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

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
const covered = 'recordedState' in answer && head !== undefined;
if (result.broken) {
  const b = result.broken;
  process.stdout.write(`BROKEN ${answer.id}  seq ${b.seq} revision ${b.revision}  ${b.problem}: ${b.message}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(
    `${answer.id}: ${answer.events.length} events verify (${result.superseded} superseded attempts kept apart)` +
      `; ${covered ? `the recorded state is the one event ${head!.seq} produced` : 'the state is not checked (no recordedState)'}; chain head ${head?.hash ?? 'none'}\n`,
  );
}

const proofFile = option('--proof');
if (proofFile) {
  const proof = JSON.parse(readFileSync(proofFile, 'utf8'));
  const keyFile = option('--key');
  // Without --key, the key the answer names (pin it: a key you trust must come from elsewhere).
  // The key id is the hash of the PEM as published (one final newline): a saved copy is read the same way.
  const publicKey = keyFile ? `${readFileSync(keyFile, 'utf8').trimEnd()}\n` : proof.keys?.find((k: { keyId: string }) => k.keyId === proof.checkpoint?.keyId)?.publicKey;
  const check = checkCaseInclusion({ events: answer.events, checkpoint: proof.checkpoint, entries: proof.entries, publicKey: publicKey ?? '' });
  if (!check.ok) {
    for (const p of check.problems) process.stdout.write(`BROKEN ${answer.id}  ${p}\n`);
    process.exitCode = 1;
  } else {
    const n = proof.entries.length;
    process.stdout.write(
      `${answer.id}: ${n} events are in checkpoint size ${proof.checkpoint.treeSize} (root ${proof.checkpoint.rootHash}), signed by key ${proof.checkpoint.keyId}` +
        `${check.notInCheckpoint.length ? `; events ${check.notInCheckpoint.join(', ')} are newer than it` : ''}\n`,
    );
  }
}
