// `npm run audit:verify [-- --json]`: recomputes every case's hash chain and stored state, then the
// audit log (its leaves, roots, signatures and consistency, audit/verifyLog.ts) in the configured database (Art. 29 records as evidence; Art. 35 tamper prevention), prints each broken
// case with its first broken row and a summary; exit 1 if anything is broken. --json prints the
// NDJSON lines of GET /audit/verify instead. With the embedded PGlite, run it while `npm start` is stopped.
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { caseChains, runAudit, type AuditCheck, type AuditFinding } from '../audit/verifyChains';
import { merkleLogCheck } from '../audit/verifyLog';
import { cryptoSuite } from '../crypto/suite';

const json = process.argv.includes('--json');
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const describe = (f: AuditFinding) => `BROKEN ${f.caseId ?? '-'}  seq ${f.seq ?? '-'} revision ${f.revision ?? '-'}  ${f.problem}: ${f.message}  [${f.check}]`;

const config = loadConfig();
const database = await openDatabase(config.database);
try {
  const checks = [caseChains, merkleLogCheck({ suite: cryptoSuite(config.crypto.suite) }) as unknown as AuditCheck];
  const summary = await runAudit({ db: database.db, scope: {}, report: (f) => print(json ? JSON.stringify(f) : describe(f)) }, checks);
  if (json) print(JSON.stringify({ summary }));
  else {
    for (const [check, counts] of Object.entries(summary.checks)) print(`${check}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    print(summary.ok ? 'the record verifies: nothing is broken' : `${summary.broken} broken`);
  }
  process.exitCode = summary.ok ? 0 : 1;
} finally {
  await database.close();
}
